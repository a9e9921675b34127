package dev.progrs.stage.transaction;

import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.stage.lifecycle.SimulatedCrash;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * What a stage does about an exception met while it processes a batch. Every stage decides the
 * same way, so a batch is never dead-lettered for an outage nor retried for a bug.
 */
public enum FailureKind {

    /**
     * The producer can never commit again: fenced by another instance with the same transactional
     * id, its sequence lost, not authorised, or a broker too old for transactions. Nothing can be
     * aborted; the stage stops.
     */
    FATAL,

    /** Any other Kafka error: the attempt is aborted, the batch rewound and retried after a short back-off. */
    RETRYABLE,

    /**
     * The schema registry cannot answer ({@link SchemaRegistryUnavailableException}): nothing is wrong
     * with the records, so none is dead-lettered; aborted, rewound and retried for as long as the
     * outage lasts.
     */
    REGISTRY_UNAVAILABLE,

    /** A {@link SimulatedCrash}: neither commit nor abort, the stage stops as if killed. */
    CRASH,

    /**
     * Anything else: a bug, a failing hook, a registry that refuses the request (4xx). Nothing of the
     * batch may become visible: aborted, and the stage stops.
     */
    STOP;

    /** The kind of {@code e}. */
    public static FailureKind of(Throwable e) {
        if (e instanceof SimulatedCrash) {
            return CRASH;
        }
        if (e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException || e instanceof AuthorizationException
                || e instanceof UnsupportedVersionException) {
            return FATAL;
        }
        if (e instanceof SchemaRegistryUnavailableException) {
            return REGISTRY_UNAVAILABLE;
        }
        if (e instanceof KafkaException) {
            return RETRYABLE;
        }
        return STOP;
    }

    /** Whether the batch is tried again (after abort, rewind and back-off). */
    public boolean retried() {
        return this == RETRYABLE || this == REGISTRY_UNAVAILABLE;
    }
}
