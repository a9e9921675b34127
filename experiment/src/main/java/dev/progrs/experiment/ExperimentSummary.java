package dev.progrs.experiment;

import dev.progrs.models.eval.TwoWayBootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The numbers of the experiment report, computed from the finished runs only (pure; no I/O). Rows are
 * arms, columns group sizes K. Every comparison with outcome-only GRPO is paired: the same K, the seeds
 * both arms ran (same prompts, same sampling streams), the same held-out problems; its interval is a
 * {@link TwoWayBootstrap} over seeds and problems.
 *
 * <pre>
 *   score of problem p in run s:   x_s(p) = correct answers / answers per problem   (sampled: of n; greedy: 0/1)
 *   difference to outcome-only:    D = mean_{s ∈ S, p ∈ P} (x_s^arm(p) − x_s^out(p))
 *   rollouts to outcome-only's final Pass@1:
 *       first evaluation e with mean_{s,p} x_{s,e}^arm(p) ≥ mean_{s,p} x_{s,final}^out(p), its rollouts; ∞ if none
 * </pre>
 */
public final class ExperimentSummary {

    private final ExperimentPlan plan;
    private final List<CellResult> results;
    private final int[] difficulties;

    /**
     * @param difficulties the held-out problems' step counts, in evaluation order (for the per-range Pass@1)
     */
    public ExperimentSummary(ExperimentPlan plan, List<CellResult> results, int[] difficulties) {
        this.plan = plan;
        this.results = List.copyOf(results);
        this.difficulties = difficulties.clone();
    }

    public ExperimentPlan plan() {
        return plan;
    }

    /** The K values of the plan at which {@code arm} runs. */
    public List<Integer> groupSizes(ExperimentArm arm) {
        return plan.groupSizes().stream().filter(arm.groupSizes()::contains).toList();
    }

    /** The finished runs of {@code arm} at {@code k}, in seed order. */
    public List<CellResult> runs(ExperimentArm arm, int k) {
        List<CellResult> out = new ArrayList<>();
        for (CellResult r : results) {
            ExperimentCell c = r.cell();
            if (c.variant() == arm.variant() && c.prm().equals(arm.prm()) && c.groupSize() == k) {
                out.add(r);
            }
        }
        out.sort((a, b) -> Long.compare(a.cell().seed(), b.cell().seed()));
        return out;
    }

    /** The outcome-only arm of the plan, or null when it has none. */
    public ExperimentArm baseline() {
        return plan.arms().stream().filter(a -> a.variant() == ExperimentVariant.OUTCOME_ONLY).findFirst().orElse(null);
    }

    /** Final held-out Pass@1 over seeds (sampled, the primary metric). */
    public MeanStd finalPassAtOne(ExperimentArm arm, int k) {
        return MeanStd.of(runs(arm, k).stream().map(r -> r.last().passAtOne()).toList());
    }

    /** Final greedy held-out Pass@1 over seeds. */
    public MeanStd finalGreedyPassAtOne(ExperimentArm arm, int k) {
        return MeanStd.of(runs(arm, k).stream().map(r -> r.last().greedyPassAtOne()).toList());
    }

    /**
     * Final Pass@1 over seeds on the held-out problems whose step count satisfies {@code steps}; NaN when the
     * runs have no per-problem results.
     */
    public MeanStd finalPassAtOne(ExperimentArm arm, int k, boolean greedy, IntPredicate steps) {
        List<Double> values = new ArrayList<>();
        for (CellResult r : runs(arm, k)) {
            double[] x = scores(r.last(), greedy);
            if (x != null) {
                values.add(meanWhere(x, steps));
            }
        }
        return MeanStd.of(values);
    }

    /** The warm policy's sampled Pass@1 on the held-out problems whose step count satisfies {@code steps}; NaN without per-problem results. */
    public double warmPassAtOne(IntPredicate steps) {
        if (results.isEmpty()) {
            return Double.NaN;
        }
        double[] x = scores(results.get(0).curve().get(0), false);
        return x == null ? Double.NaN : meanWhere(x, steps);
    }

    /** Mean of x over the problems whose step count satisfies {@code steps}; NaN when there are none. */
    private double meanWhere(double[] x, IntPredicate steps) {
        double sum = 0;
        int n = 0;
        for (int p = 0; p < x.length; p++) {
            if (steps.test(difficulties[p])) {
                sum += x[p];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Seed-mean Pass@1 at each evaluation point: {x = rollouts, y = mean Pass@1}. */
    public double[][] meanCurve(ExperimentArm arm, int k) {
        List<CellResult> runs = runs(arm, k);
        int points = runs.stream().mapToInt(r -> r.curve().size()).max().orElse(0);
        double[] x = new double[points];
        double[] y = new double[points];
        for (int i = 0; i < points; i++) {
            double sum = 0;
            int n = 0;
            for (CellResult r : runs) {
                if (i < r.curve().size()) {
                    x[i] = r.curve().get(i).rollouts();
                    sum += r.curve().get(i).passAtOne();
                    n++;
                }
            }
            y[i] = sum / n;
        }
        return new double[][] {x, y};
    }

    /** An arm's runs and outcome-only's runs at one K, restricted to the seeds both have, with per-problem results. */
    private record Paired(List<CellResult> arm, List<CellResult> base) {
    }

    private Paired paired(ExperimentArm arm, int k) {
        ExperimentArm base = baseline();
        if (base == null) {
            return null;
        }
        List<CellResult> a = new ArrayList<>();
        List<CellResult> b = new ArrayList<>();
        List<CellResult> baseRuns = runs(base, k);
        for (CellResult r : runs(arm, k)) {
            for (CellResult o : baseRuns) {
                if (o.cell().seed() == r.cell().seed() && r.curve().stream().allMatch(EvalPoint::hasPerProblem)
                        && o.curve().stream().allMatch(EvalPoint::hasPerProblem)) {
                    a.add(r);
                    b.add(o);
                }
            }
        }
        return a.isEmpty() ? null : new Paired(a, b);
    }

    /** Seeds the paired comparison of {@code arm} at {@code k} rests on (0 when it cannot be made). */
    public int pairedSeeds(ExperimentArm arm, int k) {
        Paired p = paired(arm, k);
        return p == null ? 0 : p.arm().size();
    }

    /** Held-out problems of the evaluation. */
    public int problems() {
        return difficulties.length;
    }

    /**
     * Final Pass@1 of {@code arm} minus outcome-only's, with its paired bootstrap 95% interval; null when
     * there is no paired run with per-problem results.
     */
    public TwoWayBootstrap.Interval differenceToOutcomeOnly(ExperimentArm arm, int k, boolean greedy) {
        Paired p = paired(arm, k);
        if (p == null) {
            return null;
        }
        double[][] a = p.arm().stream().map(r -> scores(r.last(), greedy)).toArray(double[][]::new);
        double[][] b = p.base().stream().map(r -> scores(r.last(), greedy)).toArray(double[][]::new);
        return TwoWayBootstrap.of((seeds, problems) -> mean(a, seeds, problems) - mean(b, seeds, problems), a.length,
                difficulties.length, Objects.hash(arm.id(), k, greedy));
    }

    /**
     * Final Pass@1 of {@code arm} minus the warm policy's on the same problems (every run starts from it), with
     * a bootstrap 95% interval over the arm's seeds and the problems; null without per-problem results.
     */
    public TwoWayBootstrap.Interval differenceToWarm(ExperimentArm arm, int k, boolean greedy) {
        List<CellResult> runs = runs(arm, k).stream().filter(r -> r.last().hasPerProblem() && r.curve().get(0).hasPerProblem()).toList();
        if (runs.isEmpty()) {
            return null;
        }
        double[][] a = runs.stream().map(r -> scores(r.last(), greedy)).toArray(double[][]::new);
        double[][] w = runs.stream().map(r -> scores(r.curve().get(0), greedy)).toArray(double[][]::new);
        return TwoWayBootstrap.of((seeds, problems) -> mean(a, seeds, problems) - mean(w, seeds, problems), a.length, difficulties.length,
                Objects.hash(arm.id(), k, greedy, "warm"));
    }

    /**
     * Rollouts after which the seed-mean sampled Pass@1 of {@code arm} first reaches outcome-only's final
     * seed-mean (same seeds), with its paired bootstrap 95% interval; +∞ = not reached within the budget;
     * null when the comparison cannot be made.
     */
    public TwoWayBootstrap.Interval rolloutsToOutcomeOnly(ExperimentArm arm, int k) {
        Paired p = paired(arm, k);
        if (p == null) {
            return null;
        }
        int points = p.arm().stream().mapToInt(r -> r.curve().size()).min().orElse(0);
        double[][][] atEvaluation = new double[points][p.arm().size()][]; // [evaluation][seed][problem]
        long[] rollouts = new long[points];
        for (int s = 0; s < p.arm().size(); s++) {
            for (int e = 0; e < points; e++) {
                atEvaluation[e][s] = scores(p.arm().get(s).curve().get(e), false);
                rollouts[e] = p.arm().get(s).curve().get(e).rollouts();
            }
        }
        double[][] target = p.base().stream().map(r -> scores(r.last(), false)).toArray(double[][]::new);
        return TwoWayBootstrap.of((seeds, problems) -> {
            double goal = mean(target, seeds, problems);
            for (int e = 0; e < points; e++) {
                if (mean(atEvaluation[e], seeds, problems) >= goal - 1e-12) {
                    return rollouts[e];
                }
            }
            return Double.POSITIVE_INFINITY;
        }, p.arm().size(), difficulties.length, Objects.hash(arm.id(), k, "rollouts"));
    }

    private static double mean(double[][] x, int[] seeds, int[] problems) {
        double sum = 0;
        for (int s : seeds) {
            for (int q : problems) {
                sum += x[s][q];
            }
        }
        return sum / ((double) seeds.length * problems.length);
    }

    /** Per-problem scores in [0, 1] of one evaluation, or null when not recorded. */
    static double[] scores(EvalPoint e, boolean greedy) {
        if (!e.hasPerProblem()) {
            return null;
        }
        int[] c = greedy ? e.greedyPerProblem() : e.primaryPerProblem();
        double n = greedy ? 1 : e.answersPerProblem();
        double[] x = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            x[i] = c[i] / n;
        }
        return x;
    }

    /** Reward-hacking indicators pooled over seeds; null for the supervised control. */
    public HackingIndicators indicators(ExperimentArm arm, int k) {
        List<List<UpdateStats>> runs = new ArrayList<>();
        for (CellResult r : runs(arm, k)) {
            runs.add(r.updates());
        }
        return HackingIndicators.of(runs);
    }

    /** e.g. {@code +4.2 [+1.0, +7.5]} in points, or {@code n/a}. */
    public static String points(TwoWayBootstrap.Interval i) {
        if (i == null || Double.isNaN(i.low())) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f]", 100 * i.estimate(), 100 * i.low(), 100 * i.high());
    }

    /** e.g. {@code 4,096 [2,048, not reached]}. */
    public static String rollouts(TwoWayBootstrap.Interval i) {
        if (i == null) {
            return "n/a";
        }
        return rollouts(i.estimate()) + " [" + rollouts(i.low()) + ", " + rollouts(i.high()) + "]";
    }

    private static String rollouts(double r) {
        return Double.isInfinite(r) ? "not reached" : String.format(Locale.ROOT, "%,d", Math.round(r));
    }
}
