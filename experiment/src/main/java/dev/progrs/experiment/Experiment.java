package dev.progrs.experiment;

import ai.djl.Device;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.pretrain.TrainedSuite;
import dev.progrs.models.prm.ProcessRewardModels;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.BalancedTestSet;
import dev.progrs.tasks.arithmetic.StepRange;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The PROGRS comparison on the built-in suite, run as the command asks: the grid of {@link ExperimentPlan}
 * (resumable through {@link ExperimentStore}: finished runs are kept and skipped) followed by the report,
 * the report alone from stored runs, or the pilot that picks the learning rate and λ.
 *
 * @param plan        the validated grid and its budgets
 * @param dir         experiment directory (runs/, report/, pilot.md)
 * @param device      DJL device of every run
 * @param console     where progress lines and the final table go
 * @param commandLine the command that makes these runs, quoted in the report
 */
public record Experiment(ExperimentPlan plan, Path dir, Device device, PrintStream console, String commandLine) {

    /** Checks that the plan's warm policy and every PRM exist and load as what they claim, before any run starts. */
    public void validateModels() {
        if (!Files.isDirectory(plan.warmPolicy())) {
            throw new IllegalArgumentException("--warm-policy: checkpoint directory " + plan.warmPolicy().toAbsolutePath() + " does not exist "
                    + "(run from the repository root, or train one with `progrs pretrain` / `progrs train-prm`)");
        }
        plan.prms().forEach((name, path) -> {
            try {
                ProcessRewardModels.validate(path.toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--prm " + name + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Runs every cell of the grid that the store does not hold yet (none when {@code reportOnly}), then writes
     * the report from all stored runs.
     *
     * @return 0 when every cell of the grid is finished, 3 when some are missing (a report-only call on a partial grid)
     */
    public int runGridAndReport(boolean reportOnly) throws Exception {
        ExperimentStore store = ExperimentStore.open(dir, plan);
        ArithmeticSuite suite = new ArithmeticSuite(TrainedSuite.configOf(plan.warmPolicy()));
        StepRange evalRange = new StepRange(plan.evalMinSteps(), plan.evalMaxSteps());
        int perCell = BalancedTestSet.perCell(evalRange, plan.evalProblems());
        List<Problem> evalSet = BalancedTestSet.select(suite, evalRange, perCell);
        String evalDescription = String.format(Locale.ROOT, "%d test problems, %d per (steps, used givens) cell over %d–%d steps and "
                + "1–3 used givens", evalSet.size(), perCell, evalRange.min(), evalRange.max());
        HeldOutEvaluation heldOut = new HeldOutEvaluation(evalSet, plan.temperature(), plan.evalSamples());
        List<ExperimentCell> cells = plan.cells();
        List<CellResult> results = new ArrayList<>();
        List<ExperimentCell> todo = new ArrayList<>();
        for (ExperimentCell c : cells) {
            store.load(c).ifPresentOrElse(results::add, () -> todo.add(c));
        }
        console.printf(Locale.ROOT, "progrs experiment: %s%n%d runs in the grid, %d finished, %d to run%n", dir, cells.size(),
                results.size(), reportOnly ? 0 : todo.size());
        double seconds = 0;
        if (!reportOnly && !todo.isEmpty()) {
            long t0 = System.nanoTime();
            runCells(todo, suite, heldOut, evalSet.size(), store, results);
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        results.sort((a, b) -> Integer.compare(cells.indexOf(a.cell()), cells.indexOf(b.cell())));
        ExperimentSummary summary = new ExperimentSummary(plan, results, evalSet.stream().mapToInt(Problem::difficulty).toArray());
        double total = results.stream().mapToDouble(CellResult::seconds).sum();
        String provenance = String.format(Locale.ROOT, "Machine: %d cores, %s %s, Java %s, device %s. Written %s; the %d finished runs took "
                        + "%.0f s of wall-clock in total (%.0f s in this invocation).", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), device,
                Instant.now().toString().substring(0, 19) + "Z", results.size(), total, seconds);
        List<Path> files = ExperimentReport.write(dir.resolve("report"), summary, results, commandLine, provenance,
                heldOut.describe(), evalDescription);
        printFinalTable(summary, heldOut.describe());
        console.println("report: " + files.get(0));
        return results.size() == cells.size() ? 0 : 3;
    }

    private void runCells(List<ExperimentCell> todo, ArithmeticSuite suite, HeldOutEvaluation heldOut, int evalProblems,
                          ExperimentStore store, List<CellResult> results) throws Exception {
        EvalPoint warm;
        try (PolicyModel policy = PolicyCheckpoint.load(plan.warmPolicy(), device)) {
            warm = heldOut.evaluate(policy, 0);
        }
        console.printf(Locale.ROOT, "warm policy on %d held-out problems: Pass@1 %.1f%% (%s), greedy %.1f%%%n", evalProblems,
                100 * warm.passAtOne(), heldOut.describe(), 100 * warm.greedyPassAtOne());
        try (ExperimentResources resources = new ExperimentResources(plan, device, suite, heldOut, warm);
             ProgressBar bar = new ProgressBarBuilder().setTaskName("experiment").setInitialMax((long) todo.size() * plan.rollouts())
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" rollouts", 1).showSpeed().build()) {
            for (int i = 0; i < todo.size(); i++) {
                ExperimentCell cell = todo.get(i);
                bar.setExtraMessage(String.format(Locale.ROOT, " run %d/%d %s", i + 1, todo.size(), cell.id()));
                CellResult result = cell.variant().supervised()
                        ? SupervisedControlRun.run(cell, resources, bar::stepBy)
                        : LockStepRlRun.run(cell, resources, bar::stepBy);
                store.save(result);
                results.add(result);
                bar.setExtraMessage(String.format(Locale.ROOT, " run %d/%d %s: Pass@1 %.1f%% -> %.1f%%", i + 1, todo.size(), cell.id(),
                        100 * warm.passAtOne(), 100 * result.last().passAtOne()));
            }
        }
    }

    private void printFinalTable(ExperimentSummary summary, String metric) {
        console.println();
        console.println("Final held-out " + metric + " (%, mean ± std over seeds), and the paired difference to "
                + "outcome-only (points, 95% interval):");
        for (ExperimentArm a : plan.arms()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-22s", a.id()));
            for (int k : summary.groupSizes(a)) {
                line.append(String.format(Locale.ROOT, "  K=%d: %-12s", k, summary.finalPassAtOne(a, k).percent()));
                if (a.variant() != ExperimentVariant.OUTCOME_ONLY) {
                    line.append(" ").append(ExperimentSummary.points(summary.differenceToOutcomeOnly(a, k, false)));
                }
            }
            console.println(line);
        }
    }

    /** The pilot ({@link ExperimentPilot}): learning rates, then λ values, {@code rollouts} each; writes pilot.md into the directory. */
    public int runPilot(List<Float> learningRates, List<Double> lambdas, int rollouts) throws Exception {
        Files.createDirectories(dir);
        ArithmeticSuite suite = new ArithmeticSuite(TrainedSuite.configOf(plan.warmPolicy()));
        EvalPoint none = new EvalPoint(0, 0, 0, 0, 0, null, null);
        int runs = learningRates.size() + lambdas.size();
        ExperimentPilot.Result result;
        try (ExperimentResources resources = new ExperimentResources(plan, device, suite, null, none);
             ProgressBar bar = new ProgressBarBuilder().setTaskName("pilot").setInitialMax((long) runs * rollouts)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" rollouts", 1).showSpeed().build()) {
            result = ExperimentPilot.run(resources, learningRates, lambdas, rollouts, bar::stepBy);
        }
        String md = ExperimentPilot.markdown(result, rollouts, commandLine);
        Files.writeString(dir.resolve("pilot.md"), md);
        console.println(md);
        console.println("written: " + dir.resolve("pilot.md"));
        return 0;
    }
}
