package dev.progrs.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.grpo.GrpoUpdater;
import dev.progrs.learner.grpo.UpdateMetrics;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Learner update speed on the default policy size (d 64, 2 layers, context 192, ~116k parameters):
 * completion tokens per second of one GRPO update (U = 1: forward with entropy, clipped surrogate,
 * backward, Adam step) on B groups × K samples of the arithmetic suite's RL range (6–8 steps,
 * reference solutions standing in for sampled responses, on-policy behaviour log-probs, random
 * advantages). Baseline, measured in the same run and alternated with it: a supervised step
 * (teacher-forced NLL of the same completion tokens, same Adam) on an identical model.
 * Usage: {@code bench/run LearnerBenchmark [--groups 16] [--k 8] [--steps 5] [--runs 5]
 * [--checkpoint models/warm/policy-v0]}.
 */
public final class LearnerBenchmark {

    public static void main(String[] args) throws Exception {
        int groups = BrokerThroughputBenchmark.intArg(args, "--groups", 16);
        int k = BrokerThroughputBenchmark.intArg(args, "--k", 8);
        int steps = BrokerThroughputBenchmark.intArg(args, "--steps", 5);
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 5);
        Path checkpoint = Path.of(stringArg(args, "--checkpoint", "models/warm/policy-v0"));

        CharTokenizer tokenizer = new CharTokenizer(ArithmeticSuite.ALPHABET);
        TransformerConfig arch = TransformerConfig.policyDefault(tokenizer.vocabSize());
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
        try (PolicyModel grpoModel = open(checkpoint, arch, tokenizer);
             PolicyModel sftModel = open(checkpoint, arch, tokenizer)) {
            List<GroupAdvantages> batch = batch(grpoModel, suite, tokenizer, groups, k);
            long tokens = batch.stream().flatMap(g -> g.getSamples().stream()).mapToLong(s -> s.getResponseTokenIds().size()).sum();
            long positions = batch.stream().flatMap(g -> g.getSamples().stream())
                    .mapToLong(s -> s.getPromptTokenIds().size() + s.getResponseTokenIds().size()).sum();
            GrpoConfig config = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 5e-5f, groups, 1, 2, 1f);
            double[] grpoRate = new double[runs];
            double[] sftRate = new double[runs];
            try (GrpoUpdater updater = new GrpoUpdater(grpoModel, null, config); Supervised sft = new Supervised(sftModel, batch)) {
                for (int w = 0; w < 2; w++) { // warm-up: JIT, allocator, Adam state
                    updater.update(batch, 0);
                    sft.step();
                }
                UpdateMetrics last = null;
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    for (int s = 0; s < steps; s++) {
                        last = updater.update(batch, 0);
                    }
                    grpoRate[r] = steps * tokens / ((System.nanoTime() - t0) / 1e9);
                    t0 = System.nanoTime();
                    for (int s = 0; s < steps; s++) {
                        sft.step();
                    }
                    sftRate[r] = steps * tokens / ((System.nanoTime() - t0) / 1e9);
                    System.out.printf("run %d: GRPO update %.0f tokens/s (%.0f ms/update), supervised step %.0f tokens/s (%.0f ms/step)%n",
                            r + 1, grpoRate[r], 1000.0 * tokens / grpoRate[r], sftRate[r], 1000.0 * tokens / sftRate[r]);
                }
                System.out.println("last update: " + last.describe());
            }
            System.out.println();
            System.out.println("## Learner update speed (" + Measurements.machine() + ", OMP_WAIT_POLICY="
                    + System.getenv("OMP_WAIT_POLICY") + ")");
            System.out.printf("default policy %s (%,d parameters, %s), batch %d groups x K=%d = %d sequences, %d completion tokens "
                            + "(%d positions with prompts), arithmetic 6-8 steps; %d updates per run, %d runs, median (min-max)%n",
                    arch, grpoModel.parameterCount(), Files.isDirectory(checkpoint) ? checkpoint : "random init", groups, k, groups * k,
                    tokens, positions, steps, runs);
            System.out.println("| step | completion tokens/s | ms per batch | ratio to supervised |");
            System.out.println("|---|---|---|---|");
            System.out.printf("| supervised NLL step, same tokens (baseline) | %s | %.0f | 1.00 |%n", Measurements.describe(sftRate, "%.0f"),
                    1000.0 * tokens / Measurements.median(sftRate));
            System.out.printf("| GRPO update (U = 1: surrogate + entropy + Adam) | %s | %.0f | %.2f |%n", Measurements.describe(grpoRate, "%.0f"),
                    1000.0 * tokens / Measurements.median(grpoRate), Measurements.median(grpoRate) / Measurements.median(sftRate));
        }
    }

    private static PolicyModel open(Path checkpoint, TransformerConfig arch, CharTokenizer tokenizer) {
        if (Files.isDirectory(checkpoint)) {
            return PolicyCheckpoint.load(checkpoint, Device.cpu(), arch, tokenizer);
        }
        return PolicyModel.create(arch, tokenizer, Device.cpu(), 1);
    }

    /** B groups of K copies of one RL-range problem each, with on-policy behaviour log-probs and random advantages. */
    private static List<GroupAdvantages> batch(PolicyModel model, ArithmeticSuite suite, CharTokenizer tokenizer, int groups, int k) {
        SplittableRandom rng = new SplittableRandom(3);
        List<GroupAdvantages> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            ArithmeticProblem p = suite.trainArithmetic(1000 + g, 6 + g % 3);
            int[] prompt = PromptFormat.promptIds(tokenizer, p.prompt());
            int[] completion = PromptFormat.completionIds(tokenizer, p.referenceSolution());
            float[] lp = behaviour(model, prompt, completion);
            List<SampleAdvantage> samples = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                double a = rng.nextDouble() * 2 - 1;
                samples.add(SampleAdvantage.newBuilder().setSampleIndex(i).setPolicyVersion(0).setOutcome(a > 0 ? 1 : 0)
                        .setProcessScore(0.5).setCentredBonus(0).setOutcomeAdvantage(a).setAdvantage(a).setPromptTokenIds(boxed(prompt))
                        .setResponseTokenIds(boxed(completion)).setBehaviourLogProbs(boxedFloats(lp)).setStepCount(p.steps().size())
                        .setGeneratedAtMs(0).build());
            }
            out.add(GroupAdvantages.newBuilder().setGroupId("bench-" + g).setPromptId("p" + g).setSuite("arithmetic").setExpectedGroupSize(k)
                    .setSamples(samples).setCentering(CenteringSettings.newBuilder().setMode("incorrect").setMixing("advantage").setLambda(0.1)
                            .setStd("unbiased").setDominanceGuard(false).build())
                    .setPolicyVersionMin(0).setPolicyVersionMax(0).setPartial(false).setTimedOut(false).setZeroVarianceOutcome(false)
                    .setDominanceViolations(0).setLastSampleAtMs(0).setEmittedAtMs(0).build());
        }
        return out;
    }

    private static float[] behaviour(PolicyModel model, int[] prompt, int[] completion) {
        try (NDManager m = model.manager().newSubManager()) {
            SequenceBatch b = SequenceBatch.of(m, List.of(prompt), List.of(completion), model.config().context());
            float[] all = model.tokenLogProbs(b.ids(), b.mask(), 1f).toFloatArray();
            float[] out = new float[completion.length];
            System.arraycopy(all, prompt.length - 1, out, 0, completion.length);
            return out;
        }
    }

    private static List<Integer> boxed(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) {
            l.add(v);
        }
        return l;
    }

    private static List<Float> boxedFloats(float[] a) {
        List<Float> l = new ArrayList<>(a.length);
        for (float v : a) {
            l.add(v);
        }
        return l;
    }

    private static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }

    /** The baseline: teacher-forced NLL of the completion tokens, one sub-manager per step, Adam outside it. */
    private static final class Supervised implements AutoCloseable {
        private final PolicyModel model;
        private final Trainer trainer;
        private final List<int[]> prompts = new ArrayList<>();
        private final List<int[]> completions = new ArrayList<>();

        Supervised(PolicyModel model, List<GroupAdvantages> batch) {
            this.model = model;
            this.trainer = model.djlModel().newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(5e-5f)).build())
                    .optDevices(new Device[] {model.device()}));
            trainer.initialize(new Shape(1, 2), new Shape(1, 2));
            for (GroupAdvantages g : batch) {
                for (SampleAdvantage s : g.getSamples()) {
                    prompts.add(s.getPromptTokenIds().stream().mapToInt(Integer::intValue).toArray());
                    completions.add(s.getResponseTokenIds().stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }

        void step() {
            try (NDManager m = trainer.getManager().newSubManager()) {
                SequenceBatch b = SequenceBatch.of(m, prompts, completions, model.config().context());
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray lp = model.tokenLogProbs(b.ids(), b.mask(), 1f);
                    NDArray loss = lp.mul(b.targetMask()).sum().div(b.targetMask().sum()).neg();
                    gc.backward(loss);
                    loss.getFloat();
                }
            }
            trainer.step();
        }

        @Override
        public void close() {
            trainer.close();
        }
    }
}
