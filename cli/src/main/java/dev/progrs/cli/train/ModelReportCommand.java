package dev.progrs.cli.train;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.pretrain.TrainedSuite;
import dev.progrs.models.prm.ProcessRewardModel;
import dev.progrs.models.prm.ProcessRewardModels;
import dev.progrs.scorer.report.ModelReport;
import dev.progrs.scorer.report.ModelReportText;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.arithmetic.StepRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code progrs model-report}: what a policy (and a PRM) are worth as a testbed, on the suite's test split. */
@Command(name = "model-report", mixinStandardHelpOptions = true,
        description = "Greedy and sampled Pass@1 of a policy by steps and by number of givens, position-shift deltas, "
                + "the lucky-correct share, group outcome shares in the RL range; with --prm, the PRM's pooled AUROC, "
                + "its within-group metrics (same-prompt first-error AUROC, progress concordance) and coverage per tau.")
public final class ModelReportCommand implements Callable<Integer> {

    private static final ModelReport D = ModelReport.defaults();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", required = true, description = "Policy checkpoint directory.")
    Path policy;

    @Option(names = "--prm", description = "Also report on a PRM: " + ProcessRewardModels.ACCEPTED + ".")
    String prm;

    @Option(names = "--suite", description = "Built-in suite edition: v0, v1 or v2 (default: the edition the policy's manifest "
            + "says it was trained on, else the default suite).")
    String suite;

    @Option(names = "--rl-range", converter = dev.progrs.cli.options.StepRangeConverter.class, description = "Steps of the RL range, MIN..MAX (default: 6..8, the testbed's RL range for policy-v1).")
    StepRange rlRange = new StepRange(D.rlMin(), D.rlMax());

    @Option(names = "--samples", description = "Samples per test problem for sampled Pass@1 (default: ${DEFAULT-VALUE}).")
    int samples = D.sampledPerProblem();

    @Option(names = "--shifts", description = "Test position shifts +1..+N (default: ${DEFAULT-VALUE}).")
    int shifts = D.shifts();

    @Option(names = "--groups", description = "RL-range prompts sampled as groups at K=4 and K=8 (default: ${DEFAULT-VALUE}).")
    int groups = D.groups();

    @Option(names = "--coverage-rollouts", description = "Fresh rollouts labelled by Monte Carlo for PRM coverage; 0 = skip (default: ${DEFAULT-VALUE}).")
    int coverageRollouts = D.coverageRollouts();

    @Option(names = "--temperature", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    float temperature = D.temperature();

    @Option(names = "--seed", description = "Seed of the sampled decodes (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--json", description = "Print one JSON object instead of the text report.")
    boolean json;

    @Option(names = "--device", defaultValue = "cpu", description = "DJL device (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() throws Exception {
        ModelReport report;
        ArithmeticSuiteConfig suiteConfig;
        try {
            report = new ModelReport(D.easyMin(), D.easyMax(), rlRange.min(), rlRange.max(),
                    samples, shifts, groups, coverageRollouts, D.continuations(), temperature, D.batch(), seed);
            if (!Files.isDirectory(policy)) {
                throw new IllegalArgumentException("--policy " + policy + " is not a directory; accepted: a policy checkpoint directory");
            }
            suiteConfig = suite != null ? ArithmeticSuiteConfig.named(suite) : TrainedSuite.configOf(policy);
            if (prm != null) {
                ProcessRewardModels.validate(prm);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Device dev = Device.fromName(device);
        ArithmeticSuite arithmetic = new ArithmeticSuite(suiteConfig);
        long t0 = System.nanoTime();
        try (PolicyModel model = PolicyCheckpoint.load(policy, dev);
             ProcessRewardModel p = prm == null ? null : loadPrm(dev, model, suiteConfig)) {
            Map<String, Object> m = report.measure(model, p, arithmetic, line -> System.err.println("model-report: " + line));
            m.put("policy", policy.toString());
            m.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            if (json) {
                System.out.println(new ObjectMapper().writeValueAsString(m));
            } else {
                System.out.print(ModelReportText.render(m));
            }
        }
        return 0;
    }

    /** The default report of a checkpoint (and a PRM), as text on stdout: what pretrain and train-prm print at their end. */
    static void printReport(Path policyDir, String prmSpec, ArithmeticSuiteConfig suiteConfig, Device dev) {
        try (PolicyModel model = PolicyCheckpoint.load(policyDir, dev);
             ProcessRewardModel p = prmSpec == null ? null : ProcessRewardModels.load(prmSpec, dev, model.tokenizer(), suiteConfig.modulus())) {
            Map<String, Object> m = ModelReport.defaults().measure(model, p, new ArithmeticSuite(suiteConfig),
                    line -> System.err.println("model-report: " + line));
            System.out.println("model report (progrs model-report --policy " + policyDir + (prmSpec == null ? "" : " --prm " + prmSpec) + "):");
            System.out.print(ModelReportText.render(m));
        }
    }

    private ProcessRewardModel loadPrm(Device dev, PolicyModel model, ArithmeticSuiteConfig suiteConfig) {
        try {
            return ProcessRewardModels.load(prm, dev, model.tokenizer(), suiteConfig.modulus());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
