/**
 * Character-level tokenizer ({@link dev.progrs.models.tokenizer.CharTokenizer}): PAD 0, BOS 1,
 * EOS 2, UNK 3, then the alphabet; versioned so a checkpoint records the vocabulary it needs.
 */
package dev.progrs.models.tokenizer;
