package dev.progrs.centering.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.BonusScale;
import dev.progrs.centering.maths.CenteringMode;
import dev.progrs.stage.settings.InvalidSettingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class CenteringConfigsTest {

    @Test
    void streamsPropertiesUseExactlyOnceV2ByDefault() {
        CenteringAppConfig c = CenteringAppConfig.fromSettings(Map.of("bootstrap-servers", "b:9092"));
        Properties p = c.streamsProperties();
        assertEquals("exactly_once_v2", p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("progrs-centering", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("b:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals(100L, p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(1, p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    }

    @Test
    void everyKeyIsReadFromOneSettingsMap() {
        CenteringAppConfig c = CenteringAppConfig.fromSettings(Map.ofEntries(
                Map.entry("application-id", "replay-1"), Map.entry("bootstrap-servers", "x:1"),
                Map.entry("state-dir", "/tmp/s"), Map.entry("threads", "3"),
                Map.entry("processing-guarantee", "at_least_once"), Map.entry("commit-interval", "250ms"),
                Map.entry("timeout", "2m"), Map.entry("max-staleness", "4"), Map.entry("punctuate-interval", "PT0.5S"),
                Map.entry("closed-retention", "0s"), Map.entry("centering", "both"), Map.entry("lambda", "0.3"),
                Map.entry("bonus-scale", "std"),
                Map.entry("input-topic", "in"), Map.entry("output-topic", "out"),
                Map.entry("streams.consumer.session.timeout.ms", "6000")));
        assertEquals("6000", c.streamsProperties().get("consumer.session.timeout.ms"));
        assertEquals("replay-1", c.applicationId());
        assertEquals(Path.of("/tmp/s"), c.stateDir());
        assertEquals(3, c.threads());
        assertEquals(Duration.ofMillis(250), c.commitInterval());
        assertEquals(Duration.ofMinutes(2), c.topology().timeout());
        assertEquals(4, c.topology().maxStaleness());
        assertEquals(Duration.ofMillis(500), c.topology().punctuateInterval());
        assertEquals(Duration.ZERO, c.topology().closedRetention());
        assertEquals(CenteringMode.BOTH, c.topology().centering().centering());
        assertEquals(0.3, c.topology().centering().lambda());
        assertEquals(BonusScale.STD, c.topology().centering().bonusScale());
        assertEquals("in", c.topology().inputTopic());
        assertEquals("out", c.topology().outputTopic());
        assertTrue(c.describe().contains("centering=both") && c.describe().contains("bonus-scale=std"), c.describe());
    }

    @Test
    void badValuesNameTheirKey() {
        assertKey("timeout", Map.of("timeout", "30"));
        assertKey("timeout", Map.of("timeout", "0s"));
        assertKey("max-staleness", Map.of("max-staleness", "-1"));
        assertKey("threads", Map.of("threads", "0"));
        assertKey("processing-guarantee", Map.of("processing-guarantee", "exactly_once"));
        assertKey("application-id", Map.of("application-id", "a b"));
        assertKey("output-topic", Map.of("input-topic", "t", "output-topic", "t"));
        assertKey("centering", Map.of("centering", "x"));
        assertKey("bonus-scale", Map.of("bonus-scale", "unit"));
        assertKey("max-input-gap", Map.of("max-input-gap", "0s"));
        assertKey("max-input-gap", Map.of("timeout", "30s", "max-input-gap", "30s"));
    }

    @Test
    void theInputGapBoundDefaultsToFiveSecondsOrATenthOfAShortTimeout() {
        assertEquals(Duration.ofSeconds(5), CenteringAppConfig.fromSettings(Map.of()).topology().maxInputGap());
        assertEquals(Duration.ofMillis(800), CenteringAppConfig.fromSettings(Map.of("timeout", "8s")).topology().maxInputGap());
        assertEquals(Duration.ofSeconds(2), CenteringAppConfig.fromSettings(Map.of("max-input-gap", "2s")).topology().maxInputGap());
        assertTrue(CenteringAppConfig.fromSettings(Map.of()).describe().contains("max-input-gap=5s"));
    }

    private static void assertKey(String key, Map<String, String> settings) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> CenteringAppConfig.fromSettings(settings));
        assertEquals(key, e.key(), e.getMessage());
    }
}
