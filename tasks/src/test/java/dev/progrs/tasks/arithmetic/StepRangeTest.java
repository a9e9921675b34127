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
        assertTrue(form.getMessage().contains("'4-7' is not N or MIN..MAX"), form.getMessage());
        var bounds = assertThrows(IllegalArgumentException.class, () -> StepRange.parse("1..12"));
        assertTrue(bounds.getMessage().contains("2 <= MIN <= MAX <= 10"), bounds.getMessage());
        var order = assertThrows(IllegalArgumentException.class, () -> StepRange.parse("7..4"));
        assertTrue(order.getMessage().contains("steps 7..4 is not accepted"), order.getMessage());
    }
}
