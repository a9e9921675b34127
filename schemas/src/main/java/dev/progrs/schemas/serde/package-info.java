/**
 * The Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro binary) for the
 * pipeline's Avro records: the Kafka {@link dev.progrs.schemas.serde.AvroSerde}, the
 * {@link dev.progrs.schemas.serde.RecordDecoder} workers use to dead-letter poison records with
 * their position, and the schema-less {@link dev.progrs.schemas.serde.GenericAvroDecoder} for tools.
 * Decoding is bounded ({@link dev.progrs.schemas.serde.DecodeLimits}): no record can make a decoder
 * allocate more than its own size warrants, and no failure while decoding one record escapes as
 * anything but a {@link dev.progrs.schemas.serde.WireFormatException}.
 */
package dev.progrs.schemas.serde;
