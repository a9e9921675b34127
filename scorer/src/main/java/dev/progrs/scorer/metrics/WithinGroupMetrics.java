package dev.progrs.scorer.metrics;

import java.util.List;

/**
 * PRM quality as GRPO sees it: only differences between samples of one prompt matter, so the metrics
 * compare samples of the same prompt only (pooled metrics reward anything correlated with difficulty,
 * e.g. chain length).
 *
 * <pre>
 *   first-error AUROC (same prompt, same step t):
 *     cells (prompt, t); positives: samples whose first wrong step is t; negatives: samples whose steps
 *     1..t are all right; score: the PRM's confidence at step t
 *     AUROC = Σ_cells Σ_{p ∈ pos, n ∈ neg} (1[c_n > c_p] + ½·1[c_n = c_p]) / Σ_cells |pos|·|neg|
 *   progress concordance (within incorrect samples of a prompt):
 *     pairs (i, j) of incorrect samples of one prompt with first errors e_i < e_j;
 *     concordance = Σ (1[b_j > b_i] + ½·1[b_j = b_i]) / #pairs       (b the process score)
 * </pre>
 * Both are NaN when no cell or pair exists.
 */
public final class WithinGroupMetrics {

    /**
     * One scored sample.
     *
     * @param prompt         group key (same prompt)
     * @param firstWrongStep 0-based index of the first wrong step, −1 when every step is right
     * @param correct        the outcome (answer right)
     * @param confidences    the PRM's step confidences, one per step line (answer line last)
     * @param processScore   the process score b the scorer emits
     */
    public record ScoredSample(String prompt, int firstWrongStep, boolean correct, double[] confidences, double processScore) {
    }

    /** A fraction with the number of comparisons behind it. */
    public record Concordance(double value, long pairs) {
    }

    private WithinGroupMetrics() {
    }

    /** Same-prompt first-error AUROC (class comment). */
    public static Concordance firstErrorAuroc(List<ScoredSample> samples) {
        return firstErrorAuroc(samples, s -> true);
    }

    /**
     * The same-prompt first-error AUROC with only the wrong samples that {@code erring} accepts on the
     * wrong side of a pair (e.g. those whose first error is of one kind); every sample still counts as
     * right through the steps before its first error.
     */
    public static Concordance firstErrorAuroc(List<ScoredSample> samples, java.util.function.Predicate<ScoredSample> erring) {
        java.util.Map<String, List<ScoredSample>> byPrompt = group(samples);
        double wins = 0;
        long pairs = 0;
        for (List<ScoredSample> g : byPrompt.values()) {
            int maxSteps = g.stream().mapToInt(s -> s.confidences().length).max().orElse(0);
            for (int t = 0; t < maxSteps; t++) {
                for (ScoredSample p : g) {
                    if (p.firstWrongStep() != t || t >= p.confidences().length || !erring.test(p)) {
                        continue;
                    }
                    for (ScoredSample n : g) {
                        boolean rightThroughT = n.firstWrongStep() < 0 || n.firstWrongStep() > t;
                        if (!rightThroughT || t >= n.confidences().length) {
                            continue;
                        }
                        pairs++;
                        double cn = n.confidences()[t];
                        double cp = p.confidences()[t];
                        wins += cn > cp ? 1 : cn == cp ? 0.5 : 0;
                    }
                }
            }
        }
        return new Concordance(pairs == 0 ? Double.NaN : wins / pairs, pairs);
    }

    /** Within-incorrect progress concordance (class comment). */
    public static Concordance progressConcordance(List<ScoredSample> samples) {
        double wins = 0;
        long pairs = 0;
        for (List<ScoredSample> g : group(samples).values()) {
            for (ScoredSample a : g) {
                for (ScoredSample b : g) {
                    if (a.correct() || b.correct() || a.firstWrongStep() < 0 || b.firstWrongStep() < 0
                            || a.firstWrongStep() >= b.firstWrongStep()) {
                        continue;
                    }
                    pairs++;
                    wins += b.processScore() > a.processScore() ? 1 : b.processScore() == a.processScore() ? 0.5 : 0;
                }
            }
        }
        return new Concordance(pairs == 0 ? Double.NaN : wins / pairs, pairs);
    }

    private static java.util.Map<String, List<ScoredSample>> group(List<ScoredSample> samples) {
        java.util.Map<String, List<ScoredSample>> byPrompt = new java.util.LinkedHashMap<>();
        for (ScoredSample s : samples) {
            byPrompt.computeIfAbsent(s.prompt(), k -> new java.util.ArrayList<>()).add(s);
        }
        return byPrompt;
    }
}
