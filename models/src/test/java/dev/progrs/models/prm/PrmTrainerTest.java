package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrmTrainerTest {

    @Test
    void aFewStepsOnSyntheticLabelsReduceThePinballLoss() {
        SplittableRandom rng = new SplittableRandom(17);
        List<PrmExample> data = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            PrmSequence s = TinyPrms.randomSequence(rng, 10 + rng.nextInt(20), 3);
            // the label depends on the token at the boundary: learnable, far from the uniform start
            double[] y = new double[3];
            for (int t = 0; t < 3; t++) {
                y[t] = s.tokenIds()[s.boundaries()[t]] % 2 == 0 ? 0.95 : 0.05;
            }
            data.add(new PrmExample(s, y));
        }
        try (PrmModel prm = TinyPrms.create(1); PrmTrainer trainer = new PrmTrainer(prm, 3e-3f)) {
            double before = trainer.evaluate(data, 16);
            for (int step = 0; step < 40; step++) {
                trainer.step(data.subList((step % 2) * 16, (step % 2) * 16 + 16));
            }
            double after = trainer.evaluate(data, 16);
            assertTrue(after < 0.7 * before, "pinball loss " + before + " -> " + after);
        }
    }
}
