package dev.progrs.learner;

import ai.djl.Device;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny policies and synthetic groups for fast learner tests. */
public final class TinyPolicy {

    public static final CharTokenizer TOKENIZER = new CharTokenizer(ArithmeticSuite.ALPHABET);

    private TinyPolicy() {
    }

    /** d 16, 1 layer, 2 heads, context 64. */
    public static TransformerConfig config() {
        return new TransformerConfig(TOKENIZER.vocabSize(), 16, 1, 2, 64, 32, true, 1e-5f);
    }

    public static PolicyModel create(long seed) {
        return PolicyModel.create(config(), TOKENIZER, Device.cpu(), seed);
    }

    /**
     * A group of {@code k} samples generated (nominally) by {@code version}, with random text-like
     * responses, the given advantages and behaviour log-probs {@code behaviour} per token.
     */
    public static GroupAdvantages group(String id, long version, double[] advantages, float behaviour, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> prompt = new ArrayList<>();
        for (int t : PromptFormat.promptIds(TOKENIZER, "a=3. b=a+4. What is b?")) {
            prompt.add(t);
        }
        List<SampleAdvantage> samples = new ArrayList<>();
        for (int i = 0; i < advantages.length; i++) {
            int len = 3 + rng.nextInt(8);
            List<Integer> response = new ArrayList<>();
            List<Float> lp = new ArrayList<>();
            for (int j = 0; j < len; j++) {
                response.add(4 + rng.nextInt(TOKENIZER.vocabSize() - 4));
                lp.add(behaviour);
            }
            samples.add(SampleAdvantage.newBuilder().setSampleIndex(i).setPolicyVersion(version).setOutcome(advantages[i] > 0 ? 1 : 0)
                    .setProcessScore(0.5).setCentredBonus(0).setOutcomeAdvantage(advantages[i]).setAdvantage(advantages[i])
                    .setPromptTokenIds(prompt).setResponseTokenIds(response).setBehaviourLogProbs(lp)
                    .setStepCount(1).setGeneratedAtMs(0).build());
        }
        return GroupAdvantages.newBuilder().setGroupId(id).setPromptId("p-" + id).setSuite("arithmetic")
                .setExpectedGroupSize(advantages.length).setSamples(samples)
                .setCentering(CenteringSettings.newBuilder().setMode("incorrect").setMixing("advantage").setLambda(0.1)
                        .setStd("unbiased").setDominanceGuard(false).build())
                .setPolicyVersionMin(version).setPolicyVersionMax(version).setPartial(false).setTimedOut(false)
                .setZeroVarianceOutcome(false).setDominanceViolations(0).setLastSampleAtMs(0).setEmittedAtMs(0).build();
    }
}
