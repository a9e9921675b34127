package dev.progrs.bench;

import ai.djl.Device;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Policy sampling throughput with the KV cache against full recomputation of the prefix per token
 * (the baseline), both measured in the same run on the same prompts, seed and weights, so both
 * paths generate the same tokens (checked). Two shapes: one GRPO group (K copies of one prompt)
 * and a batch of distinct prompts. Tokens/s counts generated tokens (EOS included).
 * Usage: {@code bench/run PolicySamplingBenchmark [--k 8] [--batch 64] [--tokens 64] [--runs 5]
 * [--checkpoint DIR]} (default weights: a freshly initialised policy of the default size, seed 1;
 * greedy decoding so rows rarely stop early and answers run to --tokens).
 */
public final class PolicySamplingBenchmark {

    public static void main(String[] args) throws Exception {
        int k = BrokerThroughputBenchmark.intArg(args, "--k", 8);
        int batch = BrokerThroughputBenchmark.intArg(args, "--batch", 64);
        int tokens = BrokerThroughputBenchmark.intArg(args, "--tokens", 64);
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 5);
        String checkpoint = null;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--checkpoint")) {
                checkpoint = args[i + 1];
            }
        }
        CharTokenizer tok = new CharTokenizer(ArithmeticSuite.ALPHABET);
        List<Problem> test = new ArithmeticSuite(ArithmeticSuiteConfig.defaults()).testSet();
        try (PolicyModel model = checkpoint == null
                ? PolicyModel.create(TransformerConfig.policyDefault(tok.vocabSize()), tok, Device.cpu(), 1)
                : PolicyCheckpoint.load(Path.of(checkpoint), Device.cpu())) {
            PolicySampler sampler = new PolicySampler(model);
            SamplingConfig cfg = SamplingConfig.greedy(tokens);
            List<int[]> group = Collections.nCopies(k, PromptFormat.promptIds(tok, test.get(6).text()));
            List<int[]> distinct = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                distinct.add(PromptFormat.promptIds(tok, test.get(i % test.size()).text()));
            }
            System.out.println("## Policy sampling, KV cache vs full recompute (" + Measurements.machine() + ")");
            System.out.printf("policy: %,d parameters (%s), weights %s; greedy, up to %d new tokens; %d runs, median (min–max)%n",
                    model.parameterCount(), model.config(), checkpoint == null ? "random init (seed 1)" : checkpoint, tokens, runs);
            System.out.println("| shape | full recompute tokens/s (baseline) | KV cache tokens/s | ratio | mean answer length |");
            System.out.println("|---|---|---|---|---|");
            measure("group K=" + k + " (one prompt)", runs, () -> sampler.generateWithoutCache(group, cfg), () -> sampler.generate(group, cfg));
            measure("batch of " + batch + " prompts", runs, () -> sampler.generateWithoutCache(distinct, cfg), () -> sampler.generate(distinct, cfg));
        }
    }

    private static void measure(String shape, int runs, Supplier<List<Sample>> full, Supplier<List<Sample>> cached) {
        List<Sample> a = full.get(); // warm-up, and the equality check
        List<Sample> b = cached.get();
        long count = 0;
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i).tokenIds(), b.get(i).tokenIds())) {
                throw new IllegalStateException(shape + ": row " + i + " differs between cached and full decoding");
            }
            count += b.get(i).tokenIds().length;
        }
        double[] fullRate = new double[runs];
        double[] cachedRate = new double[runs];
        for (int r = 0; r < runs; r++) {
            fullRate[r] = rate(full);
            cachedRate[r] = rate(cached);
            System.err.printf("%s run %d: full %.0f tok/s, cached %.0f tok/s%n", shape, r + 1, fullRate[r], cachedRate[r]);
        }
        System.out.printf("| %s | %s | %s | %.1f× | %.1f |%n", shape, Measurements.describe(fullRate, "%.0f"),
                Measurements.describe(cachedRate, "%.0f"), Measurements.median(cachedRate) / Measurements.median(fullRate),
                count / (double) a.size());
    }

    private static double rate(Supplier<List<Sample>> run) {
        long t0 = System.nanoTime();
        List<Sample> out = run.get();
        double s = (System.nanoTime() - t0) / 1e9;
        long n = 0;
        for (Sample x : out) {
            n += x.tokenIds().length;
        }
        return n / s;
    }
}
