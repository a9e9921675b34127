package dev.progrs.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignalDriftTest {
    /** Detections on series {@code x}: 60 values around 0.5, then 30 around {@code after} (noise σ 0.02). */
    private static List<SignalDrift.SignalDetection> run(String direction, double after) {
        SignalDrift drift = new SignalDrift(DriftConfig.fromSettings(Map.of(DriftConfig.DIRECTION_PREFIX + "x", direction)));
        Random r = new Random(3);
        List<SignalDrift.SignalDetection> out = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            out.addAll(drift.update(Map.of("x", (i < 60 ? 0.5 : after) + 0.02 * r.nextGaussian())));
        }
        return out;
    }

    @Test
    void aOneSidedSeriesAlertsOnAShiftInItsDirection() {
        List<SignalDrift.SignalDetection> up = run("up", 0.7);
        assertEquals(1, up.size(), "one shift, one alert: " + up);
        assertEquals(Direction.UP, up.get(0).detection().direction());
    }

    @Test
    void aOneSidedSeriesRaisesNothingOnAShiftTheOtherWay() {
        assertEquals(List.of(), run("up", 0.3));
        assertEquals(List.of(), run("down", 0.7));
    }

    @Test
    void aTwoSidedSeriesAlertsEitherWay() {
        assertTrue(run("both", 0.3).stream().anyMatch(d -> d.detection().direction() == Direction.DOWN));
        assertTrue(run("both", 0.7).stream().anyMatch(d -> d.detection().direction() == Direction.UP));
    }
}
