package dev.progrs.models.prm;

import dev.progrs.models.tokenizer.CharTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scorer needs of a process reward model: the quantiles {@code Q_τ,t} of every step of
 * every sequence (docs/method.md §1). Implemented by the trained, frozen {@link FrozenPrm} and by the
 * training-free PRMs of the testbed ({@link OraclePrm}, {@link BiasedPrm}), so that PRM quality is
 * a controlled variable: the same scorer, coherence evaluator and centering consume them all.
 * Loaded by name or directory with {@link ProcessRewardModels#load}.
 */
public interface ProcessRewardModel extends AutoCloseable {

    /** Q_τ,t per sequence: [T][K], levels in the order of {@link #quantileLevels()}. */
    List<double[][]> score(List<PrmSequence> sequences);

    /**
     * {@link #score} of the sequences of every group, flattened in order (group 0's first). A PRM
     * that can use the shared prefix (the trained, causal ones) encodes each group's prefix once; the
     * scores equal {@link #score}'s up to float rounding. By default: {@link #score} of them all.
     */
    default List<double[][]> scoreGroups(List<PrmGroup> groups) {
        List<PrmSequence> all = new ArrayList<>();
        for (PrmGroup g : groups) {
            all.addAll(g.sequences());
        }
        return score(all);
    }

    /** τ, ascending. */
    double[] quantileLevels();

    CharTokenizer tokenizer();

    /** Longest sequence the PRM reads. */
    int context();

    /** SHA-256 (hex) of what defines the PRM: the weights file, or the specification of a training-free PRM. */
    String sha256();

    /**
     * SHA-256 of the PRM as it is in memory now (the scorer checks it never changes); a
     * training-free PRM has nothing to change, so it returns {@link #sha256()}.
     */
    default String currentWeightsSha256() {
        return sha256();
    }

    /** Identity recorded on every scored record, e.g. {@code prm-v1}, {@code oracle}, {@code noisy-oracle:0.2}. */
    String name();

    @Override
    void close();
}
