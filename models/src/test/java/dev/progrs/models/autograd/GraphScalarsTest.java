package dev.progrs.models.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.TinyPolicies;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A number inside a differentiated computation must survive a garbage collection between the forward
 * and the backward pass: {@link GraphScalars} keeps it in PyTorch-owned storage. Between the two passes
 * each test runs the collector and then allocates thousands of small direct buffers holding a NaN, which
 * is what reuses the memory of a released Java-backed scalar (DJL's {@code mul(Number)} gives a wrong
 * gradient in every trial of this set-up).
 */
class GraphScalarsTest {

    /** Collects garbage, then fills freed small native blocks with the bits of a NaN. */
    private static List<ByteBuffer> churn() throws InterruptedException {
        List<ByteBuffer> held = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            Thread.sleep(5);
            for (int i = 0; i < 2_000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4);
                b.putInt(0, 0x7fc00000);
                held.add(b);
            }
        }
        return held;
    }

    @Test
    void theGradientOfAScaledActivationIsTheScaleAfterACollection() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int trial = 0; trial < 10; trial++) {
                NDArray x = m.create(new float[] {1, 2, 3, 4});
                x.setRequiresGradient(true);
                List<ByteBuffer> held;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = GraphScalars.dividedBy(GraphScalars.times(x, 2.5), 0.5).sum();
                    held = churn();
                    gc.backward(loss);
                }
                assertArrayEquals(new float[] {5, 5, 5, 5}, x.getGradient().toFloatArray(), "trial " + trial);
                assertEquals(10_000, held.size(), "the churn buffers stay reachable until here");
            }
        }
    }

    @Test
    void attentionGradientsAreTheSameWithAndWithoutACollectionBeforeTheBackwardPass() throws Exception {
        try (PolicyModel policy = TinyPolicies.create(3)) {
            List<float[]> quiet = gradients(policy, false);
            for (int trial = 0; trial < 3; trial++) {
                List<float[]> collected = gradients(policy, true);
                for (int i = 0; i < quiet.size(); i++) {
                    assertArrayEquals(quiet.get(i), collected.get(i), 1e-6f, "parameter " + i + ", trial " + trial);
                }
            }
        }
    }

    /** The gradient of the mean next-token log-likelihood at temperature 0.7, optionally churning before the backward. */
    private static List<float[]> gradients(PolicyModel policy, boolean churnFirst) throws InterruptedException {
        List<Parameter> params = new ArrayList<>();
        policy.network().getParameters().forEach(p -> params.add(p.getValue()));
        for (Parameter p : params) {
            p.getArray().setRequiresGradient(true);
        }
        List<float[]> out = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            List<int[]> prompts = List.of(PromptFormat.promptIds(TinyPolicies.TOKENIZER, "a=3, b=4. c=a+b. What is c?"));
            List<int[]> completions = List.of(PromptFormat.completionIds(TinyPolicies.TOKENIZER, "c=3+4=7\nAnswer: 7"));
            SequenceBatch b = SequenceBatch.of(m, prompts, completions, policy.config().context());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = policy.tokenLogProbs(b.ids(), b.mask(), 0.7f).mul(b.targetMask()).sum().neg();
                if (churnFirst) {
                    churn();
                }
                gc.backward(loss);
            }
            for (Parameter p : params) {
                try (NDArray g = p.getArray().getGradient()) {
                    out.add(g.toFloatArray());
                    g.subi(g); // clear for the next computation
                }
            }
        }
        return out;
    }
}
