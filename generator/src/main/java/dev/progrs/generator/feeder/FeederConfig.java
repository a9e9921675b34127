package dev.progrs.generator.feeder;

import dev.progrs.schemas.Topics;
import dev.progrs.stage.settings.InvalidSettingException;
import java.time.Duration;

/**
 * Settings of the prompt feeder, validated on construction.
 *
 * @param admission     pacing: max-staleness and batch-groups ({@link AdmissionControl})
 * @param count         key {@code count}: prompts to publish in this run, or -1 for no limit
 * @param countExisting key {@code count-existing}: start the published count at the number of
 *                      records already in the prompts topic, so a restarted feeder keeps the bound
 * @param pollInterval  key {@code poll-interval}: how long to wait for a new policy version when
 *                      the capacity is used up
 * @param promptsTopic  topic the prompts go to
 * @param policyTopic   topic the current policy version is read from
 */
public record FeederConfig(AdmissionControl admission, long count, boolean countExisting, Duration pollInterval,
                           String promptsTopic, String policyTopic) {

    public FeederConfig {
        if (admission == null) {
            throw new IllegalArgumentException("feeder key 'admission' is missing");
        }
        InvalidSettingException.require(count >= -1, "count", count, "an integer >= 0, or -1 for no limit");
        InvalidSettingException.require(pollInterval != null && !pollInterval.isNegative() && !pollInterval.isZero()
                && pollInterval.toMillis() <= 60_000, "poll-interval", pollInterval, "a duration in (0, 60 s]");
        if (promptsTopic == null || promptsTopic.isBlank() || policyTopic == null || policyTopic.isBlank()) {
            throw new IllegalArgumentException("feeder topics must be named; got prompts=" + promptsTopic + ", policy=" + policyTopic);
        }
    }

    /** Pacing as given, unlimited count, counting existing prompts, the pipeline's topics. */
    public static FeederConfig of(AdmissionControl admission, long count) {
        return new FeederConfig(admission, count, true, Duration.ofMillis(500), Topics.PROMPTS, Topics.POLICY);
    }

    public FeederConfig withCountExisting(boolean c) {
        return new FeederConfig(admission, count, c, pollInterval, promptsTopic, policyTopic);
    }

    public FeederConfig withPollInterval(Duration d) {
        return new FeederConfig(admission, count, countExisting, d, promptsTopic, policyTopic);
    }
}
