package dev.progrs.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The back-off of the REST client: its formula on hand-computed numbers, its bounds and its settings. */
class RegistryRetryPolicyTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(RegistryRetryPolicy.ATTEMPTS_CONFIG);
        System.clearProperty(RegistryRetryPolicy.INITIAL_BACKOFF_CONFIG);
        System.clearProperty(RegistryRetryPolicy.MAX_BACKOFF_CONFIG);
    }

    @Test
    void theBackOffDoublesFromTheInitialWaitUpToTheCap() {
        RegistryRetryPolicy p = new RegistryRetryPolicy(7, Duration.ofMillis(250), Duration.ofSeconds(4));
        // min(4000, 250 * 2^(k-1)) for k = 1..6: 250, 500, 1000, 2000, 4000, 4000
        assertEquals(List.of(250L, 500L, 1000L, 2000L, 4000L, 4000L),
                IntStream.rangeClosed(1, 6).mapToObj(k -> p.backoff(k).toMillis()).toList());
        assertEquals(Duration.ofMillis(11_750), p.totalBackoff());
    }

    @Test
    void theDefaultsWaitUnderFourSecondsInAll() {
        // 250 + 500 + 1000 + 2000 between the 5 attempts
        assertEquals(Duration.ofMillis(3750), RegistryRetryPolicy.defaults().totalBackoff());
        assertEquals(Duration.ZERO, RegistryRetryPolicy.none().totalBackoff());
    }

    @Test
    void systemPropertiesSetThePolicy() {
        System.setProperty(RegistryRetryPolicy.ATTEMPTS_CONFIG, "3");
        System.setProperty(RegistryRetryPolicy.INITIAL_BACKOFF_CONFIG, "100");
        System.setProperty(RegistryRetryPolicy.MAX_BACKOFF_CONFIG, "150");

        assertEquals(new RegistryRetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(150)), RegistryRetryPolicy.fromSystemProperties());
    }

    @Test
    void noPropertiesGiveTheDefaults() {
        assertEquals(RegistryRetryPolicy.defaults(), RegistryRetryPolicy.fromSystemProperties());
    }

    @Test
    void aBadValueNamesThePropertyAndWhatIsAccepted() {
        System.setProperty(RegistryRetryPolicy.ATTEMPTS_CONFIG, "0");
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, RegistryRetryPolicy::fromSystemProperties);
        assertEquals("progrs.registry.retry.attempts=0 is invalid; accepted: 1..100 (1 = no retry)", zero.getMessage());

        System.setProperty(RegistryRetryPolicy.ATTEMPTS_CONFIG, "many");
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class, RegistryRetryPolicy::fromSystemProperties);
        assertEquals("progrs.registry.retry.attempts=many is not an integer; accepted: 1..100", word.getMessage());
    }

    @Test
    void theCapMayNotBeBelowTheInitialWait() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RegistryRetryPolicy(3, Duration.ofMillis(500), Duration.ofMillis(100)));
        assertTrue(e.getMessage().startsWith("progrs.registry.retry.backoff.max.ms=100 is invalid; accepted: 500"), e.getMessage());
    }
}
