package dev.progrs.experiment;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.group.GroupCentering;
import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.generator.feeder.PromptRecords;
import dev.progrs.generator.rollout.GroupRollout;
import dev.progrs.generator.rollout.OutcomeRule;
import dev.progrs.generator.rollout.RolloutPrompt;
import dev.progrs.learner.grpo.AllIncorrectShare;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.grpo.GrpoUpdater;
import dev.progrs.learner.grpo.UpdateMetrics;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.GoldStepChecker;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * One RL run of the experiment, in lock-step: per update, B = samplesPerUpdate / K prompts get K
 * samples each from the current policy, are verified and assembled into trajectories by the generator
 * worker's own step ({@link GroupRollout}: KV-cached sampling at temperature T, the suite's
 * {@link OutcomeRule} — for the built-in suite the exact {@code Answer:} rule that
 * {@link HeldOutEvaluation} counts by), scored by the scorer worker's {@link TrajectoryScorer}
 * (frozen PRM + coherence), centred by the stream's own group step ({@link GroupCentering}) and trained
 * on by the learner's {@link GrpoUpdater}. The pipeline's classes without Kafka and without staleness:
 * arms differ only in their advantages, and a seed reproduces a run.
 */
final class LockStepRlRun {
    /** Longest response sampled: the generator worker's default. */
    private static final int MAX_NEW_TOKENS = GroupRollout.DEFAULT_MAX_NEW_TOKENS;

    private LockStepRlRun() {
    }

    /**
     * @param progress told the number of new rollouts after every update
     */
    static CellResult run(ExperimentCell cell, ExperimentResources r, LongConsumer progress) {
        return run(cell, r, r.plan, true, progress);
    }

    /**
     * @param plan     the settings of this run (the pilot varies lr and λ of the experiment's plan)
     * @param heldOut  whether to evaluate on the held-out problems (the pilot never does)
     */
    static CellResult run(ExperimentCell cell, ExperimentResources r, ExperimentPlan plan, boolean heldOut, LongConsumer progress) {
        long started = System.nanoTime();
        int k = cell.groupSize();
        int groupsPerUpdate = plan.samplesPerUpdate() / k;
        CenteringConfig centering = cell.variant().centering(plan.lambda()).withBonusScale(plan.bonusScale());
        // the arms that ignore the PRM are still scored by the default one, for the reward-hacking indicators
        String prmName = cell.variant().usesPrm() ? cell.prm() : plan.prms().keySet().iterator().next();
        TrajectoryScorer scorer = new TrajectoryScorer(r.prm(prmName), StepConfidence.median(), CoherenceConfig.defaults(),
                "experiment", 16, System::currentTimeMillis);
        GrpoConfig grpo = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, plan.learningRate(), groupsPerUpdate,
                plan.updatesPerBatch(), 0, plan.temperature(), plan.dualClip());
        ArithmeticPromptSource prompts = ExperimentPrompts.of(r.suite, plan, cell.seed());
        SplittableRandom sampleSeeds = new SplittableRandom(cell.seed() * 0x9E3779B97F4A7C15L + 7);
        List<EvalPoint> curve = new ArrayList<>(List.of(r.warm));
        List<UpdateStats> updates = new ArrayList<>();
        try (PolicyModel policy = PolicyCheckpoint.load(plan.warmPolicy(), r.device);
             GrpoUpdater updater = new GrpoUpdater(policy, null, grpo)) {
            policy.setVersion(0); // update u trains on samples of version u − 1, whatever the warm checkpoint's own number
            GroupRollout rollout = new GroupRollout(policy, "experiment", k, r.verifier);
            long rollouts = 0;
            for (int u = 1; u <= plan.updates(); u++) {
                List<Problem> problems = new ArrayList<>(groupsPerUpdate);
                List<ArithmeticProblem> structures = new ArrayList<>(groupsPerUpdate);
                List<RolloutPrompt> batchPrompts = new ArrayList<>(groupsPerUpdate);
                long now = System.currentTimeMillis();
                for (int g = 0; g < groupsPerUpdate; g++) {
                    Problem p = prompts.next().orElseThrow();
                    problems.add(p);
                    structures.add(r.suite.parse(p));
                    batchPrompts.add(RolloutPrompt.of(PromptRecords.of(p, now), policy));
                }
                SamplingConfig sampling = SamplingConfig.sample(plan.temperature(), 1.0, MAX_NEW_TOKENS, sampleSeeds.nextLong());
                int[] groupIndex = {0};
                String idPrefix = cell.id() + "-u" + u + "-g";
                GroupRollout.Batch batch = rollout.roll(batchPrompts, sampling, promptId -> idPrefix + groupIndex[0]++,
                        GroupRollout.Phases.NONE);
                List<Trajectory> trajectories = new ArrayList<>(batch.samples());
                List<Sample> samples = new ArrayList<>(batch.samples());
                for (GroupRollout.Group group : batch.groups()) {
                    trajectories.addAll(group.trajectories());
                    samples.addAll(group.samples());
                }
                List<TrajectoryScorer.Result> scored = scorer.score(trajectories);
                List<BatchGoldStats.Judged> judged = new ArrayList<>(samples.size());
                List<GroupAdvantages> groups = new ArrayList<>(groupsPerUpdate);
                for (int g = 0; g < groupsPerUpdate; g++) {
                    List<ScoredTrajectory> group = new ArrayList<>(k);
                    for (int j = 0; j < k; j++) {
                        TrajectoryScorer.Result res = scored.get(g * k + j);
                        if (res.error() != null) {
                            throw new IllegalStateException("the scorer rejected a sample of " + cell.id() + ": " + res.error());
                        }
                        group.add(res.scored());
                        Sample sample = samples.get(g * k + j);
                        judged.add(new BatchGoldStats.Judged(problems.get(g).id(), trajectories.get(g * k + j).getOutcomeReward() > 0.5,
                                GoldStepChecker.check(structures.get(g), sample.text()), sample.tokenIds().length,
                                res.scored().getStepConfidences().stream().mapToDouble(Double::doubleValue).toArray(),
                                res.scored().getProcessScore()));
                    }
                    groups.add(GroupCentering.center(group, centering, System.currentTimeMillis()));
                }
                UpdateMetrics m = updater.update(groups, u - 1);
                policy.setVersion(u);
                rollouts += samples.size();
                updates.add(stats(rollouts, groups, m, BatchGoldStats.of(judged)));
                progress.accept(samples.size());
                if (heldOut && plan.evaluatesAfter(u)) {
                    curve.add(r.heldOut.evaluate(policy, rollouts));
                }
            }
        }
        return new CellResult(cell, curve, updates, (System.nanoTime() - started) / 1e9);
    }

    static UpdateStats stats(long rollouts, List<GroupAdvantages> groups, UpdateMetrics m, BatchGoldStats gold) {
        int samples = 0;
        int correct = 0;
        int incorrectPositive = 0;
        double scoreCorrect = 0;
        double scoreIncorrect = 0;
        long tokens = 0;
        int zeroVariance = 0;
        long violations = 0;
        for (GroupAdvantages g : groups) {
            zeroVariance += g.getZeroVarianceOutcome() ? 1 : 0;
            violations += g.getDominanceViolations();
            for (SampleAdvantage s : g.getSamples()) {
                samples++;
                tokens += s.getResponseTokenIds().size();
                if (s.getOutcome() > 0.5) {
                    correct++;
                    scoreCorrect += s.getProcessScore();
                } else {
                    scoreIncorrect += s.getProcessScore();
                    incorrectPositive += s.getAdvantage() > 0 ? 1 : 0;
                }
            }
        }
        AllIncorrectShare mass = AllIncorrectShare.of(groups);
        return new UpdateStats(rollouts, samples, correct, incorrectPositive, scoreCorrect, scoreIncorrect, tokens, zeroVariance,
                groups.size(), violations, m.approxKl(), mass.total(), mass.allIncorrect(), m.entropy(), gold);
    }
}
