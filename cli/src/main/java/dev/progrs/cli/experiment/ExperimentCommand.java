package dev.progrs.cli.experiment;

import ai.djl.Device;
import dev.progrs.centering.maths.BonusScale;
import dev.progrs.cli.run.RunCommand;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.arithmetic.BalancedTestSet;
import dev.progrs.tasks.arithmetic.StepRange;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code progrs experiment}: the comparison of docs/method.md §7 on the built-in suite — outcome-only GRPO,
 * the absolute PRM bonus, PROGRS, the ablations and a continued-supervised control, over K values,
 * PRM qualities and seeds — with a report folder. Resumable: finished runs are kept and skipped.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run the PROGRS comparison (METHOD.md §6): outcome-only GRPO, absolute PRM bonus (none), PROGRS (incorrect), "
                + "the ablations both / group / mixing-reward and a continued-supervised control (sft), each from the same warm policy "
                + "with the same prompts and rollout budget, for every K, PRM and seed; then write the report (Markdown, PNG, CSV). "
                + "Each run is the pipeline's own classes in lock-step (sample, verify, score, centre, GRPO update) without Kafka, "
                + "so a seed reproduces it. Resumable: re-running the same command skips finished runs. --quick: a CI-sized grid.")
public final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Tiny budgets (seconds per run) that still exercise the whole grid and report.")
    boolean quick;

    @Option(names = "--out", description = "Experiment directory (default: progrs-data/experiments/full, or .../quick with --quick).")
    Path out;

    @Option(names = "--warm-policy", defaultValue = "models/warm/policy-v1", description = "Warm policy of every run (default: ${DEFAULT-VALUE}).")
    Path warmPolicy;

    @Option(names = "--prm", split = ",", description = "NAME=PRM of each PRM quality, PRM a directory or oracle, noisy-oracle:P, biased "
            + "(default: default=models/warm/prm-v1,oracle=oracle,noisy=noisy-oracle:0.2,biased=biased).")
    List<String> prmSpecs;

    @Option(names = "--arms", split = ",", description = "Arms to run, each VARIANT or VARIANT@PRM (PRM a name given by --prm), at every "
            + "--k and seed; variants: outcome-only, none, incorrect, both, group, mixing-reward, sft (default: the designed grid, see "
            + "docs/experiment).")
    List<String> armSpecs;

    @Option(names = "--k", split = ",", description = "Group sizes K (default: 4,8).")
    List<Integer> groupSizes;

    @Option(names = "--seeds", split = ",", description = "Seeds, one replicate of the grid each (default: 1,2,3; quick: 1,2).")
    List<Long> seeds;

    @Option(names = "--rollouts", description = "Training samples per run (default: 8192; quick: 64).")
    Integer rollouts;

    @Option(names = "--samples-per-update", description = "Samples per GRPO update, B·K (default: 64; quick: 32).")
    Integer samplesPerUpdate;

    @Option(names = "--evaluations", description = "Held-out evaluations per run after the warm start (default: 4; quick: 1).")
    Integer evaluations;

    @Option(names = "--eval-problems", description = "Held-out test problems, balanced by steps (--eval-steps) and by used givens "
            + "(1-3): the largest multiple of 3 x levels that fits (default: 336; quick: 12).")
    Integer evalProblems;

    @Option(names = "--eval-steps", converter = dev.progrs.cli.StepRangeConverter.class, defaultValue = "4..7", description = "Step counts of the held-out problems: the training range and "
            + "an easier one (default: ${DEFAULT-VALUE}).")
    StepRange evalSteps;

    @Option(names = "--eval-samples", description = "Samples per held-out problem at the training temperature for the reported Pass@1 "
            + "(mean over them); 0 = greedy. Greedy Pass@1 is reported too (default: 4; quick: 2).")
    Integer evalSamples;

    @Option(names = "--steps", converter = dev.progrs.cli.StepRangeConverter.class, defaultValue = "4..7", description = "Solution steps of the training problems (default: ${DEFAULT-VALUE}: the "
            + "testbed's RL range 6..7 for policy-v1 and the easier 4..5; trained on 6..7 alone, outcome-only GRPO forgot the shorter "
            + "chains, see docs/experiment).")
    StepRange steps;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Learning rate of every arm, chosen by the pilot (docs/experiment/pilot.md); "
            + "above 2e-4 is accepted with a warning (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--updates-per-batch", defaultValue = "2", description = "Optimiser steps per batch, for every arm (default: ${DEFAULT-VALUE}).")
    int updatesPerBatch;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--lambda", defaultValue = "0.4", description = "PRM bonus weight of the PRM arms, chosen by the pilot so that "
            + "all-incorrect groups carry 15-40%% of Σ|A| (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--bonus-scale", defaultValue = "std", description = "raw | std: the PRM arms' centred bonus as is, or each centred "
            + "set divided by its own std so that --lambda alone sets its weight (default: ${DEFAULT-VALUE}).")
    String bonusScale;

    @Option(names = "--dual-clip", defaultValue = "3", description = "Dual clip of the GRPO surrogate for negative advantages: off, or "
            + "c > 1 (default: ${DEFAULT-VALUE}, as verl). Results stored before this option existed were made without it (off).")
    String dualClip;

    @Option(names = "--pilot", description = "Run only the pilot that picks the learning rate (outcome-only GRPO, train reward and KL) "
            + "and then λ (PROGRS, the all-incorrect share of Σ|A|), without any held-out evaluation; writes pilot.md into --out.")
    boolean pilot;

    @Option(names = "--pilot-lr", split = ",", defaultValue = "5e-5,1e-4,2e-4,4e-4", description = "Learning rates the pilot tries "
            + "(default: ${DEFAULT-VALUE}).")
    List<Float> pilotLrs;

    @Option(names = "--pilot-lambda", split = ",", defaultValue = "0.1,0.2,0.4", description = "λ values the pilot tries, with "
            + "--bonus-scale (default: ${DEFAULT-VALUE}).")
    List<Double> pilotLambdas;

    @Option(names = "--pilot-rollouts", defaultValue = "4096", description = "Rollouts per pilot run (default: ${DEFAULT-VALUE}).")
    int pilotRollouts;

    @Option(names = "--report-only", description = "Write the report from the finished runs in --out without running anything.")
    boolean reportOnly;

    @Option(names = "--device", defaultValue = "cpu", description = "DJL device, e.g. cpu or gpu(0) (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        ExperimentPlan plan = plan();
        plan.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        Path dir = (out != null ? out : Path.of("progrs-data", "experiments", quick ? "quick" : "full")).toAbsolutePath();
        if (!reportOnly) { // a report is written from the stored runs alone: no model is read
            requireDirectory(plan.warmPolicy(), "--warm-policy");
            plan.prms().forEach((name, path) -> {
                try {
                    dev.progrs.models.prm.ProcessRewardModels.validate(path.toString());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--prm " + name + ": " + e.getMessage(), e);
                }
            });
        }
        Device dev = Device.fromName(device);
        if (pilot) {
            return runPilot(plan, dir, dev, console);
        }
        ExperimentStore store = ExperimentStore.open(dir, plan);
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
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
            EvalPoint warm;
            try (PolicyModel policy = PolicyCheckpoint.load(plan.warmPolicy(), dev)) {
                warm = heldOut.evaluate(policy, 0);
            }
            console.printf(Locale.ROOT, "warm policy on %d held-out problems: Pass@1 %.1f%% (%s), greedy %.1f%%%n", evalSet.size(),
                    100 * warm.passAtOne(), heldOut.describe(), 100 * warm.greedyPassAtOne());
            try (ExperimentResources resources = new ExperimentResources(plan, dev, suite, heldOut, warm);
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
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        results.sort((a, b) -> Integer.compare(cells.indexOf(a.cell()), cells.indexOf(b.cell())));
        ExperimentSummary summary = new ExperimentSummary(plan, results, evalSet.stream().mapToInt(Problem::difficulty).toArray());
        double total = results.stream().mapToDouble(CellResult::seconds).sum();
        String provenance = String.format(Locale.ROOT, "Machine: %d cores, %s %s, Java %s, device %s. Written %s; the %d finished runs took "
                        + "%.0f s of wall-clock in total (%.0f s in this invocation).", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), dev,
                Instant.now().toString().substring(0, 19) + "Z", results.size(), total, seconds);
        List<Path> files = ExperimentReport.write(dir.resolve("report"), summary, results, commandLine(), provenance,
                heldOut.describe(), evalDescription);
        console.println();
        console.println("Final held-out " + heldOut.describe() + " (%, mean ± std over seeds), and the paired difference to "
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
        console.println("report: " + files.get(0));
        return results.size() == cells.size() ? 0 : 3;
    }

    private int runPilot(ExperimentPlan plan, Path dir, Device dev, PrintStream console) throws Exception {
        Files.createDirectories(dir);
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
        EvalPoint none = new EvalPoint(0, 0, 0, 0, 0, null, null);
        int runs = pilotLrs.size() + pilotLambdas.size();
        ExperimentPilot.Result result;
        try (ExperimentResources resources = new ExperimentResources(plan, dev, suite, null, none);
             ProgressBar bar = new ProgressBarBuilder().setTaskName("pilot").setInitialMax((long) runs * pilotRollouts)
                     .setStyle(ProgressBarStyle.ASCII).setUnit(" rollouts", 1).showSpeed().build()) {
            result = ExperimentPilot.run(resources, pilotLrs, pilotLambdas, pilotRollouts, bar::stepBy);
        }
        String md = ExperimentPilot.markdown(result, pilotRollouts, commandLine());
        Files.writeString(dir.resolve("pilot.md"), md);
        console.println(md);
        console.println("written: " + dir.resolve("pilot.md"));
        return 0;
    }

    ExperimentPlan plan() {
        Map<String, Path> prms = new LinkedHashMap<>();
        List<String> specs = prmSpecs != null ? prmSpecs : List.of(ExperimentArm.SHIPPED_PRM + "=models/warm/prm-v1",
                ExperimentArm.ORACLE + "=oracle", ExperimentArm.NOISY + "=noisy-oracle:0.2", ExperimentArm.BIASED + "=biased");
        for (String s : specs) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException("--prm " + s + " is not NAME=DIR, e.g. weak=models/warm/prm-weak-v0");
            }
            prms.put(s.substring(0, eq).trim(), Path.of(s.substring(eq + 1).trim()));
        }
        List<Integer> ks = groupSizes != null ? groupSizes : List.of(4, 8);
        List<Long> seedList = seeds != null ? seeds : quick ? List.of(1L, 2L) : List.of(1L, 2L, 3L);
        List<ExperimentArm> arms = armSpecs == null ? ExperimentArm.defaults(List.copyOf(prms.keySet()), ks, seedList.size())
                : armSpecs.stream().map(a -> ExperimentArm.parse(a, prms.keySet(), ks, seedList.size())).toList();
        return new ExperimentPlan(warmPolicy, prms, arms, ks, seedList,
                pick(rollouts, 64, 8192), pick(samplesPerUpdate, 32, 64), pick(evaluations, 1, 4), pick(evalProblems, 12, 336), pick(evalSamples, 2, 4),
                steps.min(), steps.max(), evalSteps.min(), evalSteps.max(), lr, updatesPerBatch, temperature, lambda, DualClip.fromConfig(dualClip),
                BonusScale.fromConfig(bonusScale));
    }

    private int pick(Integer explicit, int quickValue, int fullValue) {
        return explicit != null ? explicit : quick ? quickValue : fullValue;
    }

    private static void requireDirectory(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + ": checkpoint directory " + dir.toAbsolutePath() + " does not exist (run from the "
                    + "repository root, or train one with `progrs pretrain` / `progrs train-prm`)");
        }
    }

    /** The command that makes these runs: this invocation's arguments without {@code --report-only}, noted when it was given. */
    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<String> own = new ArrayList<>(!args.isEmpty() && "experiment".equals(args.get(0)) ? args.subList(1, args.size()) : args);
        own.remove("--report-only");
        String command = "progrs experiment" + (own.isEmpty() ? "" : " " + String.join(" ", own));
        return reportOnly ? command + "` (this report was rewritten from the stored runs by `" + command + " --report-only" : command;
    }
}
