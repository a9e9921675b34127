/**
 * Safe ways to bring Java numbers into a differentiated computation on DJL's PyTorch engine
 * ({@link dev.progrs.models.autograd.GraphScalars}; docs/djl-notes.md, the pitfall on scalar operands).
 */
package dev.progrs.models.autograd;
