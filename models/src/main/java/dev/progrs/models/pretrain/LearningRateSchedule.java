package dev.progrs.models.pretrain;

/**
 * Warm-up, plateau, cosine decay:
 * <pre>
 *   w(step)     = min(1, (step + 1) / warmup)
 *   lr(step, p) = w · peak                                                              p &lt; s
 *               = w · (final + (peak − final) · ½ (1 + cos(π · (p − s) / (1 − s))))     p ≥ s
 * </pre>
 * with p ∈ [0, 1] the training progress and s = {@code decayStart}. The decay avoids the loss spike
 * seen at a constant 2e-3 after ~6 minutes (docs/djl-notes.md, "Learning rates").
 */
public record LearningRateSchedule(float peak, float lrFinal, int warmupSteps, double decayStart) {

    public float at(long step, double progress) {
        double p = Math.min(1, Math.max(0, progress));
        double w = warmupSteps == 0 ? 1 : Math.min(1, (step + 1) / (double) warmupSteps);
        if (p < decayStart) {
            return (float) (peak * w);
        }
        double x = (p - decayStart) / (1 - decayStart);
        return (float) (w * (lrFinal + (peak - lrFinal) * 0.5 * (1 + Math.cos(Math.PI * x))));
    }
}
