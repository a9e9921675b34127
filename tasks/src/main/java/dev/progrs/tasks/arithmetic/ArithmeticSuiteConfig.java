package dev.progrs.tasks.arithmetic;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Knobs of the built-in multi-step arithmetic suite. Validated on construction; every error names
 * the key, the bad value and what is accepted.
 *
 * @param minSteps     fewest steps (operations) in a solution; difficulty = number of steps. Key {@code min-steps}, 1..{@value #MAX_STEPS}
 * @param maxSteps     most steps; key {@code max-steps}, minSteps..{@value #MAX_STEPS}
 * @param modulus      every value is reduced modulo this (10 = single digits, what a tiny model learns); key {@code modulus}, 2..{@value #MAX_MODULUS}
 * @param operations   operations steps may use; key {@code operations}, a non-empty subset of {@link Operation}
 * @param distractors  extra given quantities that the answer does not depend on; key {@code distractors}, 0..{@value #MAX_DISTRACTORS}
 * @param testSetSize  size of the fixed held-out test set, balanced by difficulty; key {@code test-set-size}, 0..{@value #MAX_TEST_SET_SIZE}
 * @param seed         seed of both splits; same seed, same problems
 * @param version      problem shape: layout of the givens and form of the answer ({@link SuiteVersion}); key {@code version}
 */
public record ArithmeticSuiteConfig(int minSteps, int maxSteps, int modulus, Set<Operation> operations,
                                    int distractors, int testSetSize, long seed, SuiteVersion version) {

    public static final int MAX_STEPS = 64;
    public static final int MAX_MODULUS = 1_000_000;
    public static final int MAX_DISTRACTORS = 32;
    public static final int MAX_TEST_SET_SIZE = 100_000;

    public ArithmeticSuiteConfig {
        if (minSteps < 1 || minSteps > MAX_STEPS) {
            throw bad("min-steps", minSteps, "an integer in 1.." + MAX_STEPS);
        }
        if (maxSteps < minSteps || maxSteps > MAX_STEPS) {
            throw bad("max-steps", maxSteps, "an integer in min-steps(" + minSteps + ").." + MAX_STEPS);
        }
        if (modulus < 2 || modulus > MAX_MODULUS) {
            throw bad("modulus", modulus, "an integer in 2.." + MAX_MODULUS);
        }
        if (operations == null || operations.isEmpty()) {
            throw bad("operations", operations, "a non-empty subset of " + acceptedOperations());
        }
        if (operations.stream().anyMatch(java.util.Objects::isNull)) {
            throw bad("operations", operations, "a non-empty subset of " + acceptedOperations() + " without null");
        }
        operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
        if (distractors < 0 || distractors > MAX_DISTRACTORS) {
            throw bad("distractors", distractors, "an integer in 0.." + MAX_DISTRACTORS);
        }
        if (testSetSize < 0 || testSetSize > MAX_TEST_SET_SIZE) {
            throw bad("test-set-size", testSetSize, "an integer in 0.." + MAX_TEST_SET_SIZE);
        }
        if (version == null) {
            throw bad("version", null, "one of v0, v1, v2");
        }
    }

    /** A configuration of the first edition ({@link SuiteVersion#V0}). */
    public ArithmeticSuiteConfig(int minSteps, int maxSteps, int modulus, Set<Operation> operations,
                                 int distractors, int testSetSize, long seed) {
        this(minSteps, maxSteps, modulus, operations, distractors, testSetSize, seed, SuiteVersion.V0);
    }

    /** The default suite: {@link #v2()}. */
    public static ArithmeticSuiteConfig defaults() {
        return v2();
    }

    /**
     * The first suite, kept so that documents made with it reproduce: 2..8 steps, modulus 10,
     * {@code + - *}, no distractors, 500 test problems, seed 1, edition {@link SuiteVersion#V0}.
     */
    public static ArithmeticSuiteConfig v0() {
        return new ArithmeticSuiteConfig(2, 8, 10, EnumSet.allOf(Operation.class), 0, 500, 1L, SuiteVersion.V0);
    }

    /**
     * The testbed: 2..10 steps, modulus 7 (prime, so {@code + - *} by a non-zero operand are
     * injective and a wrong step changes every later value), {@code + - *}, 1–3 givens with an
     * optional distractor, no identity steps, the answer made of the last three step values, 1,800 test problems (200 per
     * number of steps), seed 1, edition {@link SuiteVersion#V1}.
     */
    public static ArithmeticSuiteConfig v1() {
        return new ArithmeticSuiteConfig(2, 10, 7, EnumSet.allOf(Operation.class), 0, 1800, 1L, SuiteVersion.V1);
    }

    /**
     * The testbed with every step's value asked ({@link SuiteVersion#V2}): the problems of {@link #v1()},
     * the answer all step values in order, so an early wrong step cannot be lost by the end of the chain.
     */
    public static ArithmeticSuiteConfig v2() {
        return v1().withVersion(SuiteVersion.V2);
    }

    /** The named configuration {@code v0}, {@code v1} or {@code v2}; the error lists the accepted names. */
    public static ArithmeticSuiteConfig named(String name) {
        return switch (SuiteVersion.fromConfig(name)) {
            case V0 -> v0();
            case V1 -> v1();
            case V2 -> v2();
        };
    }

    public ArithmeticSuiteConfig withSteps(int min, int max) {
        return new ArithmeticSuiteConfig(min, max, modulus, operations, distractors, testSetSize, seed, version);
    }

    public ArithmeticSuiteConfig withModulus(int m) {
        return new ArithmeticSuiteConfig(minSteps, maxSteps, m, operations, distractors, testSetSize, seed, version);
    }

    public ArithmeticSuiteConfig withOperations(Set<Operation> ops) {
        return new ArithmeticSuiteConfig(minSteps, maxSteps, modulus, ops, distractors, testSetSize, seed, version);
    }

    public ArithmeticSuiteConfig withDistractors(int d) {
        return new ArithmeticSuiteConfig(minSteps, maxSteps, modulus, operations, d, testSetSize, seed, version);
    }

    public ArithmeticSuiteConfig withTestSetSize(int n) {
        return new ArithmeticSuiteConfig(minSteps, maxSteps, modulus, operations, distractors, n, seed, version);
    }

    public ArithmeticSuiteConfig withSeed(long s) {
        return new ArithmeticSuiteConfig(minSteps, maxSteps, modulus, operations, distractors, testSetSize, s, version);
    }

    public ArithmeticSuiteConfig withVersion(SuiteVersion v) {
        return new ArithmeticSuiteConfig(minSteps, maxSteps, modulus, operations, distractors, testSetSize, seed, v);
    }

    /** Number of difficulty levels, {@code maxSteps - minSteps + 1}. */
    public int levels() {
        return maxSteps - minSteps + 1;
    }

    private static String acceptedOperations() {
        return Arrays.stream(Operation.values()).map(Enum::name).collect(Collectors.joining(", ", "{", "}"));
    }

    /** The message shape of the stage module's InvalidSettingException, which this Kafka-free module does not depend on. */
    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
    }
}
