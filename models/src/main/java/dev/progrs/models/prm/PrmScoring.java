package dev.progrs.models.prm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/** Inference shared by {@link PrmModel} and {@link FrozenPrm}: one forward pass per call, no gradient graph. */
final class PrmScoring {

    private PrmScoring() {
    }

    /** Per sequence, per step t (outer), per level k (inner): Q_τk,t. */
    static List<double[][]> score(PrmNetwork network, NDManager parent, List<PrmSequence> sequences) {
        if (sequences.isEmpty()) {
            return List.of();
        }
        int k = network.config().levelCount();
        try (NDManager m = parent.newSubManager()) {
            PrmBatch batch = PrmBatch.of(m, sequences, network.config().architecture().context());
            NDArray q = network.quantiles(batch);
            int s = (int) q.getShape().get(1);
            float[] flat = q.toFloatArray();
            List<double[][]> out = new ArrayList<>(sequences.size());
            for (int r = 0; r < sequences.size(); r++) {
                int steps = sequences.get(r).steps();
                double[][] rows = new double[steps][k];
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < k; j++) {
                        rows[t][j] = flat[(r * s + t) * k + j];
                    }
                }
                out.add(rows);
            }
            return out;
        }
    }
}
