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
 * <p>All durations of the group lifecycle (timeout, punctuation, marker retention) are measured on the task's
 * {@link dev.progrs.centering.group.GroupClock}: the input's record timestamps, with every gap between two
 * records counted as at most {@code max-input-gap}. Without input the clock stands still, so an outage
 * closes no group by itself; incomplete groups are decided when input resumes.
 *
 * @param timeout           {@value #TIMEOUT_CONFIG}: how long (group clock) after its first sample an incomplete
 *                          group is closed; emitted as partial with ≥ 2 samples, its sample dead-lettered otherwise
 *                          (default 60s)
 * @param maxStaleness      {@value #MAX_STALENESS_CONFIG}: a group whose smallest policy version is below
 *                          current − max-staleness is closed and its samples dead-lettered (default 2, ≥ 0)
 * @param punctuateInterval {@value #PUNCTUATE_INTERVAL_CONFIG}: how often (group clock) deadlines are checked, the
 *                          resolution of every deadline (default 1s)
 * @param closedRetention   {@value #CLOSED_RETENTION_CONFIG}: how long a closed group's marker is kept so
 *                          that late duplicates are recognised instead of starting a new group (default 5m;
 *                          0 deletes the state at once)
 * @param inputTopic        {@value #INPUT_TOPIC_CONFIG}: scored trajectories (default progrs.scored)
 * @param outputTopic       {@value #OUTPUT_TOPIC_CONFIG}: group advantages (default progrs.advantages)
 * @param policyTopic       {@value #POLICY_TOPIC_CONFIG}: policy versions (default progrs.policy)
 * @param dlqTopic          {@value #DLQ_TOPIC_CONFIG}: rejected records (default progrs.dlq)
 * @param output            {@value OutputContent#CONFIG}: {@code full} (default; what the learner needs) or
 *                          {@code scores-only} (token arrays written empty, for re-centering studies)
 * @param maxInputGap       {@value #MAX_INPUT_GAP_CONFIG}: the most a gap between two input records counts for on the
 *                          group clock (default 5s, shorter than the timeout): an outage of any length ages an open
 *                          group by at most this much
 */
public record CenteringTopologyConfig(CenteringConfig centering, Duration timeout, long maxStaleness,
                                      Duration punctuateInterval, Duration closedRetention,
                                      String inputTopic, String outputTopic, String policyTopic, String dlqTopic,
                                      OutputContent output, Duration maxInputGap) {

    /** Key of the group timeout. */
    public static final String TIMEOUT_CONFIG = "timeout";
    /** Key of the staleness bound in policy versions. */
    public static final String MAX_STALENESS_CONFIG = "max-staleness";
    /** Key of the deadline check interval (group clock). */
    public static final String PUNCTUATE_INTERVAL_CONFIG = "punctuate-interval";
    /** Key of the closed-group marker retention. */
    public static final String CLOSED_RETENTION_CONFIG = "closed-retention";
    /** Key of the largest input gap the group clock counts. */
    public static final String MAX_INPUT_GAP_CONFIG = "max-input-gap";
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
    /** Default largest input gap counted on the group clock. */
    public static final Duration DEFAULT_MAX_INPUT_GAP = Duration.ofSeconds(5);

    /** With {@link OutputContent#FULL} output. */
    public CenteringTopologyConfig(CenteringConfig centering, Duration timeout, long maxStaleness, Duration punctuateInterval,
                                   Duration closedRetention, String inputTopic, String outputTopic, String policyTopic,
                                   String dlqTopic) {
        this(centering, timeout, maxStaleness, punctuateInterval, closedRetention, inputTopic, outputTopic, policyTopic,
                dlqTopic, OutputContent.FULL);
    }

    /** With the default {@value #MAX_INPUT_GAP_CONFIG} (or a tenth of a timeout shorter than twice it). */
    public CenteringTopologyConfig(CenteringConfig centering, Duration timeout, long maxStaleness, Duration punctuateInterval,
                                   Duration closedRetention, String inputTopic, String outputTopic, String policyTopic,
                                   String dlqTopic, OutputContent output) {
        this(centering, timeout, maxStaleness, punctuateInterval, closedRetention, inputTopic, outputTopic, policyTopic,
                dlqTopic, output, defaultMaxInputGap(timeout));
    }

    /** @return {@link #DEFAULT_MAX_INPUT_GAP}, or a tenth of {@code timeout} when that is shorter than twice the default */
    static Duration defaultMaxInputGap(Duration timeout) {
        if (timeout == null || timeout.compareTo(DEFAULT_MAX_INPUT_GAP.multipliedBy(2)) >= 0) {
            return DEFAULT_MAX_INPUT_GAP;
        }
        return timeout.dividedBy(10).isZero() ? Duration.ofMillis(1) : timeout.dividedBy(10);
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
        if (maxInputGap == null || maxInputGap.isNegative() || maxInputGap.isZero()
                || (timeout != null && maxInputGap.compareTo(timeout) >= 0)) {
            throw new InvalidSettingException(MAX_INPUT_GAP_CONFIG, maxInputGap == null ? null : SettingDurations.format(maxInputGap),
                    "a positive duration shorter than " + TIMEOUT_CONFIG + " (" + (timeout == null ? "unset" : SettingDurations.format(timeout))
                            + "), e.g. 5s");
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
        Duration timeout = s.containsKey(TIMEOUT_CONFIG) ? SettingDurations.parse(TIMEOUT_CONFIG, s.get(TIMEOUT_CONFIG)) : d.timeout;
        return new CenteringTopologyConfig(d.centering, timeout,
                s.containsKey(MAX_STALENESS_CONFIG) ? parseLong(MAX_STALENESS_CONFIG, s.get(MAX_STALENESS_CONFIG)) : d.maxStaleness,
                s.containsKey(PUNCTUATE_INTERVAL_CONFIG)
                        ? SettingDurations.parse(PUNCTUATE_INTERVAL_CONFIG, s.get(PUNCTUATE_INTERVAL_CONFIG)) : d.punctuateInterval,
                s.containsKey(CLOSED_RETENTION_CONFIG)
                        ? SettingDurations.parse(CLOSED_RETENTION_CONFIG, s.get(CLOSED_RETENTION_CONFIG)) : d.closedRetention,
                s.getOrDefault(INPUT_TOPIC_CONFIG, d.inputTopic), s.getOrDefault(OUTPUT_TOPIC_CONFIG, d.outputTopic),
                s.getOrDefault(POLICY_TOPIC_CONFIG, d.policyTopic), s.getOrDefault(DLQ_TOPIC_CONFIG, d.dlqTopic),
                s.containsKey(OutputContent.CONFIG) ? OutputContent.fromConfig(s.get(OutputContent.CONFIG)) : d.output,
                s.containsKey(MAX_INPUT_GAP_CONFIG) ? SettingDurations.parse(MAX_INPUT_GAP_CONFIG, s.get(MAX_INPUT_GAP_CONFIG))
                        : defaultMaxInputGap(timeout));
    }

    /** @return a copy with other centering maths */
    public CenteringTopologyConfig withCentering(CenteringConfig maths) {
        return new CenteringTopologyConfig(maths, timeout, maxStaleness, punctuateInterval, closedRetention, inputTopic, outputTopic,
                policyTopic, dlqTopic, output, maxInputGap);
    }

    /** @return a copy that drops groups more than {@code bound} policy versions old */
    public CenteringTopologyConfig withMaxStaleness(long bound) {
        return new CenteringTopologyConfig(centering, timeout, bound, punctuateInterval, closedRetention, inputTopic, outputTopic,
                policyTopic, dlqTopic, output, maxInputGap);
    }

    /** @return a copy reading {@code input} and writing {@code output} (replay) */
    public CenteringTopologyConfig withTopics(String input, String output) {
        return new CenteringTopologyConfig(centering, timeout, maxStaleness, punctuateInterval, closedRetention,
                input, output, policyTopic, dlqTopic, this.output, maxInputGap);
    }

    /** @return one line for start-up logs */
    public String describe() {
        return centering.describe() + " " + TIMEOUT_CONFIG + "=" + SettingDurations.format(timeout) + " "
                + MAX_STALENESS_CONFIG + "=" + maxStaleness + " " + PUNCTUATE_INTERVAL_CONFIG + "="
                + SettingDurations.format(punctuateInterval) + " " + CLOSED_RETENTION_CONFIG + "="
                + SettingDurations.format(closedRetention) + " " + MAX_INPUT_GAP_CONFIG + "="
                + SettingDurations.format(maxInputGap) + " " + OutputContent.CONFIG + "=" + output.configName() + " "
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
