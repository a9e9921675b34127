/**
 * The Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro binary) for the
 * pipeline's Avro records: the Kafka {@link dev.progrs.schemas.serde.AvroSerde}, the
 * {@link dev.progrs.schemas.serde.RecordDecoder} workers use to dead-letter poison records with
 * their position, and the schema-less {@link dev.progrs.schemas.serde.GenericAvroDecoder} for tools.
 */
package dev.progrs.schemas.serde;
