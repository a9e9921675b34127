/** Avro wire contracts, the Confluent-wire-format serde, the schema-registry client and topic names. */
package dev.progrs.schemas;
