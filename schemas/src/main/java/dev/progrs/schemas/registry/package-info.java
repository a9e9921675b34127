/**
 * Schema registries speaking the Confluent model (global ids, subjects, versions):
 * {@link dev.progrs.schemas.registry.SchemaRegistry} with a REST client for any
 * Confluent-compatible registry, an embedded registry whose schemas live in the
 * {@code progrs._schemas} topic next to the data, its in-memory core
 * {@link dev.progrs.schemas.registry.SchemaStore}, a cache, and the Confluent REST API (reads and
 * registrations) with the client's retry policy for a registry that cannot answer.
 */
package dev.progrs.schemas.registry;
