package dev.progrs.learner.loss;

import dev.progrs.stage.settings.InvalidSettingException;

/**
 * The dual clip of the GRPO surrogate (configuration key {@value #CONFIG}): a ceiling on the loss of
 * a token whose advantage is negative, so that no token weighs more than c·|A| however large its
 * importance ratio ρ has become (verl's {@code clip_ratio_c}; Ye et al. 2020, "dual-clip PPO").
 * A pure function of the per-token loss and the advantage.
 *
 * <pre>
 *   ℓ_clip(b,t) = −min( ρ·A ,  clip(ρ, 1 − ε_low, 1 + ε_high)·A )          (the PPO clip)
 *   ℓ(b,t)      = min( ℓ_clip(b,t) ,  c·|A| )                              (dual-clip, c &gt; 1)
 *               = ℓ_clip                 for A ≥ 0   (there ℓ_clip ≤ 0 ≤ c·|A|)
 *               = min( −A·ρ , −A·c )     for A &lt; 0 and ρ ≥ 1 − ε_low
 * </pre>
 * For A &lt; 0 the PPO clip only binds below 1 − ε_low, so without the dual clip a token whose ratio
 * grew (the behaviour policy made it rarer than the current one does) has loss |A|·ρ and gradient
 * weight |A|·ρ, unbounded in ρ — up to e^{@value ClippedSurrogate#LOG_RATIO_BOUND} with the log-ratio
 * bound. With the dual clip a token with A &lt; 0 and ρ &gt; c has loss c·|A| and no gradient; every
 * token's gradient weight is at most |A|·max(c, 1 + ε_high). Writing it as {@code min(ℓ, c·|A|)}
 * rather than verl's {@code where(A < 0, min(ℓ, −A·c), ℓ)} is the same function without a select.
 *
 * <p>{@code off} ({@link #OFF}, c = +∞) gives the plain PPO clip.
 *
 * @param c the ceiling c &gt; 1 on ρ for negative-advantage tokens, or +∞ for {@code off}
 */
public record DualClip(double c) {

    /** Configuration key (and command-line option without the dashes). */
    public static final String CONFIG = "dual-clip";

    /** The configuration value that disables the dual clip. */
    public static final String OFF_NAME = "off";

    /** No dual clip: the PPO clip alone. */
    public static final DualClip OFF = new DualClip(Double.POSITIVE_INFINITY);

    /** c = 3, verl's default {@code clip_ratio_c}. */
    public static final DualClip DEFAULT = new DualClip(3.0);

    public DualClip {
        if (!(c > 1)) {
            throw invalid(Double.toString(c));
        }
    }

    /** Whether the dual clip is disabled. */
    public boolean off() {
        return c == Double.POSITIVE_INFINITY;
    }

    /**
     * @param value {@code off}, or a number c &gt; 1 (e.g. {@code 3})
     * @return the dual clip so named
     * @throws InvalidSettingException naming the key, the value and the accepted values
     */
    public static DualClip fromConfig(String value) {
        String v = value == null ? "" : value.trim();
        if (v.equalsIgnoreCase(OFF_NAME)) {
            return OFF;
        }
        double c;
        try {
            c = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        if (!(c > 1) || Double.isInfinite(c)) {
            throw invalid(value);
        }
        return new DualClip(c);
    }

    /** The accepted values, for errors and help texts. */
    public static String acceptedValues() {
        return OFF_NAME + ", or a finite number c > 1 (default 3, as verl)";
    }

    /** The configuration value: {@code off} or the number. */
    public String configValue() {
        return off() ? OFF_NAME : Double.toString(c);
    }

    @Override
    public String toString() {
        return configValue();
    }

    private static InvalidSettingException invalid(String value) {
        return new InvalidSettingException(CONFIG, value, acceptedValues());
    }
}
