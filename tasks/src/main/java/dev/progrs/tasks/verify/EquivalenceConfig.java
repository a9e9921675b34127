package dev.progrs.tasks.verify;

import java.time.Duration;

/**
 * Settings of {@link AnswerEquivalence} and {@link Verifier}.
 *
 * @param symbolicTimeout bound on one symbolic comparison (Symja), key {@code symbolic-timeout}, 1 ms..60 s;
 *                        the budget caps it: a symbolic call gets {@code min(symbolicTimeout, budget left)}
 * @param randomPoints    points at which expressions with variables must agree, key {@code random-points}, 1..50
 * @param seed            seed of those points (verdicts are reproducible)
 * @param budget          bound on one whole verification (extraction, structure, every element, every symbolic
 *                        call), key {@code budget}, 1 ms..60 s; when it runs out the verdict is incorrect with a
 *                        reason starting {@code timeout}. Symja's one-off warm-up is not counted.
 */
public record EquivalenceConfig(Duration symbolicTimeout, int randomPoints, long seed, Duration budget) {

    /** Default {@link #budget()}: 200 ms, far above the microseconds the arithmetic suite needs and the few ms of a typical CAS call. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofSeconds(60);

    public EquivalenceConfig {
        if (symbolicTimeout == null || symbolicTimeout.toMillis() < 1 || symbolicTimeout.compareTo(MAX) > 0) {
            throw bad("symbolic-timeout", symbolicTimeout, "1 ms..60 s");
        }
        if (randomPoints < 1 || randomPoints > 50) {
            throw bad("random-points", randomPoints, "1..50");
        }
        if (budget == null || budget.toMillis() < 1 || budget.compareTo(MAX) > 0) {
            throw bad("budget", budget, "1 ms..60 s");
        }
    }

    /** With the {@link #DEFAULT_BUDGET default budget}. */
    public EquivalenceConfig(Duration symbolicTimeout, int randomPoints, long seed) {
        this(symbolicTimeout, randomPoints, seed, DEFAULT_BUDGET);
    }

    /** 2 s per symbolic call (capped by the budget), 5 random points, seed 42, 200 ms per verification. */
    public static EquivalenceConfig defaults() {
        return new EquivalenceConfig(Duration.ofSeconds(2), 5, 42L, DEFAULT_BUDGET);
    }

    /** This configuration with another {@link #budget()}. */
    public EquivalenceConfig withBudget(Duration budget) {
        return new EquivalenceConfig(symbolicTimeout, randomPoints, seed, budget);
    }

    /** The message shape of the stage module's InvalidSettingException, which this Kafka-free module does not depend on. */
    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
    }
}
