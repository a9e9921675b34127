package dev.progrs.schemas;

import java.util.List;

/**
 * Names of the pipeline's topics (docs/architecture.md, data flow). Every keyed topic is keyed by the
 * group id so that all samples of a group share a partition and a stream task.
 */
public final class Topics {
    /** Problems offered to the generators; key = prompt id. */
    public static final String PROMPTS = "progrs.prompts";
    /** Verified trajectories from the generators; key = group id. */
    public static final String TRAJECTORIES = "progrs.trajectories";
    /** Trajectories with PRM and coherence scores; key = group id. */
    public static final String SCORED = "progrs.scored";
    /** One GroupAdvantages record per complete group; key = group id. */
    public static final String ADVANTAGES = "progrs.advantages";
    /** Policy versions, compacted; key = {@link #POLICY_KEY}. */
    public static final String POLICY = "progrs.policy";
    /** Drift alerts from the monitor; key = signal name. */
    public static final String DRIFT = "progrs.drift";
    /** Records that could not be processed, with the reason in headers; original key and value bytes. */
    public static final String DLQ = "progrs.dlq";
    /** Schemas of the embedded registry, compacted, so stored topics stay readable after restarts. */
    public static final String SCHEMAS = "progrs._schemas";

    /** The single key of {@link #POLICY}: compaction keeps only the latest version. */
    public static final String POLICY_KEY = "policy";

    /** Every topic of the pipeline, in data-flow order. */
    public static final List<String> ALL = List.of(PROMPTS, TRAJECTORIES, SCORED, ADVANTAGES, POLICY, DRIFT, DLQ, SCHEMAS);

    private Topics() {
    }
}
