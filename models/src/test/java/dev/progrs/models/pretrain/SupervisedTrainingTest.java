package dev.progrs.models.pretrain;

import dev.progrs.models.eval.ArithmeticAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.models.policy.TinyPolicies;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisedTrainingTest {

    @TempDir
    Path tmp;

    private static final CharTokenizer TOK = TinyPolicies.TOKENIZER;

    @Test
    void aHundredStepsOnAFixedDatasetCutTheLossByMoreThanHalf() {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> completions = new ArrayList<>();
        String[][] data = {
                {"a=3, b=4. c=a+b. What is c?", "c=3+4=7\nAnswer: 7"},
                {"a=2. b=a*3. What is b?", "b=2*3=6\nAnswer: 6"},
                {"x=9, y=5. z=x-y. What is z?", "z=9-5=4\nAnswer: 4"},
                {"p=1, q=8. r=p+q. What is r?", "r=1+8=9\nAnswer: 9"},
        };
        for (String[] d : data) {
            prompts.add(PromptFormat.promptIds(TOK, d[0]));
            completions.add(PromptFormat.completionIds(TOK, d[1]));
        }
        try (PolicyModel model = TinyPolicies.create(5)) {
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            float first = Float.NaN;
            float last = Float.NaN;
            try (Trainer trainer = model.djlModel().newTrainer(tc)) {
                trainer.initialize(new Shape(1, 2), new Shape(1, 2));
                for (int step = 0; step < 100; step++) {
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        SequenceBatch b = SequenceBatch.of(m, prompts, completions, model.config().context());
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray lp = model.tokenLogProbs(b.ids(), b.mask(), 1f);
                            NDArray loss = lp.mul(b.targetMask()).sum().div(b.targetMask().sum()).neg();
                            gc.backward(loss);
                            last = loss.getFloat();
                            if (step == 0) {
                                first = last;
                            }
                        }
                    }
                    trainer.step();
                }
            }
            assertTrue(first > 3, "initial loss near log(V) = " + Math.log(TOK.vocabSize()) + ", got " + first);
            assertTrue(last < 0.5f * first, "loss " + first + " -> " + last);
        }
    }

    @Test
    void warmStartTrainsEvaluatesAndWritesALoadableCheckpoint() throws Exception {
        ArithmeticSuite suite = new ArithmeticSuite(new ArithmeticSuiteConfig(2, 3, 10,
                ArithmeticSuiteConfig.v0().operations(), 0, 6, 1L));
        Path out = tmp.resolve("warm");
        WarmStartConfig cfg = new WarmStartConfig(60, 0, 3L, 8, 1e-2f, 1e-3f, 5, 0.5, 1f, 0.25, 2, 2, 30, 4, out);
        TransformerConfig arch = new TransformerConfig(TOK.vocabSize(), 32, 1, 4, 96, 64, true, 1e-5f);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        WarmStartResult r = new SupervisedWarmStart(cfg, suite, arch, TOK, Device.cpu(), new PrintStream(log, true)).run(Map.of("test", "yes"));
        assertEquals(60, r.steps());
        assertTrue(r.finalLoss() < 0.8 * r.firstLoss(), "loss " + r.firstLoss() + " -> " + r.finalLoss());
        assertEquals(6, r.passAtOne().total());
        assertTrue(Files.size(r.lossCurve()) > 1000, "loss curve PNG written");
        assertTrue(log.toString().contains("Pass@1 (greedy)"), log.toString());
        try (PolicyModel loaded = PolicyCheckpoint.load(out, Device.cpu(), arch, TOK)) {
            assertEquals(0, loaded.version());
        }
    }

    @Test
    void sameSeedGivesIdenticalWeights() throws Exception {
        ArithmeticSuite suite = new ArithmeticSuite(new ArithmeticSuiteConfig(2, 3, 10,
                ArithmeticSuiteConfig.v0().operations(), 0, 2, 1L));
        TransformerConfig arch = new TransformerConfig(TOK.vocabSize(), 16, 1, 2, 96, 32, true, 1e-5f);
        String[] sha = new String[2];
        for (int run = 0; run < 2; run++) {
            Path out = tmp.resolve("run" + run);
            WarmStartConfig cfg = new WarmStartConfig(15, 0, 9L, 8, 5e-3f, 1e-3f, 3, 0.5, 1f, 0.2, 2, 3, 0, 1, out);
            new SupervisedWarmStart(cfg, suite, arch, TOK, Device.cpu(), new PrintStream(new ByteArrayOutputStream())).run(Map.of());
            sha[run] = dev.progrs.models.checkpoint.CheckpointManifest.read(out.resolve("manifest.json")).weightsSha256();
        }
        assertEquals(sha[0], sha[1]);
    }

    @Test
    void warmStartDataIsReproducibleAndHonoursTheFlawedShare() {
        ArithmeticSuite suite = new ArithmeticSuite(new ArithmeticSuiteConfig(2, 5, 10,
                ArithmeticSuiteConfig.v0().operations(), 0, 10, 1L));
        WarmStartData a = new WarmStartData(suite, TOK, 7, 2, 5, 0.3);
        WarmStartData b = new WarmStartData(suite, TOK, 7, 2, 5, 0.3);
        int flawed = 0;
        for (int i = 0; i < 400; i++) {
            WarmStartData.Example x = a.example(i);
            WarmStartData.Example y = b.example(i);
            assertEquals(TOK.decode(x.completion()), TOK.decode(y.completion()));
            assertTrue(x.steps() >= 2 && x.steps() <= 5);
            flawed += x.flawed() ? 1 : 0;
        }
        assertEquals(0.3, flawed / 400.0, 0.07);
    }

    @Test
    void scheduleWarmsUpHoldsThenDecaysToTheFinalRate() {
        LearningRateSchedule s = new LearningRateSchedule(2e-3f, 1e-4f, 100, 0.5);
        assertEquals(2e-5f, s.at(0, 0), 1e-9f);
        assertEquals(2e-3f, s.at(200, 0.3), 1e-9f);
        assertEquals(2e-3f, s.at(200, 0.5), 1e-9f);
        assertEquals(1.05e-3f, s.at(500, 0.75), 1e-6f);
        assertEquals(1e-4f, s.at(1000, 1.0), 1e-9f);
    }

    @Test
    void answerIsTheTextAfterTheLastAnswerMark() {
        assertEquals("7", ArithmeticAnswer.extract("c=3+4=7\nAnswer: 7"));
        assertEquals(null, ArithmeticAnswer.extract("c=3+4=7"));
        assertTrue(ArithmeticAnswer.correct("Answer: 1\nAnswer: 7\n", "7"));
        assertTrue(!ArithmeticAnswer.correct("Answer: 77", "7"));
    }
}
