/**
 * The per-group step of the centering stream without Kafka: what a group's state holds (a small
 * {@link dev.progrs.centering.store.GroupHeader} plus one {@link dev.progrs.centering.store.BufferedSample}
 * per sample), the invariants a sample must satisfy to join, and the assembly of the
 * {@code GroupAdvantages} record through the maths. The topology package is the Kafka shell around it;
 * the lock-step experiment calls {@link dev.progrs.centering.group.GroupCentering} directly.
 */
package dev.progrs.centering.group;
