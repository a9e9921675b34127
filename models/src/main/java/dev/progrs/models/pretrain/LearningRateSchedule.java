package dev.progrs.models.pretrain;

/**
 * Warm-up, plateau, cosine decay:
 * <pre>
 *   lr(step, p) = peak · min(1, (step + 1) / warmup)                                   p &lt; s
 *               = final + (peak − final) · ½ (1 + cos(π · (p − s) / (1 − s)))           p ≥ s
 * </pre>
 * with p ∈ [0, 1] the training progress and s = {@code decayStart}. The decay avoids the loss spike
 * seen at a constant 2e-3 after ~6 minutes (DJL-NOTES).
 */
public record LearningRateSchedule(float peak, float lrFinal, int warmupSteps, double decayStart) {

    public float at(long step, double progress) {
        double p = Math.min(1, Math.max(0, progress));
        if (p < decayStart) {
            double w = warmupSteps == 0 ? 1 : Math.min(1, (step + 1) / (double) warmupSteps);
            return (float) (peak * w);
        }
        double x = (p - decayStart) / (1 - decayStart);
        return (float) (lrFinal + (peak - lrFinal) * 0.5 * (1 + Math.cos(Math.PI * x)));
    }
}
