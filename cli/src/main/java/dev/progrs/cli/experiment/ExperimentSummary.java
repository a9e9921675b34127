package dev.progrs.cli.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The numbers of the experiment report, computed from the finished runs only (pure; no I/O). A column
 * is one (K, PRM) pair; arms that ignore the PRM appear with the same runs in every PRM column of
 * their K.
 */
public final class ExperimentSummary {

    /** One (K, PRM) column of the tables. */
    public record Column(int groupSize, String prm) {
        public String label() {
            return "K=" + groupSize + ", " + prm + " PRM";
        }

        /** File-name part, e.g. {@code k8-default}. */
        public String id() {
            return "k" + groupSize + "-" + prm;
        }
    }

    private final ExperimentPlan plan;
    private final List<CellResult> results;

    public ExperimentSummary(ExperimentPlan plan, List<CellResult> results) {
        this.plan = plan;
        this.results = List.copyOf(results);
    }

    public List<Column> columns() {
        List<Column> out = new ArrayList<>();
        for (int k : plan.groupSizes()) {
            for (String prm : plan.prms().keySet()) {
                out.add(new Column(k, prm));
            }
        }
        return out;
    }

    /** The finished runs of {@code variant} that belong in {@code column}, in seed order. */
    public List<CellResult> runs(ExperimentVariant variant, Column column) {
        List<CellResult> out = new ArrayList<>();
        for (CellResult r : results) {
            ExperimentCell c = r.cell();
            if (c.variant() == variant && c.groupSize() == column.groupSize()
                    && (variant.usesPrm() ? c.prm().equals(column.prm()) : c.prm().equals(ExperimentCell.NO_PRM))) {
                out.add(r);
            }
        }
        out.sort((a, b) -> Long.compare(a.cell().seed(), b.cell().seed()));
        return out;
    }

    /** Final held-out Pass@1 over seeds. */
    public MeanStd finalPassAtOne(ExperimentVariant variant, Column column) {
        List<Double> finals = new ArrayList<>();
        for (CellResult r : runs(variant, column)) {
            finals.add(r.last().passAtOne());
        }
        return MeanStd.of(finals);
    }

    /** Final greedy held-out Pass@1 over seeds. */
    public MeanStd finalGreedyPassAtOne(ExperimentVariant variant, Column column) {
        List<Double> finals = new ArrayList<>();
        for (CellResult r : runs(variant, column)) {
            finals.add(r.last().greedyPassAtOne());
        }
        return MeanStd.of(finals);
    }

    /**
     * Seed-mean Pass@1 at each evaluation point: {x = rollouts, y = mean Pass@1}. Every run of a plan
     * evaluates at the same rollouts, so point i is averaged over the runs that have it.
     */
    public double[][] meanCurve(ExperimentVariant variant, Column column) {
        List<CellResult> runs = runs(variant, column);
        int points = 0;
        for (CellResult r : runs) {
            points = Math.max(points, r.curve().size());
        }
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

    /**
     * Rollouts after which the seed-mean Pass@1 of {@code variant} first reaches the outcome-only arm's
     * final seed-mean Pass@1 in the same column; empty if it never does or there is no baseline.
     */
    public OptionalLong rolloutsToBaseline(ExperimentVariant variant, Column column) {
        MeanStd baseline = finalPassAtOne(ExperimentVariant.OUTCOME_ONLY, column);
        if (baseline.n() == 0) {
            return OptionalLong.empty();
        }
        double[][] curve = meanCurve(variant, column);
        for (int i = 0; i < curve[0].length; i++) {
            if (curve[1][i] >= baseline.mean() - 1e-12) {
                return OptionalLong.of(Math.round(curve[0][i]));
            }
        }
        return OptionalLong.empty();
    }

    /** Reward-hacking indicators pooled over seeds; null for the supervised control. */
    public HackingIndicators indicators(ExperimentVariant variant, Column column) {
        List<List<UpdateStats>> runs = new ArrayList<>();
        for (CellResult r : runs(variant, column)) {
            runs.add(r.updates());
        }
        return HackingIndicators.of(runs);
    }

    /** Formats a rollouts-to-baseline entry. */
    public static String rollouts(OptionalLong value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%,d", value.getAsLong()) : "not reached";
    }
}
