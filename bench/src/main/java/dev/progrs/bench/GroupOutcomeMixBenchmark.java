package dev.progrs.bench;

import ai.djl.Device;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.eval.ArithmeticAnswer;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * How much GRPO signal a policy offers: for each number of steps, sample K solutions for each of G
 * train prompts at temperature T and report the sample accuracy and the share of groups holding
 * both outcomes (a group whose K samples agree has zero outcome advantage).
 * Usage: {@code bench/run GroupOutcomeMixBenchmark [--checkpoint models/warm/policy-v0] [--groups 16] [--k 8]
 * [--temperature-pct 100]}.
 */
public final class GroupOutcomeMixBenchmark {

    public static void main(String[] args) throws Exception {
        int groups = BrokerThroughputBenchmark.intArg(args, "--groups", 16);
        int k = BrokerThroughputBenchmark.intArg(args, "--k", 8);
        float temperature = BrokerThroughputBenchmark.intArg(args, "--temperature-pct", 100) / 100f;
        String checkpoint = "models/warm/policy-v0";
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--checkpoint")) {
                checkpoint = args[i + 1];
            }
        }
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
        try (PolicyModel model = PolicyCheckpoint.load(Path.of(checkpoint), Device.cpu())) {
            PolicySampler sampler = new PolicySampler(model);
            System.out.printf("## Group outcome mix of %s (%d train prompts per level, K=%d, T=%.2f, top-p 1)%n", checkpoint, groups, k, temperature);
            System.out.println("| steps | sample accuracy | groups with both outcomes | all correct | all wrong |");
            System.out.println("|---|---|---|---|---|");
            long t0 = System.nanoTime();
            for (int steps = 2; steps <= 8; steps++) {
                int correct = 0;
                int mixed = 0;
                int allRight = 0;
                int allWrong = 0;
                for (int g = 0; g < groups; g++) {
                    Problem p = suite.trainProblem(1_000_000L + g, steps);
                    List<Sample> s = sampler.sampleGroup(p.text(), k,
                            SamplingConfig.sample(temperature, 1.0, model.config().context() - p.text().length() - 2, 17L * g + steps));
                    int c = 0;
                    for (Sample x : s) {
                        c += ArithmeticAnswer.correct(x.text(), p.goldAnswer()) ? 1 : 0;
                    }
                    correct += c;
                    mixed += c > 0 && c < k ? 1 : 0;
                    allRight += c == k ? 1 : 0;
                    allWrong += c == 0 ? 1 : 0;
                }
                System.out.printf("| %d | %.1f%% | %d/%d | %d | %d |%n", steps, 100.0 * correct / (groups * k), mixed, groups, allRight, allWrong);
            }
            System.out.printf("(%d groups of %d sampled in %.1f s)%n", 7 * groups, k, (System.nanoTime() - t0) / 1e9);
        }
    }
}
