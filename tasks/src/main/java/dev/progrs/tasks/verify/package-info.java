/**
 * Answer verification: {@link dev.progrs.tasks.verify.AnswerExtractor extraction} from free model
 * output (each verdict names the rule), {@link dev.progrs.tasks.verify.LatexNormalizer normalisation},
 * {@link dev.progrs.tasks.verify.AnswerEquivalence equivalence} (exact numbers and structure first,
 * Symja with a timeout last) and the {@link dev.progrs.tasks.verify.Verifier} that combines them.
 * Pure: no I/O; Symja runs on one daemon worker thread.
 */
package dev.progrs.tasks.verify;
