package dev.progrs.stage.transaction;

import java.time.Duration;

/**
 * How long a stage waits before it tries a batch again.
 *
 * @param kafkaError          after a retryable Kafka error (the client has retried inside already)
 * @param registryUnavailable after the schema registry could not answer (its client has retried already)
 */
public record RetryBackOff(Duration kafkaError, Duration registryUnavailable) {

    public RetryBackOff {
        if (kafkaError.isNegative() || registryUnavailable.isNegative()) {
            throw new IllegalArgumentException("back-off " + kafkaError + " / " + registryUnavailable + "; accepted: durations >= 0");
        }
    }

    /** The pause after a failure of {@code kind} (a retried one). */
    public Duration after(FailureKind kind) {
        return kind == FailureKind.REGISTRY_UNAVAILABLE ? registryUnavailable : kafkaError;
    }
}
