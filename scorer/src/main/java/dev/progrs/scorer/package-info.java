/** PRM scoring, the multi-scale coherence evaluator and scorer workers. */
package dev.progrs.scorer;
