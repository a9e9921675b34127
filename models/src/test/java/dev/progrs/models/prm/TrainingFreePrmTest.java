package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingFreePrmTest {

    private static final CharTokenizer TOK = new CharTokenizer(ArithmeticSuite.ALPHABET);
    // mod 7: c = 3+5 = 1, d = 1*5 = 5, e = 5-2 = 3; answer "53".
    private static final String PROMPT = "a=3, b=5, z=2. c=a+b. d=c*b. e=d-z. What are d and e?";

    private static double[] firstLevel(ProcessRewardModel prm, String... lines) {
        double[][] q = prm.score(List.of(PrmSequence.ofText(TOK, PROMPT, List.of(lines)))).get(0);
        return Arrays.stream(q).mapToDouble(row -> {
            for (double v : row) {
                assertEquals(row[0], v, "every level holds the same confidence");
            }
            return row[0];
        }).toArray();
    }

    private static ProcessRewardModel load(String spec) {
        return ProcessRewardModels.load(spec, Device.cpu(), TOK, 7);
    }

    @Test
    void oracleKeepsConfidenceUntilTheFirstWrongStep() {
        ProcessRewardModel oracle = load("oracle");
        assertArrayEquals(new double[] {1, 1, 1, 1}, firstLevel(oracle, "c=3+5=1", "d=1*5=5", "e=5-2=3", "Answer: 53"));
        assertArrayEquals(new double[] {1, 0, 0, 0}, firstLevel(oracle, "c=3+5=1", "d=1*5=6", "e=6-2=4", "Answer: 64"));
        // right answer after a wrong step: the prefix is wrong from step 2 on
        assertArrayEquals(new double[] {1, 0, 0, 0}, firstLevel(oracle, "c=3+5=1", "d=1*5=6", "e=5-2=3", "Answer: 53"));
        assertEquals("oracle", oracle.name());
    }

    @Test
    void biasedIsBlindToSkippedStepsOnly() {
        ProcessRewardModel biased = load("biased");
        ProcessRewardModel oracle = load("oracle");
        String[] skipped = {"c=3+5=1", "e=1-2=6", "Answer: 16"};
        assertArrayEquals(new double[] {1, 1, 1}, firstLevel(biased, skipped));
        assertArrayEquals(new double[] {1, 0, 0}, firstLevel(oracle, skipped));
        // a slip and a wrong operand copy are still caught
        assertArrayEquals(new double[] {1, 0, 0, 0}, firstLevel(biased, "c=3+5=1", "d=1*5=6", "e=6-2=4", "Answer: 64"));
        assertArrayEquals(new double[] {1, 0, 0, 0}, firstLevel(biased, "c=3+5=1", "d=1*2=2", "e=2-2=0", "Answer: 20"));
        assertArrayEquals(new double[] {1, 1, 1, 1}, firstLevel(biased, "c=3+5=1", "d=1*5=5", "e=5-2=3", "Answer: 53"));
    }

    @Test
    void noisyOracleFlipsAboutItsShareAndIsDeterministic() {
        ProcessRewardModel noisy = load("noisy-oracle:0.3:5");
        ProcessRewardModel oracle = load("oracle");
        int flipped = 0;
        int total = 0;
        for (int v = 0; v < 200; v++) {
            String[] lines = {"c=3+5=" + (v % 7), "d=1*5=5", "e=5-2=3", "Answer: 5" + (v % 10)};
            double[] a = firstLevel(noisy, lines);
            assertArrayEquals(a, firstLevel(noisy, lines), "same trajectory, same scores");
            double[] o = firstLevel(oracle, lines);
            for (int t = 0; t < a.length; t++) {
                flipped += a[t] != o[t] ? 1 : 0;
                total++;
            }
        }
        double share = flipped / (double) total;
        assertTrue(share > 0.24 && share < 0.36, "flip share " + share);
        assertNotEquals(noisy.sha256(), oracle.sha256());
        assertEquals("noisy-oracle:0.3", noisy.name());
    }

    @Test
    void badSpecificationsNameTheAcceptedForms() {
        for (String bad : new String[] {"noisy-oracle", "noisy-oracle:0.9", "noisy-oracle:x", "no-such-prm", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(bad));
            assertTrue(e.getMessage().contains("oracle") && e.getMessage().contains("biased"), e.getMessage());
        }
    }
}
