/**
 * The cluster a stage talks to: {@link dev.progrs.stage.cluster.KafkaClientSettings}, the bootstrap
 * servers and the client settings (SASL, TLS) of {@code --kafka-config}, the one source of every
 * Kafka client's properties.
 */
package dev.progrs.stage.cluster;
