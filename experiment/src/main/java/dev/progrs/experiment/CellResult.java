package dev.progrs.experiment;

import java.util.List;

/**
 * Everything one training run measured; written as JSON to {@code cells/<id>.json} when the run is
 * complete, which is what makes the experiment resumable.
 *
 * @param cell    which run
 * @param curve   held-out Pass@1 against rollouts, starting with the warm policy at 0
 * @param updates one entry per update (empty for the supervised control)
 * @param seconds wall-clock of the run, evaluations included
 */
public record CellResult(ExperimentCell cell, List<EvalPoint> curve, List<UpdateStats> updates, double seconds) {

    public CellResult {
        if (curve.isEmpty()) {
            throw new IllegalArgumentException("a finished run has at least the warm-start evaluation");
        }
        curve = List.copyOf(curve);
        updates = List.copyOf(updates);
    }

    /** The last evaluation: the final policy's Pass@1. */
    public EvalPoint last() {
        return curve.get(curve.size() - 1);
    }
}
