package dev.progrs.models.pretrain;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of {@link SupervisedWarmStart}. Validated on construction; errors name the key, the bad
 * value and the accepted values.
 *
 * <p>Budget: {@code steps} (optimizer steps; 0 = unbounded) and {@code minutes} (wall clock; 0 =
 * unbounded), at least one positive. Training progress {@code p = max(step/steps, elapsed/minutes)}
 * drives the learning-rate schedule, so a steps-only budget is reproducible bit for bit (same seed,
 * same machine type); a minutes budget depends on the machine's speed.
 *
 * @param steps         optimizer steps; key {@code steps}, ≥ 0
 * @param minutes       wall-clock budget; key {@code minutes}, ≥ 0
 * @param seed          seed of initialisation and data order; key {@code seed}
 * @param batchSize     sequences per step; key {@code batch-size}, 1..1024
 * @param lr            peak learning rate (Adam); key {@code lr}, (0, 0.1]
 * @param lrFinal       learning rate at the end of the decay; key {@code lr-final}, (0, lr]
 * @param warmupSteps   linear warm-up steps; key {@code warmup-steps}, ≥ 0
 * @param decayStart    progress at which cosine decay from lr to lr-final begins; key {@code decay-start}, [0, 1)
 * @param clipGrad      element-wise gradient clip (DJL's optClipGrad); key {@code clip-grad}, &gt; 0
 * @param flawedShare   share of training solutions replaced by a flawed one; key {@code flawed-share}, [0, 1]
 * @param minSteps      fewest reasoning steps of a training problem; key {@code min-steps}, 1..64
 * @param maxSteps      most reasoning steps of a training problem; key {@code max-steps}, min-steps..64
 * @param evalEvery     evaluate on {@code evalSubset} test problems every this many steps (0 = never); key {@code eval-every}
 * @param evalSubset    test problems in the periodic evaluation; key {@code eval-subset}, ≥ 1
 * @param out           checkpoint directory written at the end; key {@code out}
 * @param maxPositionOffset largest random shift of a training row's positions (0 = none); key
 *                      {@code position-offsets}, 0..4096. A row is shifted by 0 with probability 1/4, else by
 *                      a uniform 1..min(max, context − length): the whole position table is trained and
 *                      the policy cannot tie its circuits to absolute positions.
 * @param slipRate      share ε of each step result's target probability spread over the other residues
 *                      ({@link SupervisedLoss}); key {@code slip-rate}, [0, 0.5). A converged policy then writes
 *                      a wrong result with probability about ε per step at T = 1 while its greedy decode stays
 *                      right: sampled solutions slip at a controlled rate, independently across samples.
 * @param slippedContextShare share of reference examples that show one wrong step result as context, not as a
 *                      target ({@link WarmStartData}); key {@code slipped-context-share}, [0, 1]. Later lines are
 *                      computed from the written value, so the policy learns to read its own work: a slip then
 *                      carries to the answer instead of being silently repaired.
 */
public record WarmStartConfig(int steps, double minutes, long seed, int batchSize, float lr, float lrFinal, int warmupSteps,
                              double decayStart, float clipGrad, double flawedShare, int minSteps, int maxSteps,
                              int evalEvery, int evalSubset, Path out, int maxPositionOffset, double slipRate,
                              double slippedContextShare) {

    /** Settings without slips (the recipe of the first ALiBi policy). */
    public WarmStartConfig(int steps, double minutes, long seed, int batchSize, float lr, float lrFinal, int warmupSteps,
                           double decayStart, float clipGrad, double flawedShare, int minSteps, int maxSteps,
                           int evalEvery, int evalSubset, Path out, int maxPositionOffset) {
        this(steps, minutes, seed, batchSize, lr, lrFinal, warmupSteps, decayStart, clipGrad, flawedShare, minSteps, maxSteps,
                evalEvery, evalSubset, out, maxPositionOffset, 0.0, 0.0);
    }

    /** Settings without position offsets (the first warm start's recipe). */
    public WarmStartConfig(int steps, double minutes, long seed, int batchSize, float lr, float lrFinal, int warmupSteps,
                           double decayStart, float clipGrad, double flawedShare, int minSteps, int maxSteps,
                           int evalEvery, int evalSubset, Path out) {
        this(steps, minutes, seed, batchSize, lr, lrFinal, warmupSteps, decayStart, clipGrad, flawedShare, minSteps, maxSteps,
                evalEvery, evalSubset, out, 0);
    }

    public WarmStartConfig {
        if (steps < 0) {
            throw bad("steps", steps, "an integer >= 0 (0 = bounded by minutes only)");
        }
        if (!(minutes >= 0) || Double.isInfinite(minutes)) {
            throw bad("minutes", minutes, "a finite number >= 0 (0 = bounded by steps only)");
        }
        if (steps == 0 && minutes == 0) {
            throw bad("steps/minutes", "0/0", "at least one positive budget");
        }
        if (batchSize < 1 || batchSize > 1024) {
            throw bad("batch-size", batchSize, "an integer in 1..1024");
        }
        if (!(lr > 0 && lr <= 0.1f)) {
            throw bad("lr", lr, "a number in (0, 0.1]");
        }
        if (!(lrFinal > 0 && lrFinal <= lr)) {
            throw bad("lr-final", lrFinal, "a number in (0, lr=" + lr + "]");
        }
        if (warmupSteps < 0) {
            throw bad("warmup-steps", warmupSteps, "an integer >= 0");
        }
        if (!(decayStart >= 0 && decayStart < 1)) {
            throw bad("decay-start", decayStart, "a number in [0, 1)");
        }
        if (!(clipGrad > 0)) {
            throw bad("clip-grad", clipGrad, "a number > 0");
        }
        if (!(flawedShare >= 0 && flawedShare <= 1)) {
            throw bad("flawed-share", flawedShare, "a number in [0, 1]");
        }
        if (minSteps < 1 || minSteps > 64) {
            throw bad("min-steps", minSteps, "an integer in 1..64");
        }
        if (maxSteps < minSteps || maxSteps > 64) {
            throw bad("max-steps", maxSteps, "an integer in min-steps(" + minSteps + ")..64");
        }
        if (evalEvery < 0) {
            throw bad("eval-every", evalEvery, "an integer >= 0 (0 = never)");
        }
        if (evalSubset < 1) {
            throw bad("eval-subset", evalSubset, "an integer >= 1");
        }
        if (out == null) {
            throw bad("out", null, "a directory path");
        }
        if (maxPositionOffset < 0 || maxPositionOffset > 4096) {
            throw bad("position-offsets", maxPositionOffset, "an integer in 0..4096 (0 = none)");
        }
        if (!(slippedContextShare >= 0 && slippedContextShare <= 1)) {
            throw bad("slipped-context-share", slippedContextShare, "a number in [0, 1] (0 = none)");
        }
        if (!(slipRate >= 0 && slipRate < 0.5)) {
            throw bad("slip-rate", slipRate, "a number in [0, 0.5) (0 = none)");
        }
    }

    /**
     * Defaults (the recipe of {@code models/warm/policy-v1}): 8,000 steps of batch 32, lr 2e-3 decaying
     * (cosine, from 40%) to 1e-4, no flawed solutions (flawed solutions are PRM data, never the policy's
     * own targets), training problems of 2–7 steps (longer chains are left for RL), no position offsets
     * (policy-v1 uses ALiBi, where a shift changes nothing; offsets matter only for learned positions),
     * slip rate 0.25 on step results and half the reference solutions shown with one slipped result as
     * context (so sampled solutions fail independently, step by step, while the greedy decode stays
     * right), seed 1, output {@code models/warm/policy-v1}. The recipe of the policy before it
     * ({@code policy-v1-last3}) is 2–5 steps with both noise knobs at 0.
     */
    public static WarmStartConfig defaults() {
        return new WarmStartConfig(8000, 0, 1L, 32, 2e-3f, 1e-4f, 100, 0.4, 1f, 0.0, 2, 7, 1000, 200,
                Path.of("models/warm/policy-v1"), 0, 0.25, 0.5);
    }

    /** A copy that writes its checkpoint to {@code dir}. */
    public WarmStartConfig withOut(Path dir) {
        return new WarmStartConfig(steps, minutes, seed, batchSize, lr, lrFinal, warmupSteps, decayStart, clipGrad, flawedShare,
                minSteps, maxSteps, evalEvery, evalSubset, dir, maxPositionOffset, slipRate, slippedContextShare);
    }

    /** The settings as strings, for the checkpoint manifest and the start-up print. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("steps", Integer.toString(steps));
        m.put("minutes", Double.toString(minutes));
        m.put("seed", Long.toString(seed));
        m.put("batch-size", Integer.toString(batchSize));
        m.put("lr", Float.toString(lr));
        m.put("lr-final", Float.toString(lrFinal));
        m.put("warmup-steps", Integer.toString(warmupSteps));
        m.put("decay-start", Double.toString(decayStart));
        m.put("clip-grad", Float.toString(clipGrad));
        m.put("flawed-share", Double.toString(flawedShare));
        m.put("min-steps", Integer.toString(minSteps));
        m.put("max-steps", Integer.toString(maxSteps));
        m.put("eval-every", Integer.toString(evalEvery));
        m.put("eval-subset", Integer.toString(evalSubset));
        m.put("out", out.toString());
        m.put("position-offsets", Integer.toString(maxPositionOffset));
        m.put("slip-rate", Double.toString(slipRate));
        m.put("slipped-context-share", Double.toString(slippedContextShare));
        return m;
    }

    /** The message shape of the stage module's InvalidSettingException, which this Kafka-free module does not depend on. */
    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
    }
}
