package dev.progrs.cli.run;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.arithmetic.StepRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code progrs run} needs to assemble the pipeline, validated once, before anything starts.
 *
 * @param runDir           directory of this run: kafka/, checkpoints/, streams/, report/
 * @param warmPolicy       warm-start policy checkpoint (version 0)
 * @param prm              frozen PRM checkpoint, or a training-free PRM's name
 * @param generation       how every generator samples (K, prompts per batch, temperature, top-p, response length); each
 *                         generator of the run takes it with its own id and seed
 * @param generators       generator workers in this JVM
 * @param steps            solution steps of the training prompts
 * @param grpo             the learner's update (B, U, learning rate, clips, staleness bound, temperature)
 * @param centering        the centering stream's maths (centering, mixing, λ, std, dominance guard, bonus scale)
 * @param sync             on-policy mode: generators wait for each new version
 * @param rollouts         stop after the learner trained on this many samples (0: no limit)
 * @param duration         stop after this long of RL (zero: no limit)
 * @param evalProblems     held-out problems evaluated during training
 * @param evalSamples      samples per held-out problem at the training temperature (0: greedy only)
 * @param evalInterval     least time between two evaluations during training
 * @param monitorPort      dashboard port (0: free port, -1: none)
 * @param seed             seed of sampling and prompts
 */
public record RunSettings(Path runDir, Path warmPolicy, Path prm, GeneratorConfig generation, int generators, StepRange steps,
                          GrpoConfig grpo, CenteringConfig centering, boolean sync, long rollouts, Duration duration, int evalProblems,
                          int evalSamples, Duration evalInterval, int monitorPort, long seed) {
    public RunSettings {
        InvalidSettingException.require(generation.groupSize() >= 2, "--group-size", generation.groupSize(),
                "an integer >= 2 (GRPO compares samples of a group)");
        InvalidSettingException.require(generators >= 1 && generators <= 8, "--generators", generators, "an integer in 1..8");
        InvalidSettingException.require(generation.sampling().temperature() == grpo.temperature(), "--temperature", grpo.temperature(),
                "the generators' temperature " + generation.sampling().temperature() + " (the learner's ratio is taken at it)");
        InvalidSettingException.require(steps.min() >= 2 && steps.max() <= 10, "--steps", steps, "MIN..MAX within 2..10");
        InvalidSettingException.require(grpo.temperature() > 0, "--temperature", grpo.temperature(), "a number > 0");
        InvalidSettingException.require(evalSamples >= 0 && evalSamples <= 64, "--eval-samples", evalSamples,
                "an integer in 0..64 (0 = greedy only)");
        InvalidSettingException.require(rollouts >= 0, "--rollouts", rollouts, "an integer >= 0 (0 = no limit)");
        InvalidSettingException.require(!duration.isNegative(), "--minutes", duration, "a number >= 0 (0 = no limit)");
        InvalidSettingException.require(rollouts > 0 || !duration.isZero(), "--rollouts/--minutes", "0/0",
                "at least one limit, or the run never ends");
        InvalidSettingException.require(evalProblems >= 7, "--eval-problems", evalProblems, "an integer >= 7");
        InvalidSettingException.require(evalInterval != null && !evalInterval.isNegative(), "--eval-every", evalInterval,
                "a duration >= 0, e.g. PT60S");
        InvalidSettingException.require(centering != null, "--centering", null, "a centering configuration");
    }

    /** K: samples per prompt. */
    public int groupSize() {
        return generation.groupSize();
    }

    /** Prompts a generator samples together. */
    public int promptsPerBatch() {
        return generation.promptsPerBatch();
    }

    /** B: groups per learner update. */
    public int batchGroups() {
        return grpo.batchGroups();
    }

    /** The sampling temperature of the generators and the learner. */
    public float temperature() {
        return grpo.temperature();
    }

    /** The policy versions a group may lag behind, for the generators, the feeder, the centering stream and the learner. */
    public int maxStaleness() {
        return (int) grpo.maxStaleness();
    }

    public float learningRate() {
        return grpo.learningRate();
    }

    public int updatesPerBatch() {
        return grpo.updatesPerBatch();
    }

    public DualClip dualClip() {
        return grpo.dualClip();
    }

    public int minSteps() {
        return steps.min();
    }

    public int maxSteps() {
        return steps.max();
    }

    /** Settings that are accepted but rarely meant, one sentence each (a learning rate above 2e-4). */
    public List<String> warnings() {
        return GrpoConfig.learningRateWarning("--lr", grpo.learningRate()).stream().toList();
    }
}
