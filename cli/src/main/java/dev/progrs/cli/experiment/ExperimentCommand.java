package dev.progrs.cli.experiment;

import ai.djl.Device;
import dev.progrs.cli.options.BonusOptions;
import dev.progrs.cli.options.TrainingDefaults;
import dev.progrs.experiment.Experiment;
import dev.progrs.experiment.ExperimentArm;
import dev.progrs.experiment.ExperimentPlan;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.tasks.arithmetic.StepRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code progrs experiment}: the comparison of docs/method.md §7 on the built-in suite — outcome-only GRPO,
 * the absolute PRM bonus, PROGRS, the ablations and a continued-supervised control, over K values,
 * PRM qualities and seeds — with a report folder. Resumable: finished runs are kept and skipped.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true, defaultValueProvider = TrainingDefaults.class,
        description = "Run the PROGRS comparison (docs/method.md §7): outcome-only GRPO, absolute PRM bonus (none), PROGRS (incorrect), "
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
            + "(1-3): the largest multiple of 3 x levels that fits (default: 336; quick: 15, one per cell).")
    Integer evalProblems;

    @Option(names = "--eval-steps", converter = dev.progrs.cli.options.StepRangeConverter.class, defaultValue = "4..8", description = "Step counts of the held-out problems: the training range and "
            + "an easier one (default: ${DEFAULT-VALUE}).")
    StepRange evalSteps;

    @Option(names = "--eval-samples", description = "Samples per held-out problem at the training temperature for the reported Pass@1 "
            + "(mean over them); 0 = greedy. Greedy Pass@1 is reported too (default: 4; quick: 2).")
    Integer evalSamples;

    @Option(names = "--steps", converter = dev.progrs.cli.options.StepRangeConverter.class, defaultValue = "4..8", description = "Solution steps of the training problems (default: ${DEFAULT-VALUE}: the "
            + "testbed's RL range 6..8 for policy-v1 and the easier 4..5; trained on 6..7 alone, outcome-only GRPO forgot the shorter "
            + "chains, see docs/experiment).")
    StepRange steps;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Learning rate of every arm, chosen by the pilot (docs/experiment/pilot.md); "
            + "above 2e-4 is accepted with a warning (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--updates-per-batch", defaultValue = "2", description = "Optimiser steps per batch, for every arm (default: ${DEFAULT-VALUE}).")
    int updatesPerBatch;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    float temperature;

    /** λ and the bonus scale of the PRM arms; the defaults (λ 0.4, std) are the pilot's choice, docs/experiment/pilot.md. */
    @Mixin
    BonusOptions bonus;

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
        ExperimentPlan plan = plan();
        plan.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        Path dir = (out != null ? out : Path.of("progrs-data", "experiments", quick ? "quick" : "full")).toAbsolutePath();
        Experiment experiment = new Experiment(plan, dir, Device.fromName(device), System.out, commandLine());
        if (!reportOnly) { // a report is written from the stored runs alone: no model is read
            experiment.validateModels();
        }
        return pilot ? experiment.runPilot(pilotLrs, pilotLambdas, pilotRollouts) : experiment.runGridAndReport(reportOnly);
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
                pick(rollouts, 64, 8192), pick(samplesPerUpdate, 32, 64), pick(evaluations, 1, 4), pick(evalProblems, 15, 336), pick(evalSamples, 2, 4),
                steps.min(), steps.max(), evalSteps.min(), evalSteps.max(), lr, updatesPerBatch, temperature, bonus.lambda(), DualClip.fromConfig(dualClip),
                bonus.bonusScale());
    }

    private int pick(Integer explicit, int quickValue, int fullValue) {
        return explicit != null ? explicit : quick ? quickValue : fullValue;
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
