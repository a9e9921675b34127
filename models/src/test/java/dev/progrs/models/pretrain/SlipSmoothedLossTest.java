package dev.progrs.models.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.models.policy.TinyPolicies;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlipSmoothedLossTest {

    private static final CharTokenizer TOK = TinyPolicies.TOKENIZER;

    @Test
    void theResultMaskMarksWhatFollowsTheLastEqualsOfEveryStepLineOnly() {
        String solution = "d=b+c=1+6=0\ne=d-a=0-2=5\nAnswer: 05";
        float[] mask = SlipTargets.resultMask(solution);
        assertEquals(solution.length() + 1, mask.length, "one value per completion token, EOS included");
        for (int j = 0; j < mask.length; j++) {
            boolean result = j == 10 || j == 22;
            assertEquals(result ? 1f : 0f, mask[j], "token " + j + (j < solution.length() ? " '" + solution.charAt(j) + "'" : " EOS"));
        }
    }

    @Test
    void residueTokensAreTheDigitsBelowTheModulusAndLargerModuliAreRefused() {
        float[] residues = SlipTargets.residueTokens(TOK, 7);
        int ones = 0;
        for (float r : residues) {
            ones += (int) r;
        }
        assertEquals(7, ones);
        assertEquals(1f, residues[TOK.encode("6")[0]]);
        assertEquals(0f, residues[TOK.encode("7")[0]]);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> SlipTargets.residueTokens(TOK, 11));
        assertTrue(ex.getMessage().contains("modulus 11") && ex.getMessage().contains("2..10"), ex.getMessage());
    }

    @Test
    void slipSmoothedLossMatchesAHandComputationAndIsThePlainLossAtZero() {
        try (PolicyModel model = TinyPolicies.create(7); NDManager m = model.manager().newSubManager()) {
            String[] solutions = {"c=a+b=3+4=0\nAnswer: 0", "b=a*a=2*2=4\nAnswer: 4"};
            SequenceBatch b = SequenceBatch.of(m,
                    List.of(PromptFormat.promptIds(TOK, "a=3, b=4. c=a+b. What is c?"), PromptFormat.promptIds(TOK, "a=2. b=a*a. What is b?")),
                    List.of(PromptFormat.completionIds(TOK, solutions[0]), PromptFormat.completionIds(TOK, solutions[1])),
                    model.config().context());
            NDArray results = b.alignCompletionValues(m, List.of(SlipTargets.resultMask(solutions[0]), SlipTargets.resultMask(solutions[1])));
            float[] residues = SlipTargets.residueTokens(TOK, 7);
            float plain = SupervisedLoss.of(model, b).getFloat();
            assertEquals(plain, SupervisedLoss.of(model, b, null, results, m.create(residues), 0.0).getFloat(), 0f);

            double eps = 0.25;
            float[] lp = model.network().logits(b.ids(), b.mask()).get(":, :-1, :").logSoftmax(-1).toFloatArray();
            long[] ids = b.ids().toLongArray();
            float[] target = b.targetMask().toFloatArray();
            float[] slip = results.toFloatArray();
            int len = (int) b.ids().getShape().get(1);
            int v = TOK.vocabSize();
            double sum = 0;
            int n = 0;
            int slipped = 0;
            for (int r = 0; r < 2; r++) {
                for (int t = 0; t < len - 1; t++) {
                    int g = r * (len - 1) + t;
                    if (target[g] == 0) {
                        continue;
                    }
                    int y = (int) ids[r * len + t + 1];
                    double term = lp[g * v + y];
                    if (slip[g] == 1f) {
                        double others = 0;
                        for (int k = 0; k < v; k++) {
                            if (residues[k] == 1f && k != y) {
                                others += lp[g * v + k] / 6;
                            }
                        }
                        term = (1 - eps) * term + eps * others;
                        slipped++;
                    }
                    sum += term;
                    n++;
                }
            }
            assertEquals(2, slipped, "one result per solution");
            assertEquals(-sum / n, SupervisedLoss.of(model, b, null, results, m.create(residues), eps).getFloat(), 1e-4);
        }
    }

    @Test
    void aSlippedContextShowsOneWrongResultThatIsNotATargetAndLeavesTheStreamAloneAtShareZero() {
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.v1());
        WarmStartData plain = new WarmStartData(suite, TOK, 7, 2, 7, 0);
        WarmStartData zero = new WarmStartData(suite, TOK, 7, 2, 7, 0, 0);
        WarmStartData all = new WarmStartData(suite, TOK, 7, 2, 7, 0, 1);
        for (int i = 0; i < 200; i++) {
            WarmStartData.Example ref = plain.example(i);
            assertArrayEquals(ref.completion(), zero.example(i).completion(), "share 0 is the old stream");
            WarmStartData.Example x = all.example(i);
            assertTrue(x.slipped());
            assertArrayEquals(ref.prompt(), x.prompt());
            int[] a = ref.completion();
            int[] b = x.completion();
            int firstDifference = 0;
            while (a[firstDifference] == b[firstDifference]) {
                firstDifference++;
            }
            int zeros = 0;
            for (int j = 0; j < b.length; j++) {
                zeros += x.lossWeights()[j] == 0f ? 1 : 0;
            }
            assertEquals(1, zeros, "one token is context only");
            assertEquals(0f, x.lossWeights()[firstDifference], "the first changed token is the slipped result: " + TOK.decode(b));
            assertEquals(1f, x.resultMask()[firstDifference], "and it is a step's result");
        }
    }

    @Test
    void aSlipRateOutsideItsRangeIsRejectedWithTheAcceptedValues() {
        WarmStartConfig d = WarmStartConfig.defaults();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new WarmStartConfig(d.steps(), d.minutes(),
                d.seed(), d.batchSize(), d.lr(), d.lrFinal(), d.warmupSteps(), d.decayStart(), d.clipGrad(), d.flawedShare(),
                d.minSteps(), d.maxSteps(), d.evalEvery(), d.evalSubset(), Path.of("x"), 0, 0.5, 0.0));
        assertTrue(ex.getMessage().contains("slip-rate") && ex.getMessage().contains("[0, 0.5)"), ex.getMessage());
    }
}
