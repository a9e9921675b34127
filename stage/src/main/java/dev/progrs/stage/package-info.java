/**
 * The shell every Kafka stage of the pipeline (generator, scorer, learner, monitor) runs in, so each
 * stage's own code is its step and its wiring:
 * <ul>
 *   <li>{@link dev.progrs.stage.transaction}: one transaction (begin, sends, offsets, commit), the
 *       failure kinds (fatal, retryable, registry outage, crash, stop) and the retry of a batch
 *       (abort, rewind, back off);</li>
 *   <li>{@link dev.progrs.stage.lifecycle}: the stage's state with its legal transitions, the
 *       simulated crash of the crash tests, the shutdown signal of the commands;</li>
 *   <li>{@link dev.progrs.stage.deadletter}: the dead-letter headers every stage writes;</li>
 *   <li>{@link dev.progrs.stage.clock}: where a stage's time goes, per activity;</li>
 *   <li>{@link dev.progrs.stage.topics}: waiting for topic leaders;</li>
 *   <li>{@link dev.progrs.stage.settings}: the error of a setting that cannot be accepted;</li>
 *   <li>{@link dev.progrs.stage.cluster}: the Kafka client settings (bootstrap servers, SASL, TLS) every client starts from.</li>
 * </ul>
 */
package dev.progrs.stage;
