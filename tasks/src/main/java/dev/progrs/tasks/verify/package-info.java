/**
 * Answer verification: {@link dev.progrs.tasks.verify.AnswerExtractor extraction} from free model
 * output (each verdict names the rule; unboxed answers through {@link dev.progrs.tasks.verify.MathSpans
 * math spans} and {@link dev.progrs.tasks.verify.MathText whole outputs that read as mathematics}),
 * {@link dev.progrs.tasks.verify.LatexNormalizer normalisation},
 * {@link dev.progrs.tasks.verify.AnswerEquivalence equivalence} (exact numbers, structure and
 * {@link dev.progrs.tasks.verify.RelationComparison relations} first,
 * Symja with a timeout last) and the {@link dev.progrs.tasks.verify.Verifier} that combines them.
 * Pure: no I/O; Symja runs on one daemon worker thread.
 */
package dev.progrs.tasks.verify;
