package dev.progrs.tasks.verify;

import java.time.Duration;

/**
 * Settings of {@link AnswerEquivalence}.
 *
 * @param symbolicTimeout bound on one symbolic comparison (Symja), key {@code symbolic-timeout}, 1 ms..60 s
 * @param randomPoints    points at which expressions with variables must agree, key {@code random-points}, 1..50
 * @param seed            seed of those points (verdicts are reproducible)
 */
public record EquivalenceConfig(Duration symbolicTimeout, int randomPoints, long seed) {

    public EquivalenceConfig {
        if (symbolicTimeout == null || symbolicTimeout.toMillis() < 1 || symbolicTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("verifier: symbolic-timeout=" + symbolicTimeout + " is invalid; accepted: 1 ms..60 s");
        }
        if (randomPoints < 1 || randomPoints > 50) {
            throw new IllegalArgumentException("verifier: random-points=" + randomPoints + " is invalid; accepted: 1..50");
        }
    }

    /** 2 s per symbolic call, 5 random points, seed 42. */
    public static EquivalenceConfig defaults() {
        return new EquivalenceConfig(Duration.ofSeconds(2), 5, 42L);
    }
}
