package dev.progrs.scorer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.progrs.stage.settings.InvalidSettingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScorerWorkerConfigTest {

    private static final ScorerWorkerConfig D = ScorerWorkerConfig.defaults("127.0.0.1:9092");

    @Test
    void badSettingsAreRefusedNamingTheKeyTheValueAndWhatIsAccepted() {
        assertEquals("Invalid value '0' for configuration 'max-poll-records': accepted an integer >= 1",
                assertThrows(InvalidSettingException.class, () -> D.withMaxPollRecords(0)).getMessage());
        assertEquals("prm-sha256", assertThrows(InvalidSettingException.class, () -> D.withExpectedPrmSha256("ABC")).key());
        assertEquals("group-id", assertThrows(InvalidSettingException.class, () -> D.withGroupId(" ")).key());
        var e = assertThrows(InvalidSettingException.class, () -> new ScorerWorkerConfig("127.0.0.1:9092", "g", "in", "out",
                "dlq", "s", 1, Duration.ZERO, null, null));
        assertEquals("poll-timeout", e.key());
        assertEquals("PT0S", e.value());
    }
}
