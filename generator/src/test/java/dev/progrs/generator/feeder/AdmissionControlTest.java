package dev.progrs.generator.feeder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.progrs.stage.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    @Test
    void capacityIsTheBoundMinusWhatWasPublished() {
        AdmissionControl a = new AdmissionControl(2, 16);
        // (2 + 0 + 1) * 16 = 48 at the warm start
        assertEquals(48, a.limit(0));
        assertEquals(48, a.capacity(0, 0));
        assertEquals(8, a.capacity(0, 40));
        assertEquals(0, a.capacity(0, 48));
        // version 3: (2 + 3 + 1) * 16 = 96
        assertEquals(96 - 50, a.capacity(3, 50));
    }

    @Test
    void capacityNeverGoesNegativeWhenMoreWasPublishedThanTheBound() {
        assertEquals(0, new AdmissionControl(1, 4).capacity(0, 100));
    }

    @Test
    void noVersionYetCountsAsTheWarmStart() {
        AdmissionControl a = new AdmissionControl(2, 16);
        assertEquals(a.capacity(0, 10), a.capacity(-1, 10));
    }

    @Test
    void eachNewVersionAdmitsOneMoreBatch() {
        AdmissionControl a = new AdmissionControl(0, 8);
        long published = 0;
        for (long v = 0; v < 5; v++) {
            long c = a.capacity(v, published);
            assertEquals(8, c, "version " + v);
            published += c;
            assertEquals(0, a.capacity(v, published));
        }
    }

    @Test
    void invalidSettingsNameTheKey() {
        assertEquals("max-staleness", assertThrows(InvalidSettingException.class, () -> new AdmissionControl(-1, 4)).key());
        assertEquals("Invalid value '0' for configuration 'batch-groups': accepted an integer >= 1",
                assertThrows(InvalidSettingException.class, () -> new AdmissionControl(1, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AdmissionControl(1, 1).capacity(0, -1));
    }
}
