package dev.progrs.models.prm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.progrs.models.transformer.KvCache;
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
            return rows(network.quantiles(batch), batch.steps(), k);
        }
    }

    /** {@link #score} of every group's sequences, in order, each group's prefix encoded once. */
    static List<double[][]> scoreGroups(PrmNetwork network, NDManager parent, List<PrmGroup> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        try (NDManager m = parent.newSubManager();
             KvCache cache = new KvCache(network.config().architecture().layers())) {
            PrmPrefixBatch batch = PrmPrefixBatch.of(m, groups, network.config().architecture().context());
            NDArray q = network.quantilesAfterPrefix(batch, cache);
            return rows(q, batch.steps(), network.config().levelCount());
        }
    }

    private static List<double[][]> rows(NDArray q, int[] steps, int k) {
        int s = (int) q.getShape().get(1);
        float[] flat = q.toFloatArray();
        List<double[][]> out = new ArrayList<>(steps.length);
        for (int r = 0; r < steps.length; r++) {
            double[][] rows = new double[steps[r]][k];
            for (int t = 0; t < steps[r]; t++) {
                for (int j = 0; j < k; j++) {
                    rows[t][j] = flat[(r * s + t) * k + j];
                }
            }
            out.add(rows);
        }
        return out;
    }
}
