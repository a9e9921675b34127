package dev.progrs.centering.topology;

import dev.progrs.centering.group.OutputContent;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.schemas.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * Validated configuration of the centering topology: topics, group timeout, staleness and the maths.
 *
 * @param centering         the PROGRS maths (centering, mixing, λ, std, guard, bonus scale)
 * @param timeout           {@value #TIMEOUT_CONFIG}: how long after its first sample an incomplete group is
 *                          closed; emitted as partial with ≥ 2 samples, dropped otherwise (default 60s)
 * @param maxStaleness      {@value #MAX_STALENESS_CONFIG}: a group whose smallest policy version is below
 *                          current − max-staleness is dropped (default 2, ≥ 0)
 * @param punctuateInterval {@value #PUNCTUATE_INTERVAL_CONFIG}: how often (wall clock) timeouts are checked (default 1s)
 * @param closedRetention   {@value #CLOSED_RETENTION_CONFIG}: how long a closed group's marker is kept so
 *                          that late duplicates are recognised instead of starting a new group (default 5m;
 *                          0 deletes the state at once)
 * @param inputTopic        {@value #INPUT_TOPIC_CONFIG}: scored trajectories (default progrs.scored)
 * @param outputTopic       {@value #OUTPUT_TOPIC_CONFIG}: group advantages (default progrs.advantages)
 * @param policyTopic       {@value #POLICY_TOPIC_CONFIG}: policy versions (default progrs.policy)
 * @param dlqTopic          {@value #DLQ_TOPIC_CONFIG}: rejected records (default progrs.dlq)
 * @param output            {@value OutputContent#CONFIG}: {@code full} (default; what the learner needs) or
 *                          {@code scores-only} (token arrays written empty, for re-centering studies)
 */
public record CenteringTopologyConfig(CenteringConfig centering, Duration timeout, long maxStaleness,
                                      Duration punctuateInterval, Duration closedRetention,
                                      String inputTopic, String outputTopic, String policyTopic, String dlqTopic,
                                      OutputContent output) {

    /** Key of the group timeout. */
    public static final String TIMEOUT_CONFIG = "timeout";
    /** Key of the staleness bound in policy versions. */
    public static final String MAX_STALENESS_CONFIG = "max-staleness";
    /** Key of the wall-clock punctuation interval. */
    public static final String PUNCTUATE_INTERVAL_CONFIG = "punctuate-interval";
    /** Key of the closed-group marker retention. */
    public static final String CLOSED_RETENTION_CONFIG = "closed-retention";
    /** Key of the input topic. */
    public static final String INPUT_TOPIC_CONFIG = "input-topic";
    /** Key of the output topic. */
    public static final String OUTPUT_TOPIC_CONFIG = "output-topic";
    /** Key of the policy topic. */
    public static final String POLICY_TOPIC_CONFIG = "policy-topic";
    /** Key of the dead-letter topic. */
    public static final String DLQ_TOPIC_CONFIG = "dlq-topic";

    /** Default group timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Default staleness bound (docs/method.md §5). */
    public static final long DEFAULT_MAX_STALENESS = 2;
    /** Default punctuation interval. */
    public static final Duration DEFAULT_PUNCTUATE_INTERVAL = Duration.ofSeconds(1);
    /** Default closed-marker retention. */
    public static final Duration DEFAULT_CLOSED_RETENTION = Duration.ofMinutes(5);

    /** With {@link OutputContent#FULL} output. */
    public CenteringTopologyConfig(CenteringConfig centering, Duration timeout, long maxStaleness, Duration punctuateInterval,
                                   Duration closedRetention, String inputTopic, String outputTopic, String policyTopic,
                                   String dlqTopic) {
        this(centering, timeout, maxStaleness, punctuateInterval, closedRetention, inputTopic, outputTopic, policyTopic,
                dlqTopic, OutputContent.FULL);
    }

    /** Validates every field. */
    public CenteringTopologyConfig {
        if (output == null) {
            throw new InvalidSettingException(OutputContent.CONFIG, null, "full, scores-only");
        }
        if (centering == null) {
            throw new IllegalArgumentException("centering configuration is missing");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidSettingException(TIMEOUT_CONFIG, timeout, "a positive duration, e.g. 60s");
        }
        if (maxStaleness < 0) {
            throw new InvalidSettingException(MAX_STALENESS_CONFIG, maxStaleness, "an integer >= 0 (policy versions)");
        }
        if (punctuateInterval == null || punctuateInterval.isNegative() || punctuateInterval.isZero()) {
            throw new InvalidSettingException(PUNCTUATE_INTERVAL_CONFIG, punctuateInterval, "a positive duration, e.g. 1s");
        }
        if (closedRetention == null || closedRetention.isNegative()) {
            throw new InvalidSettingException(CLOSED_RETENTION_CONFIG, closedRetention, "a duration >= 0, e.g. 5m");
        }
        requireTopic(INPUT_TOPIC_CONFIG, inputTopic);
        requireTopic(OUTPUT_TOPIC_CONFIG, outputTopic);
        requireTopic(POLICY_TOPIC_CONFIG, policyTopic);
        requireTopic(DLQ_TOPIC_CONFIG, dlqTopic);
        if (inputTopic.equals(outputTopic)) {
            throw new InvalidSettingException(OUTPUT_TOPIC_CONFIG, outputTopic, "a topic other than the input topic");
        }
    }

    /** @return the defaults on the pipeline topics with the given maths */
    public static CenteringTopologyConfig defaults(CenteringConfig centering) {
        return new CenteringTopologyConfig(centering, DEFAULT_TIMEOUT, DEFAULT_MAX_STALENESS, DEFAULT_PUNCTUATE_INTERVAL,
                DEFAULT_CLOSED_RETENTION, Topics.SCORED, Topics.ADVANTAGES, Topics.POLICY, Topics.DLQ);
    }

    /**
     * Reads the topology keys and the centering keys ({@link CenteringConfig#fromSettings}); missing keys keep
     * their defaults.
     *
     * @throws InvalidSettingException naming the key, the value and what is accepted
     */
    public static CenteringTopologyConfig fromSettings(Map<String, String> s) {
        CenteringTopologyConfig d = defaults(CenteringConfig.fromSettings(s));
        return new CenteringTopologyConfig(d.centering,
                s.containsKey(TIMEOUT_CONFIG) ? SettingDurations.parse(TIMEOUT_CONFIG, s.get(TIMEOUT_CONFIG)) : d.timeout,
                s.containsKey(MAX_STALENESS_CONFIG) ? parseLong(MAX_STALENESS_CONFIG, s.get(MAX_STALENESS_CONFIG)) : d.maxStaleness,
                s.containsKey(PUNCTUATE_INTERVAL_CONFIG)
                        ? SettingDurations.parse(PUNCTUATE_INTERVAL_CONFIG, s.get(PUNCTUATE_INTERVAL_CONFIG)) : d.punctuateInterval,
                s.containsKey(CLOSED_RETENTION_CONFIG)
                        ? SettingDurations.parse(CLOSED_RETENTION_CONFIG, s.get(CLOSED_RETENTION_CONFIG)) : d.closedRetention,
                s.getOrDefault(INPUT_TOPIC_CONFIG, d.inputTopic), s.getOrDefault(OUTPUT_TOPIC_CONFIG, d.outputTopic),
                s.getOrDefault(POLICY_TOPIC_CONFIG, d.policyTopic), s.getOrDefault(DLQ_TOPIC_CONFIG, d.dlqTopic),
                s.containsKey(OutputContent.CONFIG) ? OutputContent.fromConfig(s.get(OutputContent.CONFIG)) : d.output);
    }

    /** @return a copy with other centering maths */
    public CenteringTopologyConfig withCentering(CenteringConfig maths) {
        return new CenteringTopologyConfig(maths, timeout, maxStaleness, punctuateInterval, closedRetention, inputTopic, outputTopic,
                policyTopic, dlqTopic);
    }

    /** @return a copy that drops groups more than {@code bound} policy versions old */
    public CenteringTopologyConfig withMaxStaleness(long bound) {
        return new CenteringTopologyConfig(centering, timeout, bound, punctuateInterval, closedRetention, inputTopic, outputTopic,
                policyTopic, dlqTopic);
    }

    /** @return a copy reading {@code input} and writing {@code output} (replay) */
    public CenteringTopologyConfig withTopics(String input, String output) {
        return new CenteringTopologyConfig(centering, timeout, maxStaleness, punctuateInterval, closedRetention,
                input, output, policyTopic, dlqTopic, this.output);
    }

    /** @return one line for start-up logs */
    public String describe() {
        return centering.describe() + " " + TIMEOUT_CONFIG + "=" + SettingDurations.format(timeout) + " "
                + MAX_STALENESS_CONFIG + "=" + maxStaleness + " " + PUNCTUATE_INTERVAL_CONFIG + "="
                + SettingDurations.format(punctuateInterval) + " " + CLOSED_RETENTION_CONFIG + "="
                + SettingDurations.format(closedRetention) + " " + OutputContent.CONFIG + "=" + output.configName() + " "
                + inputTopic + " -> " + outputTopic
                + " (policy " + policyTopic + ", dlq " + dlqTopic + ")";
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidSettingException(key, value, "an integer >= 0 (policy versions)");
        }
    }

    private static void requireTopic(String key, String topic) {
        if (topic == null || topic.isBlank()) {
            throw new InvalidSettingException(key, topic == null ? "" : topic, "a non-empty topic name");
        }
    }
}
