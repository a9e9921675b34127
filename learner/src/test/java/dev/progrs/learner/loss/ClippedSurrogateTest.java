package dev.progrs.learner.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.progrs.stage.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** The surrogate on hand-made log-probs: values, clipping of the gradient, metrics, k3. */
class ClippedSurrogateTest {

    private static final float[] RATIOS = {0.5f, 0.9f, 1.0f, 1.1f, 1.5f, 3.0f};

    /** Gradient of L w.r.t. log π_θ for one row with the given ratios and advantage. */
    private static float[] gradient(ClippedSurrogate s, float[] ratios, float advantage, SurrogateTerms.Values[] out) {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = ratios.length;
            float[] theta = new float[n];
            float[] behave = new float[n];
            float[] mask = new float[n];
            for (int i = 0; i < n; i++) {
                theta[i] = -1.0f - 0.1f * i;
                behave[i] = (float) (theta[i] - Math.log(ratios[i]));
                mask[i] = 1;
            }
            NDArray lp = m.create(theta, new Shape(1, n));
            lp.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                SurrogateTerms t = s.evaluate(lp, m.create(behave, new Shape(1, n)), m.create(new float[] {advantage}, new Shape(1, 1)),
                        m.create(mask, new Shape(1, n)), null);
                gc.backward(t.loss());
                if (out != null) {
                    out[0] = t.values();
                }
            }
            return lp.getGradient().toFloatArray();
        }
    }

    @Test
    void positiveAdvantageTokensAboveOnePlusEpsGetNoGradientOthersGetMinusARhoOverN() {
        ClippedSurrogate s = new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF);
        float[] g = gradient(s, RATIOS, 1f, null);
        float n = RATIOS.length;
        assertArrayEquals(new float[] {-0.5f / n, -0.9f / n, -1f / n, -1.1f / n, 0f, 0f}, g, 1e-5f);
    }

    @Test
    void negativeAdvantageTokensBelowOneMinusEpsGetNoGradientAboveOnePlusEpsStillDo() {
        ClippedSurrogate s = new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF);
        float[] g = gradient(s, RATIOS, -1f, null);
        float n = RATIOS.length;
        // L = −min(−ρ, −clip(ρ)) = max(ρ, clip ρ): the clip only binds below 1 − ε (ρ = 0.5).
        assertArrayEquals(new float[] {0f, 0.9f / n, 1f / n, 1.1f / n, 1.5f / n, 3.0f / n}, g, 1e-5f);
    }

    @Test
    void asymmetricEpsilonsClipAtTheirOwnBounds() {
        ClippedSurrogate s = new ClippedSurrogate(0.05, 0.6, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF);
        float n = RATIOS.length;
        // A > 0: only ρ > 1.6 (3.0) is cut
        assertArrayEquals(new float[] {-0.5f / n, -0.9f / n, -1f / n, -1.1f / n, -1.5f / n, 0f}, gradient(s, RATIOS, 1f, null), 1e-5f);
        // A < 0: ρ < 0.95 (0.5, 0.9) are cut
        assertArrayEquals(new float[] {0f, 0f, 1f / n, 1.1f / n, 1.5f / n, 3f / n}, gradient(s, RATIOS, -1f, null), 1e-5f);
    }

    @Test
    void lossAndDiagnosticsMatchHandComputedValues() {
        ClippedSurrogate s = new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF);
        SurrogateTerms.Values[] v = new SurrogateTerms.Values[1];
        gradient(s, RATIOS, 2f, v);
        // A = 2: min(ρA, clip(ρ)A) = 2·{0.5, 0.9, 1, 1.1, 1.2, 1.2}
        double expectedLoss = -2 * (0.5 + 0.9 + 1 + 1.1 + 1.2 + 1.2) / 6;
        assertEquals(expectedLoss, v[0].loss(), 1e-5);
        assertEquals(6, v[0].tokens(), 0);
        assertEquals(2 / 6.0, v[0].clipFractionHigh(), 1e-6);
        assertEquals(0, v[0].clipFractionLow(), 1e-6);
        double kl = 0;
        double mean = 0;
        for (float r : RATIOS) {
            kl += r - 1 - Math.log(r);
            mean += r;
        }
        assertEquals(kl / 6, v[0].approxKl(), 1e-5);
        assertEquals(mean / 6, v[0].ratioMean(), 1e-5);
        assertEquals(3.0, v[0].ratioMax(), 1e-5);
        gradient(s, RATIOS, -2f, v);
        assertEquals(1 / 6.0, v[0].clipFractionLow(), 1e-6);
        assertEquals(0, v[0].clipFractionHigh(), 1e-6);
    }

    @Test
    void paddingPositionsNeitherCountNorOverflow() {
        ClippedSurrogate s = new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF);
        try (NDManager m = NDManager.newBaseManager()) {
            // the padded position holds a log-ratio of 200: exp would overflow if it were not masked
            NDArray lp = m.create(new float[] {-1f, 100f}, new Shape(1, 2));
            NDArray behave = m.create(new float[] {-1f, -100f}, new Shape(1, 2));
            SurrogateTerms.Values v = s.evaluate(lp, behave, m.create(new float[] {1f}, new Shape(1, 1)),
                    m.create(new float[] {1f, 0f}, new Shape(1, 2)), null).values();
            assertEquals(-1.0, v.loss(), 1e-6);
            assertEquals(1.0, v.ratioMax(), 1e-6);
            assertEquals(1, v.tokens(), 0);
        }
    }

    @Test
    void anAbsurdBehaviourLogProbGivesAFiniteLossAndGradient() {
        ClippedSurrogate s = new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lp = m.create(new float[] {-1f, -2f}, new Shape(1, 2));
            lp.setRequiresGradient(true);
            // −1e9 for a token the sampler masked: log ρ = 1e9 − 1 would overflow exp; A < 0 keeps the unclipped branch
            NDArray behave = m.create(new float[] {-1e9f, -2f}, new Shape(1, 2));
            SurrogateTerms.Values v;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                SurrogateTerms t = s.evaluate(lp, behave, m.create(new float[] {-1f}, new Shape(1, 1)), m.create(new float[] {1f, 1f}, new Shape(1, 2)), null);
                gc.backward(t.loss());
                v = t.values();
            }
            assertEquals((Math.exp(20) + 1) / 2, v.loss(), 1e-3 * Math.exp(20));
            assertEquals(Math.exp(20), v.ratioMax(), 1e-3 * Math.exp(20));
            // bounded token: no gradient; the ordinary token: −A·ρ/N = 0.5
            assertArrayEquals(new float[] {0f, 0.5f}, lp.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void theDualClipCapsTheLossOfNegativeAdvantageTokensAboveCAndZeroesTheirGradient() {
        ClippedSurrogate s = new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, new DualClip(2.0));
        SurrogateTerms.Values[] v = new SurrogateTerms.Values[1];
        float[] g = gradient(s, RATIOS, -1f, v);
        float n = RATIOS.length;
        // A = −1: ℓ = min(max(ρ, clip ρ), c) = {0.8, 0.9, 1, 1.1, 1.5, 2}; ρ = 3 > c = 2 loses its gradient
        assertArrayEquals(new float[] {0f, 0.9f / n, 1f / n, 1.1f / n, 1.5f / n, 0f}, g, 1e-5f);
        assertEquals((0.8 + 0.9 + 1 + 1.1 + 1.5 + 2) / 6, v[0].loss(), 1e-5);
        assertEquals(1 / 6.0, v[0].clipFractionDual(), 1e-6);
        assertEquals(1 / 6.0, v[0].clipFractionLow(), 1e-6);
        // A = +1: the dual clip never binds (ℓ ≤ 0 < c·|A|)
        assertArrayEquals(gradient(new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF), RATIOS, 1f, null),
                gradient(s, RATIOS, 1f, v), 0f);
        assertEquals(0, v[0].clipFractionDual(), 0);
    }

    /**
     * Two rows, A = −2 and A = +2, each with log-ratios {19.5, 30, 0}: ρ = e^19.5 (inside the ±20 bound, so
     * it has a gradient), e^20 (30 bounded to 20) and 1. Returns the gradient w.r.t. log π_θ, [6].
     */
    private static float[] extremeRatios(ClippedSurrogate s, SurrogateTerms.Values[] out) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] theta = {-1f, -2f, -3f, -1f, -2f, -3f};
            float[] logRatio = {19.5f, 30f, 0f, 19.5f, 30f, 0f};
            float[] behave = new float[6];
            for (int i = 0; i < 6; i++) {
                behave[i] = theta[i] - logRatio[i];
            }
            NDArray lp = m.create(theta, new Shape(2, 3));
            lp.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                SurrogateTerms t = s.evaluate(lp, m.create(behave, new Shape(2, 3)), m.create(new float[] {-2f, 2f}, new Shape(2, 1)),
                        m.ones(new Shape(2, 3)), null);
                gc.backward(t.loss());
                out[0] = t.values();
            }
            return lp.getGradient().toFloatArray();
        }
    }

    @Test
    void ratiosUpToE20OnBothSignsGiveAFiniteLossAndGradientWithTheClippedValues() {
        SurrogateTerms.Values[] v = new SurrogateTerms.Values[1];
        float[] g = extremeRatios(new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, DualClip.DEFAULT), v);
        // A = −2: ℓ = min(2ρ, 2·3) = {6, 6, 2}; A = +2: ℓ = −min(2ρ, 2·1.2) = {−2.4, −2.4, −2}
        assertEquals((6 + 6 + 2 - 2.4 - 2.4 - 2) / 6, v[0].loss(), 1e-5);
        // only the ρ = 1 tokens keep a gradient, −A·ρ/N
        assertArrayEquals(new float[] {0f, 0f, 2f / 6, 0f, 0f, -2f / 6}, g, 1e-6f);
        assertEquals(2 / 6.0, v[0].clipFractionDual(), 1e-6);
        assertEquals(2 / 6.0, v[0].clipFractionHigh(), 1e-6);
        assertEquals(0, v[0].clipFractionLow(), 1e-6);
        assertEquals(Math.exp(20), v[0].ratioMax(), 1e-4 * Math.exp(20));
        for (float x : g) {
            assertTrue(Float.isFinite(x));
        }
    }

    @Test
    void withoutTheDualClipANegativeAdvantageTokenWeighsARatioOfE19point5() {
        SurrogateTerms.Values[] v = new SurrogateTerms.Values[1];
        float[] g = extremeRatios(new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF), v);
        double big = Math.exp(19.5);
        double bound = Math.exp(20);
        assertEquals((2 * big + 2 * bound + 2 - 2.4 - 2.4 - 2) / 6, v[0].loss(), 1e-5 * bound);
        // the ρ = e^19.5 token of the negative row: gradient 2·e^19.5/6 ≈ 1e8, finite but 3e8 times its on-policy size;
        // the bounded one (log ρ 30 → 20) has none
        assertEquals(2 * big / 6, g[0], 1e-5 * big);
        assertEquals(0f, g[1], 0f);
        assertEquals(2f / 6, g[2], 1e-6f);
        assertEquals(0, v[0].clipFractionDual(), 0);
    }

    @Test
    void k3PenaltyHasTheHandComputedValueAndGradient() {
        double beta = 0.5;
        ClippedSurrogate s = new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, beta, DualClip.OFF);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lp = m.create(new float[] {-1f, -2f}, new Shape(1, 2));
            lp.setRequiresGradient(true);
            NDArray ref = m.create(new float[] {-0.5f, -2f}, new Shape(1, 2)); // ref − θ = 0.5, 0
            SurrogateTerms.Values v;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // A = 0 isolates the KL term
                SurrogateTerms t = s.evaluate(lp, lp.stopGradient(), m.create(new float[] {0f}, new Shape(1, 1)),
                        m.create(new float[] {1f, 1f}, new Shape(1, 2)), ref);
                gc.backward(t.loss());
                v = t.values();
            }
            double k3 = Math.exp(0.5) - 0.5 - 1; // 0.148721
            assertEquals(k3 / 2, v.klReference(), 1e-6);
            assertEquals(beta * k3 / 2, v.loss(), 1e-6);
            // d/dθ β·k3/N = β·(1 − exp(ref − θ))/N
            assertArrayEquals(new float[] {(float) (beta * (1 - Math.exp(0.5)) / 2), 0f}, lp.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void positiveBetaWithoutReferenceIsRefused() {
        ClippedSurrogate s = new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0.1, DualClip.OFF);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 1));
            assertThrows(IllegalArgumentException.class, () -> s.evaluate(x, x, x, x, null));
        }
    }

    @Test
    void invalidEpsilonsAreRefusedNamingTheKey() {
        var e = assertThrows(InvalidSettingException.class, () -> new ClippedSurrogate(1.0, 0.2, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF));
        assertEquals("Invalid value '1.0' for configuration 'eps-low': accepted 0 <= eps-low < 1", e.getMessage());
        assertEquals("eps-low", e.key());
        assertEquals("eps-high", assertThrows(InvalidSettingException.class,
                () -> new ClippedSurrogate(0.2, -0.1, LossAggregation.TOKEN_MEAN, 0, DualClip.OFF)).key());
        assertEquals("beta", assertThrows(InvalidSettingException.class,
                () -> new ClippedSurrogate(0.2, 0.2, LossAggregation.TOKEN_MEAN, Double.NaN, DualClip.OFF)).key());
    }
}
