package dev.progrs.tasks.arithmetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepRangeTest {

    @Test
    void readsARangeAndASingleCountAndWritesTheFormItReads() {
        StepRange r = StepRange.parse(" 4..7 ");
        assertEquals(new StepRange(4, 7), r);
        assertEquals(4, r.levels());
        assertTrue(r.contains(4) && r.contains(7));
        assertFalse(r.contains(3) || r.contains(8));
        assertEquals(r, StepRange.parse(r.toString()));
        assertEquals(new StepRange(5, 5), StepRange.parse("5"));
    }

    @Test
    void aMalformedOrOutOfBoundsRangeNamesTheValueAndTheAcceptedForm() {
        var form = assertThrows(IllegalArgumentException.class, () -> StepRange.parse("4-7"));
        assertEquals("Invalid value '4-7' for configuration 'steps': accepted N or MIN..MAX, e.g. 4..7 (step counts 2 to 10)",
                form.getMessage());
        var bounds = assertThrows(IllegalArgumentException.class, () -> StepRange.parse("1..12"));
        assertEquals("Invalid value '1..12' for configuration 'steps': accepted MIN..MAX with 2 <= MIN <= MAX <= 10, e.g. 4..7",
                bounds.getMessage());
        var order = assertThrows(IllegalArgumentException.class, () -> StepRange.parse("7..4"));
        assertTrue(order.getMessage().startsWith("Invalid value '7..4' for configuration 'steps': accepted "), order.getMessage());
    }
}
