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
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code progrs experiment}: the comparison of METHOD.md §6 on the built-in suite — outcome-only GRPO,
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

    @Option(names = "--variants", split = ",", description = "Arms to run; accepted: outcome-only, none, incorrect, both, group, mixing-reward, sft (default: all).")
    List<String> variantNames;

    @Option(names = "--k", split = ",", description = "Group sizes K (default: 4,8).")
    List<Integer> groupSizes;

    @Option(names = "--seeds", split = ",", description = "Seeds, one replicate of the grid each (default: 1,2,3; quick: 1,2).")
    List<Long> seeds;

    @Option(names = "--rollouts", description = "Training samples per run (default: 2048; quick: 64).")
    Integer rollouts;

    @Option(names = "--samples-per-update", description = "Samples per GRPO update, B·K (default: 64; quick: 32).")
    Integer samplesPerUpdate;

    @Option(names = "--evaluations", description = "Held-out evaluations per run after the warm start (default: 4; quick: 1).")
    Integer evaluations;

    @Option(names = "--eval-problems", description = "Held-out test problems, balanced over --steps (default: 140; quick: 16).")
    Integer evalProblems;

    @Option(names = "--eval-samples", description = "Samples per held-out problem at the training temperature for the reported Pass@1 "
            + "(mean over them); 0 = greedy. Greedy Pass@1 is reported too (default: 4; quick: 2).")
    Integer evalSamples;

    @Option(names = "--steps", defaultValue = "6..7", description = "Solution steps of training and held-out problems (default: ${DEFAULT-VALUE}: "
            + "the testbed's RL range for policy-v1, see models/warm/policy-v1/README.md).")
    String steps;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Learning rate of every arm; above 1e-4 is accepted with a warning (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--updates-per-batch", defaultValue = "2", description = "Optimiser steps per batch, for every arm (default: ${DEFAULT-VALUE}).")
    int updatesPerBatch;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--lambda", defaultValue = "0.1", description = "PRM bonus weight of the PRM arms (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--bonus-scale", defaultValue = "raw", description = "raw | std: the PRM arms' centred bonus as is, or each centred "
            + "set divided by its own std so that --lambda alone sets its weight (default: ${DEFAULT-VALUE}).")
    String bonusScale;

    @Option(names = "--dual-clip", defaultValue = "3", description = "Dual clip of the GRPO surrogate for negative advantages: off, or "
            + "c > 1 (default: ${DEFAULT-VALUE}, as verl). Results stored before this option existed were made without it (off).")
    String dualClip;

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
        requireDirectory(plan.warmPolicy(), "--warm-policy");
        plan.prms().forEach((name, path) -> {
            try {
                dev.progrs.models.prm.ProcessRewardModels.validate(path.toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--prm " + name + ": " + e.getMessage(), e);
            }
        });
        ExperimentStore store = ExperimentStore.open(dir, plan);
        Device dev = Device.fromName(device);
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
        List<Problem> evalSet = RunCommand.evalSubset(suite.testSet(), plan.minSteps(), plan.maxSteps(), plan.evalProblems());
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
        ExperimentSummary summary = new ExperimentSummary(plan, results);
        double total = results.stream().mapToDouble(CellResult::seconds).sum();
        String provenance = String.format(Locale.ROOT, "Machine: %d cores, %s %s, Java %s, device %s. Written %s; the %d finished runs took "
                        + "%.0f s of wall-clock in total (%.0f s in this invocation).", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), dev,
                Instant.now().toString().substring(0, 19) + "Z", results.size(), total, seconds);
        List<Path> files = ExperimentReport.write(dir.resolve("report"), plan, summary, results, commandLine(), provenance,
                heldOut.describe());
        console.println();
        console.println("Final held-out " + heldOut.describe() + " (%, mean ± std over seeds):");
        for (ExperimentVariant v : plan.variants()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-14s", v.configName()));
            for (ExperimentSummary.Column c : summary.columns()) {
                line.append(String.format(Locale.ROOT, "  %s: %-12s", c.id(), summary.finalPassAtOne(v, c).percent()));
            }
            console.println(line);
        }
        console.println("report: " + files.get(0));
        return results.size() == cells.size() ? 0 : 3;
    }

    ExperimentPlan plan() {
        int[] range = RunCommand.parseSteps(steps);
        Map<String, Path> prms = new LinkedHashMap<>();
        List<String> specs = prmSpecs != null ? prmSpecs : List.of("default=models/warm/prm-v1", "oracle=oracle", "noisy=noisy-oracle:0.2", "biased=biased");
        for (String s : specs) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new IllegalArgumentException("--prm " + s + " is not NAME=DIR, e.g. weak=models/warm/prm-weak-v0");
            }
            prms.put(s.substring(0, eq).trim(), Path.of(s.substring(eq + 1).trim()));
        }
        List<ExperimentVariant> variants = variantNames == null ? Arrays.asList(ExperimentVariant.values())
                : variantNames.stream().map(ExperimentVariant::fromConfig).toList();
        return new ExperimentPlan(warmPolicy, prms, variants, groupSizes != null ? groupSizes : List.of(4, 8),
                seeds != null ? seeds : quick ? List.of(1L, 2L) : List.of(1L, 2L, 3L),
                pick(rollouts, 64, 2048), pick(samplesPerUpdate, 32, 64), pick(evaluations, 1, 4), pick(evalProblems, 16, 140), pick(evalSamples, 2, 4),
                range[0], range[1], lr, updatesPerBatch, temperature, lambda, DualClip.fromConfig(dualClip),
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
