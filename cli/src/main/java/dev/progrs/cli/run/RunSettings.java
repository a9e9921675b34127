package dev.progrs.cli.run;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.DualClip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code progrs run} needs to assemble the pipeline, validated once.
 *
 * @param runDir           directory of this run: kafka/, checkpoints/, streams/, report/
 * @param warmPolicy       warm-start policy checkpoint (version 0)
 * @param prm              frozen PRM checkpoint
 * @param groupSize        K samples per prompt
 * @param batchGroups      B groups per learner update
 * @param generators       generator workers in this JVM
 * @param promptsPerBatch  prompts a generator samples together
 * @param minSteps         fewest solution steps of the training prompts
 * @param maxSteps         most solution steps of the training prompts
 * @param temperature      sampling temperature (the learner evaluates log-probs at the same one)
 * @param learningRate     RL learning rate, finite and &gt; 0 (above 2e-4: see {@link #warnings()})
 * @param updatesPerBatch  optimiser steps the learner makes on each batch
 * @param maxStaleness     policy versions a group may lag behind
 * @param dualClip         the GRPO surrogate's dual clip of negative-advantage tokens (c, or off)
 * @param sync             on-policy mode: generators wait for each new version
 * @param rollouts         stop after the learner trained on this many samples (0: no limit)
 * @param duration         stop after this long of RL (zero: no limit)
 * @param centering        centering-stream settings (centering, mixing, lambda, std, dominance-guard, bonus-scale), validated here
 * @param evalProblems     held-out problems evaluated during training
 * @param evalSamples      samples per held-out problem at the training temperature (0: greedy only)
 * @param evalInterval     least time between two evaluations during training
 * @param monitorPort      dashboard port (0: free port, -1: none)
 * @param seed             seed of sampling and prompts
 */
public record RunSettings(Path runDir, Path warmPolicy, Path prm, int groupSize, int batchGroups, int generators,
                          int promptsPerBatch, int minSteps, int maxSteps, float temperature, float learningRate, int updatesPerBatch, int maxStaleness,
                          DualClip dualClip, boolean sync, long rollouts, Duration duration, Map<String, String> centering, int evalProblems, int evalSamples,
                          Duration evalInterval, int monitorPort, long seed) {
    public RunSettings {
        check(groupSize >= 2, "--group-size", groupSize, "an integer >= 2 (GRPO compares samples of a group)");
        check(batchGroups >= 1, "--batch-groups", batchGroups, "an integer >= 1");
        check(generators >= 1 && generators <= 8, "--generators", generators, "an integer in 1..8");
        check(promptsPerBatch >= 1, "--prompts-per-batch", promptsPerBatch, "an integer >= 1");
        check(minSteps >= 2 && maxSteps <= 10 && minSteps <= maxSteps, "--steps", minSteps + ".." + maxSteps, "MIN..MAX within 2..10");
        check(temperature > 0, "--temperature", temperature, "a number > 0");
        check(learningRate > 0 && Float.isFinite(learningRate), "--lr", learningRate, "a finite number > 0");
        check(updatesPerBatch >= 1 && updatesPerBatch <= 64, "--updates-per-batch", updatesPerBatch, "an integer in 1..64");
        check(evalSamples >= 0 && evalSamples <= 64, "--eval-samples", evalSamples, "an integer in 0..64 (0 = greedy only)");
        check(maxStaleness >= 0, "--max-staleness", maxStaleness, "an integer >= 0");
        check(dualClip != null, "--dual-clip", dualClip, DualClip.acceptedValues());
        check(rollouts >= 0, "--rollouts", rollouts, "an integer >= 0 (0 = no limit)");
        check(!duration.isNegative(), "--minutes", duration, "a number >= 0 (0 = no limit)");
        check(rollouts > 0 || !duration.isZero(), "--rollouts/--minutes", "0/0", "at least one limit, or the run never ends");
        check(evalProblems >= 7, "--eval-problems", evalProblems, "an integer >= 7");
        centering = Map.copyOf(centering);
        CenteringConfig.fromSettings(centering);
    }

    /** Settings that are accepted but rarely meant, one sentence each (a learning rate above 2e-4). */
    public List<String> warnings() {
        return GrpoConfig.learningRateWarning("--lr", learningRate).stream().toList();
    }

    private static void check(boolean ok, String option, Object value, String accepted) {
        if (!ok) {
            throw new IllegalArgumentException(option + " = " + value + " is not accepted; expected " + accepted);
        }
    }
}
