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
            return rows(network.quantiles(batch), batch.steps(), k, network.recalibration());
        }
    }

    /**
     * {@link #score} of every group's sequences, in order: each group's prefix encoded once, and each
     * distinct sequence of a group scored once ({@link DistinctSequences}; a repeated row gets the
     * quantiles of its first occurrence, which are equal by construction).
     */
    static List<double[][]> scoreGroups(PrmNetwork network, NDManager parent, List<PrmGroup> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        List<PrmGroup> distinctGroups = new ArrayList<>(groups.size());
        List<DistinctSequences> distinct = new ArrayList<>(groups.size());
        for (PrmGroup g : groups) {
            DistinctSequences d = DistinctSequences.of(g.sequences());
            distinct.add(d);
            distinctGroups.add(new PrmGroup(g.prefixLength(), d.distinct()));
        }
        List<double[][]> scored;
        try (NDManager m = parent.newSubManager();
             KvCache cache = new KvCache(network.config().architecture().layers())) {
            PrmPrefixBatch batch = PrmPrefixBatch.of(m, distinctGroups, network.config().architecture().context());
            NDArray q = network.quantilesAfterPrefix(batch, cache);
            scored = rows(q, batch.steps(), network.config().levelCount(), network.recalibration());
        }
        List<double[][]> out = new ArrayList<>();
        int from = 0;
        for (DistinctSequences d : distinct) {
            List<double[][]> own = scored.subList(from, from + d.distinct().size());
            for (double[][] q : d.expand(own)) {
                out.add(copy(q)); // each row its own arrays, as one at a time
            }
            from += d.distinct().size();
        }
        return out;
    }

    private static double[][] copy(double[][] q) {
        double[][] c = new double[q.length][];
        for (int t = 0; t < q.length; t++) {
            c[t] = q[t].clone();
        }
        return c;
    }

    private static List<double[][]> rows(NDArray q, int[] steps, int k, QuantileRecalibration recalibration) {
        int s = (int) q.getShape().get(1);
        float[] flat = q.toFloatArray();
        List<double[][]> out = new ArrayList<>(steps.length);
        for (int r = 0; r < steps.length; r++) {
            double[][] rows = new double[steps[r]][k];
            for (int t = 0; t < steps[r]; t++) {
                for (int j = 0; j < k; j++) {
                    rows[t][j] = flat[(r * s + t) * k + j];
                }
                recalibration.apply(rows[t]);
            }
            out.add(rows);
        }
        return out;
    }
}
