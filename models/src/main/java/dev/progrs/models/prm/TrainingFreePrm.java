package dev.progrs.models.prm;

import dev.progrs.models.tokenizer.CharTokenizer;

/**
 * What the training-free PRMs ({@link OraclePrm}, {@link BiasedPrm}) share: they read the texts of
 * built-in problems (so they need the suite's modulus), report the same τ levels as the trained PRMs,
 * and hold no native memory.
 */
abstract class TrainingFreePrm implements ProcessRewardModel {

    protected final CharTokenizer tokenizer;
    protected final int modulus;
    protected final double[] levels;
    private final int context;

    TrainingFreePrm(CharTokenizer tokenizer, int modulus, double[] levels, int context) {
        this.tokenizer = tokenizer;
        this.modulus = modulus;
        this.levels = levels.clone();
        this.context = context;
    }

    @Override
    public double[] quantileLevels() {
        return levels.clone();
    }

    @Override
    public CharTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int context() {
        return context;
    }

    @Override
    public void close() {
    }
}
