package dev.progrs.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * The pilot that fixes the experiment's learning rate and λ before any arm runs, on training signals only
 * (never on held-out Pass@1, which the pilot does not measure):
 *
 * <pre>
 *   lr: outcome-only GRPO at each candidate; keep those whose mean approximate KL per update is ≤ KL_LIMIT;
 *       choose the one with the highest train reward over the last quarter of its updates
 *   λ:  PROGRS with the first PRM at the chosen lr, at each candidate λ; the all-incorrect groups' share of
 *       Σ|A| over the run must lie in [SHARE_LOW, SHARE_HIGH]; choose the λ whose share is closest to the
 *       middle of that range
 * </pre>
 */
final class ExperimentPilot {

    /** Largest mean approximate KL(π_behave ‖ π_θ) per update a learning rate may cause. */
    static final double KL_LIMIT = 0.01;
    /** The range the all-incorrect groups' share of Σ|A| must fall in. */
    static final double SHARE_LOW = 0.15;
    static final double SHARE_HIGH = 0.40;

    /** One pilot run: its settings and the training signals it produced. */
    record Row(String arm, float lr, double lambda, double rewardEarly, double rewardLate, double klMean, double allIncorrectShare) {
    }

    /** The pilot's runs and choices. */
    record Result(List<Row> lrRows, float lr, List<Row> lambdaRows, double lambda) {
    }

    private ExperimentPilot() {
    }

    static Result run(ExperimentResources r, List<Float> lrs, List<Double> lambdas, int rollouts, LongConsumer progress) {
        ExperimentPlan plan = r.plan;
        int k = plan.groupSizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
        long seed = plan.seeds().get(0);
        List<Row> lrRows = new ArrayList<>();
        for (float lr : lrs) {
            ExperimentCell cell = new ExperimentCell(ExperimentVariant.OUTCOME_ONLY, k, ExperimentCell.NO_PRM, seed);
            lrRows.add(row("outcome-only", lr, 0, LockStepRlRun.run(cell, r, plan.withPilot(lr, plan.lambda(), rollouts), false, progress)));
        }
        float lr = chooseLearningRate(lrRows);
        String prm = plan.prms().keySet().iterator().next();
        List<Row> lambdaRows = new ArrayList<>();
        for (double lambda : lambdas) {
            ExperimentCell cell = new ExperimentCell(ExperimentVariant.PROGRS, k, prm, seed);
            lambdaRows.add(row("incorrect@" + prm, lr, lambda, LockStepRlRun.run(cell, r, plan.withPilot(lr, lambda, rollouts), false, progress)));
        }
        return new Result(lrRows, lr, lambdaRows, chooseLambda(lambdaRows));
    }

    static float chooseLearningRate(List<Row> rows) {
        Row best = null;
        for (Row row : rows) {
            if (row.klMean() <= KL_LIMIT && (best == null || row.rewardLate() > best.rewardLate())) {
                best = row;
            }
        }
        if (best == null) {
            throw new IllegalStateException("every pilot learning rate exceeded the KL limit " + KL_LIMIT + ": " + rows
                    + "; give smaller candidates with --pilot-lr");
        }
        return best.lr();
    }

    static double chooseLambda(List<Row> rows) {
        double middle = (SHARE_LOW + SHARE_HIGH) / 2;
        Row best = null;
        for (Row row : rows) {
            double s = row.allIncorrectShare();
            if (s >= SHARE_LOW && s <= SHARE_HIGH && (best == null || Math.abs(s - middle) < Math.abs(best.allIncorrectShare() - middle))) {
                best = row;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no pilot λ put the all-incorrect groups' share of Σ|A| in [" + SHARE_LOW + ", " + SHARE_HIGH
                    + "]: " + rows + "; give other candidates with --pilot-lambda");
        }
        return best.lambda();
    }

    private static Row row(String arm, float lr, double lambda, CellResult result) {
        List<UpdateStats> u = result.updates();
        int quarter = Math.max(1, u.size() / 4);
        double early = 0;
        double late = 0;
        double kl = 0;
        double abs = 0;
        double allIncorrect = 0;
        for (int i = 0; i < u.size(); i++) {
            double reward = (double) u.get(i).correct() / u.get(i).samples();
            early += i < quarter ? reward / quarter : 0;
            late += i >= u.size() - quarter ? reward / quarter : 0;
            kl += u.get(i).klEstimate() / u.size();
            abs += u.get(i).advantageAbs();
            allIncorrect += u.get(i).advantageAbsAllIncorrect();
        }
        return new Row(arm, lr, lambda, early, late, kl, abs == 0 ? Double.NaN : allIncorrect / abs);
    }

    /** The pilot as Markdown, for {@code pilot.md} next to the report. */
    static String markdown(Result p, int rollouts, String command) {
        StringBuilder b = new StringBuilder("# Pilot: learning rate and λ\n\n");
        b.append("Command: `").append(command).append("`\n\n");
        b.append(String.format(Locale.ROOT, "Each pilot run: %,d rollouts, the experiment's first seed and largest K, no held-out "
                + "evaluation. Rule: the learning rate with the highest train reward over the last quarter of its updates among those "
                + "whose mean approximate KL per update is at most %s; then the λ whose all-incorrect share of Σ|A| is closest to "
                + "%.3f within [%.2f, %.2f].%n%n", rollouts, KL_LIMIT, (SHARE_LOW + SHARE_HIGH) / 2, SHARE_LOW, SHARE_HIGH));
        b.append("| arm | lr | λ | train reward, first quarter | train reward, last quarter | mean KL per update | all-incorrect share of Σ\\|A\\| |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Row r : p.lrRows()) {
            b.append(line(r));
        }
        for (Row r : p.lambdaRows()) {
            b.append(line(r));
        }
        b.append(String.format(Locale.ROOT, "%nChosen: lr = %s, λ = %s.%n", p.lr(), p.lambda()));
        return b.toString();
    }

    private static String line(Row r) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.2e | %s |%n", r.arm(), r.lr(), r.lambda(), r.rewardEarly(),
                r.rewardLate(), r.klMean(), Double.isNaN(r.allIncorrectShare()) ? "n/a" : String.format(Locale.ROOT, "%.3f", r.allIncorrectShare()));
    }
}
