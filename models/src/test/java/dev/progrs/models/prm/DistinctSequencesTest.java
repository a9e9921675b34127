package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctSequencesTest {

    private static final PrmSequence A = new PrmSequence(new int[] {1, 5, 6, 7}, new int[] {3});
    private static final PrmSequence A_AGAIN = new PrmSequence(new int[] {1, 5, 6, 7}, new int[] {3});
    private static final PrmSequence A_OTHER_BOUNDARY = new PrmSequence(new int[] {1, 5, 6, 7}, new int[] {2});
    private static final PrmSequence B = new PrmSequence(new int[] {1, 5, 9, 7}, new int[] {3});

    @Test
    void equalTokensAndBoundariesCollapseToTheFirstOccurrence() {
        DistinctSequences d = DistinctSequences.of(List.of(A, B, A_AGAIN, A_OTHER_BOUNDARY, B));
        assertEquals(List.of(A, B, A_OTHER_BOUNDARY), d.distinct());
        assertArrayEquals(new int[] {0, 1, 0, 2, 1}, d.source());
        assertEquals(List.of("a", "b", "a", "c", "b"), d.expand(List.of("a", "b", "c")));
    }

    @Test
    void expandNeedsOneResultPerDistinctSequence() {
        DistinctSequences d = DistinctSequences.of(List.of(A, B));
        var e = assertThrows(IllegalArgumentException.class, () -> d.expand(List.of("a")));
        assertEquals("1 results for 2 distinct sequences", e.getMessage());
    }
}
