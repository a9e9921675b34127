package dev.progrs.models.policy;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Top-p (nucleus) selection over a probability vector.
 *
 * <pre>
 *   sort p descending: p_(1) ≥ p_(2) ≥ …
 *   N = { (1), …, (k) }  with k the smallest index such that Σ_{j ≤ k} p_(j) ≥ top-p
 *   draw i ∈ N with probability p_i / Σ_{j ∈ N} p_j
 * </pre>
 * Ties in p are broken by lower index first, so the nucleus is deterministic.
 */
public final class NucleusSampling {

    private NucleusSampling() {
    }

    /** Indices of the nucleus, most probable first. */
    public static int[] nucleus(double[] probs, double topP) {
        Integer[] order = new Integer[probs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> probs[a] != probs[b] ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
        double total = 0;
        for (double p : probs) {
            total += p;
        }
        double cum = 0;
        int k = 0;
        while (k < order.length) {
            cum += probs[order[k]];
            k++;
            if (cum >= topP * total * (1 - 1e-12)) {
                break;
            }
        }
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** Draws one index from the nucleus of {@code probs} (all of {@code probs} when topP ≥ 1). */
    public static int sample(double[] probs, double topP, SplittableRandom rng) {
        if (topP >= 1) {
            double total = 0;
            for (double p : probs) {
                total += p;
            }
            double u = rng.nextDouble() * total;
            for (int i = 0; i < probs.length; i++) {
                u -= probs[i];
                if (u < 0) {
                    return i;
                }
            }
            return lastPositive(probs);
        }
        int[] kept = nucleus(probs, topP);
        double mass = 0;
        for (int i : kept) {
            mass += probs[i];
        }
        double u = rng.nextDouble() * mass;
        for (int i : kept) {
            u -= probs[i];
            if (u < 0) {
                return i;
            }
        }
        return kept[kept.length - 1];
    }

    private static int lastPositive(double[] probs) {
        for (int i = probs.length - 1; i >= 0; i--) {
            if (probs[i] > 0) {
                return i;
            }
        }
        return 0;
    }
}
