package dev.progrs.generator.rollout;

import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.verify.Verdict;
import dev.progrs.tasks.verify.Verifier;
import dev.progrs.wire.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The generator's step, without Kafka: prompts → K samples per prompt → a verdict per sample →
 * one {@link Trajectory} per sample, grouped by prompt. The generator worker calls it on every
 * batch it consumes; a lock-step run calls the same class, so both produce identical groups.
 *
 * <ol>
 *   <li>Every prompt is repeated K times and all rows are sampled in one batched, KV-cached decode
 *       ({@link PolicySampler#generate}).</li>
 *   <li>Each sample is judged by its suite's {@link OutcomeRule}: R ∈ {0, 1}.</li>
 *   <li>Each sample is split into steps and assembled into its trajectory
 *       ({@link TrajectoryAssembler}), the group's id taken from the caller's id source.</li>
 * </ol>
 *
 * Not thread-safe (the sampler holds the model's KV cache); one rollout per policy version.
 */
public final class GroupRollout {

    /** The longest response sampled by default, EOS included: room for the built-in suite's longest solutions. */
    public static final int DEFAULT_MAX_NEW_TOKENS = 96;

    /** Called between the phases of {@link #roll}, so a caller can time them. */
    public interface Phases {
        /** The batched decode is done. */
        default void sampled() {
        }

        /** Every sample is judged. */
        default void verified() {
        }

        /** Observes nothing. */
        Phases NONE = new Phases() {
        };
    }

    /**
     * One prompt's group.
     *
     * @param prompt       the prompt that was sampled
     * @param groupId      the id every trajectory of the group carries
     * @param samples      the K samples, in sample-index order
     * @param trajectories the K trajectories, in sample-index order
     */
    public record Group(RolloutPrompt prompt, String groupId, List<Sample> samples, List<Trajectory> trajectories) {
        public Group {
            samples = List.copyOf(samples);
            trajectories = List.copyOf(trajectories);
        }
    }

    /**
     * The groups of one batch.
     *
     * @param groups     one per prompt, in prompt order
     * @param samplingMs wall time of sampling and verification, recorded on every trajectory
     */
    public record Batch(List<Group> groups, double samplingMs) {
        public Batch {
            groups = List.copyOf(groups);
        }

        /** The number of trajectories of all groups. */
        public int samples() {
            return groups.stream().mapToInt(g -> g.trajectories().size()).sum();
        }
    }

    private final PolicyModel policy;
    private final PolicySampler sampler;
    private final TrajectoryAssembler assembler;
    private final Verifier verifier;
    private final int groupSize;

    /**
     * @param policy      the policy to sample with; its {@link PolicyModel#version()} goes on every trajectory
     * @param generatorId the id recorded as {@code Trajectory.generatorId}
     * @param groupSize   K, samples per prompt (≥ 1)
     * @param verifier    used by {@link OutcomeRule#VERIFIER} for suites other than the built-in one; the caller owns it
     */
    public GroupRollout(PolicyModel policy, String generatorId, int groupSize, Verifier verifier) {
        InvalidSettingException.require(groupSize >= 1, "group-size", groupSize, "an integer >= 1");
        this.policy = policy;
        this.sampler = new PolicySampler(policy);
        this.assembler = new TrajectoryAssembler(new StepSplitter(policy.tokenizer()), generatorId);
        this.verifier = verifier;
        this.groupSize = groupSize;
    }

    /** K, the samples drawn per prompt. */
    public int groupSize() {
        return groupSize;
    }

    /**
     * Samples, judges and assembles the groups of {@code prompts}.
     *
     * @param sampling the sampling settings of this batch (its seed included)
     * @param groupIds the id of a prompt's group, given the prompt id; called once per prompt, in order
     * @param phases   told when sampling and verification end
     */
    public Batch roll(List<RolloutPrompt> prompts, SamplingConfig sampling, UnaryOperator<String> groupIds, Phases phases) {
        long startedAtMs = System.currentTimeMillis();
        long t0 = System.nanoTime();
        int k = groupSize;
        List<int[]> rows = new ArrayList<>(prompts.size() * k);
        for (RolloutPrompt p : prompts) {
            for (int j = 0; j < k; j++) {
                rows.add(p.ids());
            }
        }
        List<Sample> samples = rows.isEmpty() ? List.of() : sampler.generate(rows, sampling);
        phases.sampled();
        List<Verdict> verdicts = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            RolloutPrompt p = prompts.get(i / k);
            verdicts.add(OutcomeRule.forSuite(p.prompt().getSuite()).judge(samples.get(i).text(), p.prompt().getGoldAnswer(), verifier));
        }
        phases.verified();
        double samplingMs = (System.nanoTime() - t0) / 1e6;
        TrajectoryAssembler.Timing timing = new TrajectoryAssembler.Timing(startedAtMs, samplingMs);
        long version = policy.version();
        List<Group> groups = new ArrayList<>(prompts.size());
        for (int g = 0; g < prompts.size(); g++) {
            RolloutPrompt p = prompts.get(g);
            String groupId = groupIds.apply(p.prompt().getPromptId());
            List<Sample> groupSamples = samples.subList(g * k, (g + 1) * k);
            List<Trajectory> trajectories = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                trajectories.add(assembler.assemble(p.prompt(), p.ids(), groupId, j, k, version, groupSamples.get(j),
                        verdicts.get(g * k + j), sampling, timing));
            }
            groups.add(new Group(p, groupId, groupSamples, trajectories));
        }
        return new Batch(groups, samplingMs);
    }
}
