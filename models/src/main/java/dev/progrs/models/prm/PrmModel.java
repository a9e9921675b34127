package dev.progrs.models.prm;

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
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.tokenizer.CharTokenizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trainable PRM: its {@link PrmNetwork} in a DJL {@link Model}, with the tokenizer it reads.
 * Training goes through {@link PrmTrainer}; once trained it is saved with {@link PrmCheckpoint} and
 * used for scoring only as a {@link FrozenPrm}. Owns native memory; close it.
 */
public final class PrmModel implements AutoCloseable {

    private final Model model;
    private final PrmNetwork network;
    private final CharTokenizer tokenizer;

    private PrmModel(Model model, PrmNetwork network, CharTokenizer tokenizer) {
        this.model = model;
        this.network = network;
        this.tokenizer = tokenizer;
    }

    /** Fresh weights (seeded), the head biased to output τ before training. */
    public static PrmModel create(PrmConfig config, CharTokenizer tokenizer, Device device, long seed) {
        checkVocab(config, tokenizer);
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        Model model = Model.newInstance("prm", device, "PyTorch");
        try {
            PrmNetwork net = new PrmNetwork(config);
            model.setBlock(net);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2), new Shape(1, 2), new Shape(1, 1, 2));
            net.head().setUnconditionalLevels(config.levels());
            return new PrmModel(model, net, tokenizer);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Weights read from {@code in} (written by {@link #saveParameters}). */
    public static PrmModel fromParameters(PrmConfig config, CharTokenizer tokenizer, Device device, DataInputStream in)
            throws IOException, MalformedModelException {
        checkVocab(config, tokenizer);
        Model model = Model.newInstance("prm", device, "PyTorch");
        try {
            PrmNetwork net = new PrmNetwork(config);
            model.setBlock(net);
            net.loadParameters(model.getNDManager(), in);
            return new PrmModel(model, net, tokenizer);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Copies the policy's embedding and transformer-stack weights into this PRM's encoder; the quantile
     * head keeps its own. A PRM that starts from the policy's representation of the arithmetic needs far
     * fewer labels than one that starts from noise.
     *
     * <p>The PRM may be deeper than the policy (the same architecture otherwise): its first layers
     * take the policy's, and each extra layer l starts with its two residual branches switched off
     * (attention output and second feed-forward matrix, and their biases, at zero), so that
     * h_{l+1} = h_l and the deeper PRM starts as exactly the policy-initialised shallow one; training
     * then turns the extra layers on where the labels need them (e.g. a check that needs one more
     * attention hop than generation does).
     *
     * @return the number of parameter tensors copied
     */
    public int initialiseEncoderFrom(PolicyModel policy) {
        var mineArch = config().architecture();
        var theirs = policy.config();
        if (mineArch.layers() < theirs.layers() || !theirs.withLayers(mineArch.layers()).equals(mineArch)) {
            throw new IllegalArgumentException("cannot initialise the PRM encoder from a policy of another architecture "
                    + "(the PRM may only have more layers): PRM " + mineArch + ", policy " + theirs);
        }
        if (!policy.tokenizer().version().equals(tokenizer.version())) {
            throw new IllegalArgumentException("policy tokenizer " + policy.tokenizer().version() + " differs from the PRM's "
                    + tokenizer.version());
        }
        // DJL numbers child blocks (02stack_03ln_f_…); the final norm's number moves with the layer count
        Map<String, Parameter> mine = new HashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            mine.put(structuralName(p.getKey()), p.getValue());
        }
        int copied = 0;
        for (Pair<String, Parameter> p : policy.network().getParameters()) {
            Parameter target = mine.get(structuralName(p.getKey()));
            if (target == null) {
                continue;
            }
            NDArray src = p.getValue().getArray();
            NDArray dst = target.getArray();
            if (!src.getShape().equals(dst.getShape())) {
                throw new IllegalStateException("parameter " + p.getKey() + ": policy shape " + src.getShape()
                        + ", PRM shape " + dst.getShape());
            }
            dst.set(src.toFloatArray());
            copied++;
        }
        if (copied == 0) {
            throw new IllegalStateException("no policy parameter matched the PRM encoder's names");
        }
        for (int l = theirs.layers(); l < mineArch.layers(); l++) {
            for (String branchOut : List.of("attention_out_weight", "attention_out_bias", "ffn_w2", "ffn_b2")) {
                Parameter p = mine.get("stack_layer" + l + "_" + branchOut);
                if (p == null) {
                    throw new IllegalStateException("the PRM has no parameter stack_layer" + l + "_" + branchOut);
                }
                NDArray a = p.getArray();
                a.set(new float[(int) a.getShape().size()]);
            }
        }
        return copied;
    }

    /** A parameter name without DJL's child numbers: {@code 02stack_01layer0_02attention_out_weight} → {@code stack_layer0_attention_out_weight}. */
    static String structuralName(String djlName) {
        return djlName.replaceAll("(^|_)\\d{2}(?=[a-z])", "$1");
    }

    /** Q_τ,t of every step of every sequence, one forward pass (see {@link FrozenPrm#score}). */
    public List<double[][]> score(List<PrmSequence> sequences) {
        return PrmScoring.score(network, model.getNDManager(), sequences);
    }

    /** {@link #score} with each group's prefix encoded once (see {@link FrozenPrm#scoreGroups}). */
    public List<double[][]> scoreGroups(List<PrmGroup> groups) {
        return PrmScoring.scoreGroups(network, model.getNDManager(), groups);
    }

    public void saveParameters(DataOutputStream out) throws IOException {
        network.saveParameters(out);
    }

    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            n += p.getValue().getArray().getShape().size();
        }
        return n;
    }

    public PrmNetwork network() {
        return network;
    }

    public PrmConfig config() {
        return network.config();
    }

    /** Sets the post-hoc quantile calibration every later {@link #score} applies (saved with the checkpoint). */
    public void setRecalibration(QuantileRecalibration r) {
        network.setRecalibration(r);
    }

    public CharTokenizer tokenizer() {
        return tokenizer;
    }

    public Model djlModel() {
        return model;
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    @Override
    public void close() {
        model.close();
    }

    static void checkVocab(PrmConfig config, CharTokenizer tokenizer) {
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (config.architecture().vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("PRM architecture vocabSize " + config.architecture().vocabSize()
                    + " differs from tokenizer " + tokenizer.version() + " vocabulary " + tokenizer.vocabSize());
        }
    }
}
