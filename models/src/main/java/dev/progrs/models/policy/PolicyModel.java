package dev.progrs.models.policy;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * A policy: its {@link PolicyNetwork} inside a DJL {@link Model} on one {@link Device}, the
 * tokenizer it was trained with, and its policy version. Owns the native memory of its
 * parameters; close it.
 *
 * <p>For training, create a trainer on {@link #djlModel()} <em>after</em> the parameters exist
 * (created or loaded): {@code Trainer.initialize} keeps them.
 */
public final class PolicyModel implements AutoCloseable {

    private final Model model;
    private final PolicyNetwork network;
    private final CharTokenizer tokenizer;
    private long version;

    private PolicyModel(Model model, PolicyNetwork network, CharTokenizer tokenizer, long version) {
        this.model = model;
        this.network = network;
        this.tokenizer = tokenizer;
        this.version = version;
    }

    /** A freshly initialised policy; {@code seed} makes the initial weights reproducible. */
    public static PolicyModel create(TransformerConfig config, CharTokenizer tokenizer, Device device, long seed) {
        checkVocab(config, tokenizer);
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        Model model = Model.newInstance("policy", device, "PyTorch");
        try {
            PolicyNetwork net = new PolicyNetwork(config);
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2), new Shape(1, 2));
            return new PolicyModel(model, net, tokenizer, 0);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A policy whose parameters are read from {@code in} (written by {@link #saveParameters}). */
    public static PolicyModel fromParameters(TransformerConfig config, CharTokenizer tokenizer, Device device,
                                             long version, DataInputStream in) throws IOException, MalformedModelException {
        checkVocab(config, tokenizer);
        Model model = Model.newInstance("policy", device, "PyTorch");
        try {
            PolicyNetwork net = new PolicyNetwork(config);
            model.setBlock(net);
            // DJL takes each array's shape from the stream, so check it against the declared one.
            java.util.Map<String, Shape> declared = new java.util.LinkedHashMap<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                declared.put(p.getKey(), p.getValue().getShape());
            }
            net.loadParameters(model.getNDManager(), in);
            for (Pair<String, Parameter> p : net.getParameters()) {
                Shape actual = p.getValue().getArray().getShape();
                if (!actual.equals(declared.get(p.getKey()))) {
                    throw new MalformedModelException("parameter " + p.getKey() + " has shape " + actual
                            + " but architecture " + config + " declares " + declared.get(p.getKey()));
                }
            }
            return new PolicyModel(model, net, tokenizer, version);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Writes the parameters in DJL's block format. */
    public void saveParameters(DataOutputStream out) throws IOException {
        network.saveParameters(out);
    }

    /**
     * {@code log π_T(ids[:, t+1] | ids[:, ≤t])}, shape [B, L−1]; see {@link PolicyNetwork#tokenLogProbs}.
     * Differentiable inside a {@code GradientCollector}; the GRPO learner calls this with the
     * sampling temperature.
     */
    public NDArray tokenLogProbs(NDArray inputIds, NDArray attentionMask, float temperature) {
        return network.tokenLogProbs(inputIds, attentionMask, temperature);
    }

    /** {@link #tokenLogProbs} with the positions of row b shifted by {@code offsets(b)} ([B, 1] int64). */
    public NDArray tokenLogProbs(NDArray inputIds, NDArray attentionMask, float temperature, NDArray offsets) {
        return network.tokenLogProbs(inputIds, attentionMask, temperature, offsets);
    }

    /** Total number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            n += p.getValue().getArray().getShape().size();
        }
        return n;
    }

    public PolicyNetwork network() {
        return network;
    }

    public TransformerConfig config() {
        return network.config();
    }

    public CharTokenizer tokenizer() {
        return tokenizer;
    }

    /** The DJL model (for {@code newTrainer}). */
    public Model djlModel() {
        return model;
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    /** Policy version: 0 for a fresh model, the checkpoint's version for a loaded one. */
    public long version() {
        return version;
    }

    public void setVersion(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("policy version must be >= 0, got " + version);
        }
        this.version = version;
    }

    @Override
    public void close() {
        model.close();
    }

    private static void checkVocab(TransformerConfig config, CharTokenizer tokenizer) {
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (config.vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("architecture vocabSize " + config.vocabSize()
                    + " differs from tokenizer " + tokenizer.version() + " vocabulary " + tokenizer.vocabSize());
        }
    }
}
