package dev.progrs.models.pretrain;

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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSmoothingLossTest {

    private static final CharTokenizer TOK = TinyPolicies.TOKENIZER;

    @Test
    void smoothedLossIsTheMixOfTheTargetAndTheVocabularyMeanLogProbability() {
        try (PolicyModel model = TinyPolicies.create(7); NDManager m = model.manager().newSubManager()) {
            SequenceBatch b = SequenceBatch.of(m,
                    List.of(PromptFormat.promptIds(TOK, "a=3, b=4. c=a+b. What is c?"), PromptFormat.promptIds(TOK, "a=2. b=a*3. What is b?")),
                    List.of(PromptFormat.completionIds(TOK, "c=3+4=7\nAnswer: 7"), PromptFormat.completionIds(TOK, "b=6\nAnswer: 6")),
                    model.config().context());
            float plain = SupervisedLoss.of(model, b).getFloat();
            assertEquals(plain, SupervisedLoss.of(model, b, null, 0.0).getFloat(), 0f, "epsilon 0 is the plain loss");

            // by hand: per target token, (1-e)·log p(y) + e·mean_v log p(v), averaged over the completion targets
            float[] lp = model.network().logits(b.ids(), b.mask()).get(":, :-1, :").logSoftmax(-1).toFloatArray();
            long[] ids = b.ids().toLongArray();
            float[] target = b.targetMask().toFloatArray();
            int rows = (int) b.ids().getShape().get(0);
            int len = (int) b.ids().getShape().get(1);
            int v = TOK.vocabSize();
            double e = 0.05;
            double sum = 0;
            double n = 0;
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < len - 1; t++) {
                    if (target[r * (len - 1) + t] == 0) {
                        continue;
                    }
                    int base = (r * (len - 1) + t) * v;
                    double mean = 0;
                    for (int k = 0; k < v; k++) {
                        mean += lp[base + k] / v;
                    }
                    sum += (1 - e) * lp[base + (int) ids[r * len + t + 1]] + e * mean;
                    n++;
                }
            }
            float smoothed = SupervisedLoss.of(model, b, null, e).getFloat();
            assertEquals(-sum / n, smoothed, 1e-4, "smoothed loss by hand");
        }
    }

    @Test
    void labelSmoothingOutsideItsRangeIsRejectedWithTheAcceptedValues() {
        WarmStartConfig d = WarmStartConfig.defaults();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new WarmStartConfig(d.steps(), d.minutes(),
                d.seed(), d.batchSize(), d.lr(), d.lrFinal(), d.warmupSteps(), d.decayStart(), d.clipGrad(), d.flawedShare(),
                d.minSteps(), d.maxSteps(), d.evalEvery(), d.evalSubset(), Path.of("x"), 0, 0.5));
        assertTrue(ex.getMessage().contains("label-smoothing") && ex.getMessage().contains("[0, 0.5)"), ex.getMessage());
    }
}
