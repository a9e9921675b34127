package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.progrs.models.transformer.PositionScheme;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrmGroupScoringTest {

    /** Groups of 1, 3 and 5 rows with prefixes of 4, 13 and 21 tokens; responses of 0..40 tokens, some without a step. */
    private static List<PrmGroup> groups(SplittableRandom rng) {
        List<PrmGroup> out = new ArrayList<>();
        int[][] shapes = {{4, 1}, {13, 3}, {21, 5}};
        for (int[] shape : shapes) {
            PrmSequence prefixSource = TinyPrms.randomSequence(rng, shape[0], 0);
            List<PrmSequence> rows = new ArrayList<>();
            for (int i = 0; i < shape[1]; i++) {
                int response = i == 1 ? 0 : 1 + rng.nextInt(40);
                PrmSequence tail = TinyPrms.randomSequence(rng, response + 1, response == 0 ? 0 : 1 + rng.nextInt(Math.min(6, response)));
                int[] ids = Arrays.copyOf(prefixSource.tokenIds(), shape[0] + response);
                System.arraycopy(tail.tokenIds(), 1, ids, shape[0], response);
                int[] bounds = Arrays.stream(tail.boundaries()).map(b -> b - 1 + shape[0]).toArray();
                rows.add(new PrmSequence(ids, bounds));
            }
            out.add(new PrmGroup(shape[0], rows));
        }
        // a group with repeated rows (scored once, copied) and a row with the same tokens but other boundaries
        PrmGroup last = out.get(2);
        PrmSequence first = last.sequences().get(0);
        List<PrmSequence> repeated = new ArrayList<>(last.sequences());
        repeated.add(1, new PrmSequence(first.tokenIds().clone(), first.boundaries().clone()));
        repeated.add(first);
        int lastToken = first.length() - 1;
        if (first.steps() > 0 && first.boundaries()[first.steps() - 1] != lastToken) {
            int[] other = Arrays.copyOf(first.boundaries(), first.steps());
            other[first.steps() - 1] = lastToken;
            repeated.add(new PrmSequence(first.tokenIds(), other));
        }
        out.add(new PrmGroup(last.prefixLength(), repeated));
        return out;
    }

    /** The same groups with each row's response start at its group's prefix length (what the scorer builds). */
    private static List<PrmGroup> withResponseStarts(List<PrmGroup> groups) {
        List<PrmGroup> out = new ArrayList<>();
        for (PrmGroup g : groups) {
            out.add(new PrmGroup(g.prefixLength(), g.sequences().stream()
                    .map(q -> new PrmSequence(q.tokenIds(), q.boundaries(), g.prefixLength())).toList()));
        }
        return out;
    }

    private static void assertGroupScoresEqualOneAtATime(PrmConfig config) {
        assertGroupScoresEqualOneAtATime(config, groups(new SplittableRandom(5)));
    }

    private static void assertGroupScoresEqualOneAtATime(PrmConfig config, List<PrmGroup> groups) {
        try (PrmModel prm = PrmModel.create(config, TinyPrms.TOKENIZER, Device.cpu(), 7)) {
            // Large random weights make every quantile depend strongly on tokens and positions, so a
            // wrong position or a leaked padding key shows far above the 1e-5 tolerance.
            SplittableRandom w = new SplittableRandom(9);
            for (var p : prm.network().getParameters()) {
                NDArray a = p.getValue().getArray();
                float[] v = new float[(int) a.getShape().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (w.nextGaussian() * 0.5);
                }
                a.set(v);
            }
            double spread = 0;
            List<double[][]> shared = prm.scoreGroups(groups);
            int n = 0;
            for (PrmGroup g : groups) {
                for (PrmSequence s : g.sequences()) {
                    double[][] alone = prm.score(List.of(s)).get(0);
                    double[][] got = shared.get(n++);
                    assertEquals(alone.length, got.length, "steps of row " + (n - 1));
                    for (int t = 0; t < alone.length; t++) {
                        for (int k = 0; k < alone[t].length; k++) {
                            assertEquals(alone[t][k], got[t][k], 1e-5, "row " + (n - 1) + " step " + t + " level " + k);
                            spread = Math.max(spread, Math.abs(alone[t][k] - shared.get(0)[0][k]));
                        }
                    }
                }
            }
            assertEquals(n, shared.size());
            assertTrue(spread > 0.05, "the test PRM must tell inputs apart; largest difference from row 0 " + spread);
        }
    }

    @Test
    void sharedPrefixScoresEqualOneAtATimeWithLearnedPositions() {
        assertGroupScoresEqualOneAtATime(TinyPrms.config());
    }

    @Test
    void sharedPrefixScoresEqualOneAtATimeWithAlibi() {
        PrmConfig c = TinyPrms.config();
        assertGroupScoresEqualOneAtATime(new PrmConfig(c.architecture().withPositions(PositionScheme.ALIBI), c.quantileLevels()));
    }

    @Test
    void sharedPrefixScoresEqualOneAtATimeWithTokenSurprise() {
        PrmConfig c = TinyPrms.config();
        PrmConfig surprise = new PrmConfig(c.architecture().withPositions(PositionScheme.ALIBI), c.quantileLevels(), true);
        assertGroupScoresEqualOneAtATime(surprise, withResponseStarts(groups(new SplittableRandom(5))));
    }

    @Test
    void aGroupWhoseSequencesDoNotShareThePrefixIsRefused() {
        PrmSequence a = new PrmSequence(new int[] {1, 5, 6, 7}, new int[] {3});
        PrmSequence b = new PrmSequence(new int[] {1, 5, 9, 7}, new int[] {3});
        var e = assertThrows(IllegalArgumentException.class, () -> new PrmGroup(3, List.of(a, b)));
        assertEquals("sequence 1 of the group does not begin with the group's 3-token prefix", e.getMessage());
    }

    @Test
    void aBoundaryInsideThePrefixIsRefused() {
        PrmSequence a = new PrmSequence(new int[] {1, 5, 6, 7}, new int[] {1, 3});
        assertThrows(IllegalArgumentException.class, () -> new PrmGroup(3, List.of(a)));
    }
}
