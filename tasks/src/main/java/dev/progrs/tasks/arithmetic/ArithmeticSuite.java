package dev.progrs.tasks.arithmetic;

import dev.progrs.tasks.Problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The built-in multi-step arithmetic suite: a seeded, infinite train split and a fixed held-out
 * test split, disjoint by prompt text.
 *
 * <p>Determinism: problem {@code (split, steps, index, attempt)} is drawn from a
 * {@link SplittableRandom} seeded with {@code mix(seed, stream, steps, index, attempt)} (SplitMix64
 * finaliser), so any problem can be regenerated on any machine without generating the others.
 * A train draw whose prompt equals a test prompt is rejected and redrawn with the next attempt.
 *
 * <p>Test set: {@code testSetSize} distinct problems, the count per difficulty level differing by
 * at most one (lower levels get the remainder), listed round-robin over levels so any prefix is
 * balanced too.
 *
 * <p>Immutable after construction (which builds the test set, ~0.1 s): safe to share between threads.
 */
public final class ArithmeticSuite {

    /** Suite name in {@link Problem#suite()}. */
    public static final String NAME = "arithmetic";

    /**
     * Every character a prompt, reference solution or flawed solution of this suite can contain
     * (sorted): newline, space, {@code * + , - . : = ?}, digits, {@code A W} (from "Answer", "What"),
     * {@code a-z}. Quantity names never leave {@code a-z} ({@link VariableNames}).
     */
    public static final String ALPHABET = "\n *+,-.0123456789:=?AWabcdefghijklmnopqrstuvwxyz";

    private static final int MAX_ATTEMPTS = 10_000;
    private static final long STREAM_TEST = 0x7E57L;
    private static final long STREAM_TRAIN = 0x7A11L;
    private static final long STREAM_TRAIN_STEPS = 0x57E9L;

    private final ArithmeticSuiteConfig config;
    private final ArithmeticGenerator generator;
    private final List<Problem> testSet;
    private final Set<String> testPrompts;

    public ArithmeticSuite(ArithmeticSuiteConfig config) {
        this.config = config;
        this.generator = new ArithmeticGenerator(config);
        this.testPrompts = new HashSet<>();
        this.testSet = Collections.unmodifiableList(buildTestSet());
    }

    public ArithmeticSuiteConfig config() {
        return config;
    }

    /** The fixed held-out test set, balanced by difficulty, disjoint from every train problem. */
    public List<Problem> testSet() {
        return testSet;
    }

    /** Train problem {@code index} (≥ 0), its number of steps uniform in {@code [minSteps, maxSteps]}. */
    public Problem trainProblem(long index) {
        return trainProblem(index, trainSteps(index));
    }

    /** The number of steps of {@link #trainProblem(long)}. */
    public int trainSteps(long index) {
        requireIndex(index);
        SplittableRandom rng = new SplittableRandom(mix(config.seed(), STREAM_TRAIN_STEPS, 0, index, 0));
        return config.minSteps() + rng.nextInt(config.levels());
    }

    /**
     * Train problem {@code index} with exactly {@code steps} steps (for curricula: warm-up on short
     * chains, RL on long ones). {@code trainProblem(i)} equals {@code trainProblem(i, trainSteps(i))}.
     */
    public Problem trainProblem(long index, int steps) {
        return toProblem(trainArithmetic(index, steps), "train", "s" + steps + "/" + index);
    }

    /** The structured form of {@link #trainProblem(long, int)}. */
    public ArithmeticProblem trainArithmetic(long index, int steps) {
        requireIndex(index);
        requireSteps(steps);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ArithmeticProblem p = generator.draw(steps,
                    new SplittableRandom(mix(config.seed(), STREAM_TRAIN, steps, index, attempt)));
            if (p != null && !testPrompts.contains(p.prompt())) {
                return p;
            }
        }
        throw new IllegalStateException("arithmetic suite: no train problem with " + steps
                + " steps outside the test set after " + MAX_ATTEMPTS + " draws; the problem space of " + config
                + " is too small for its test-set-size");
    }

    /** The structured form of a problem of this suite, parsed from its prompt. */
    public ArithmeticProblem parse(Problem problem) {
        return ArithmeticProblem.parse(problem.text(), config.modulus());
    }

    /** The structured form of a prompt of this suite. */
    public ArithmeticProblem parse(String prompt) {
        return ArithmeticProblem.parse(prompt, config.modulus());
    }

    /** Wraps a structured problem as a {@link Problem} of this suite. */
    public Problem toProblem(ArithmeticProblem p, String split, String idSuffix) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("steps", Integer.toString(p.difficulty()));
        meta.put("modulus", Integer.toString(p.modulus()));
        meta.put("answerVariable", p.answerVariable());
        meta.put("givens", Integer.toString(p.givensCount()));
        meta.put("version", config.version().configName());
        meta.put("seed", Long.toString(config.seed()));
        return new Problem(NAME + "/" + split + "/" + idSuffix, NAME, split, p.prompt(),
                p.answerText(), p.referenceSolution(), p.difficulty(), meta);
    }

    private List<Problem> buildTestSet() {
        int levels = config.levels();
        int n = config.testSetSize();
        List<List<Problem>> byLevel = new ArrayList<>(levels);
        for (int l = 0; l < levels; l++) {
            int steps = config.minSteps() + l;
            int count = n / levels + (l < n % levels ? 1 : 0);
            List<Problem> level = new ArrayList<>(count);
            long draws = 0;
            while (level.size() < count) {
                if (draws > (long) MAX_ATTEMPTS + 20L * count) {
                    throw new IllegalStateException("arithmetic suite: only " + level.size() + " distinct test problems with "
                            + steps + " steps after " + draws + " draws, " + count + " wanted; lower test-set-size or widen "
                            + config);
                }
                ArithmeticProblem p = generator.draw(steps, new SplittableRandom(mix(config.seed(), STREAM_TEST, steps, draws, 0)));
                draws++;
                if (p != null && testPrompts.add(p.prompt())) {
                    level.add(toProblem(p, "test", String.format("s%d/%05d", steps, level.size())));
                }
            }
            byLevel.add(level);
        }
        List<Problem> all = new ArrayList<>(n);
        for (int i = 0; all.size() < n; i++) {
            for (List<Problem> level : byLevel) {
                if (i < level.size()) {
                    all.add(level.get(i));
                }
            }
        }
        return all;
    }

    private void requireIndex(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("train index must be >= 0, got " + index);
        }
    }

    private void requireSteps(int steps) {
        if (steps < 1 || steps > ArithmeticSuiteConfig.MAX_STEPS) {
            throw new IllegalArgumentException("steps=" + steps + " is invalid; accepted: 1.." + ArithmeticSuiteConfig.MAX_STEPS);
        }
    }

    /** SplitMix64-style mixing of the parts into one seed. */
    static long mix(long seed, long stream, long steps, long index, long attempt) {
        long h = 0x9E3779B97F4A7C15L;
        for (long part : new long[] {seed, stream, steps, index, attempt}) {
            h = finalise(h ^ part + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2));
        }
        return h;
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
