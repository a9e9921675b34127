package dev.progrs.models.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.KvCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batched autoregressive decoding of a {@link PolicyModel}.
 *
 * <p>Prompts of different lengths are left-padded; positions count from each row's first real
 * token, so a row decodes the same whatever else is in the batch (up to float rounding). With the
 * KV cache ({@link #generate}) the prompt is encoded once and each new token costs one position;
 * {@link #generateWithoutCache} recomputes the whole prefix per token (the reference and benchmark
 * baseline). Every row stops at EOS, at {@code maxNewTokens}, or at the end of the context.
 *
 * <p>Per-token log-probabilities are {@code log softmax(logits / T)[token]}, see {@link SamplingConfig}.
 * Randomness: row r draws from its own stream {@code SplittableRandom(seed + r·γ)}, so a fixed seed
 * reproduces the samples of a fixed batch.
 */
public final class PolicySampler {

    private final PolicyModel model;

    public PolicySampler(PolicyModel model) {
        this.model = model;
    }

    /** K completions of one prompt (a GRPO group), sampled as one batch with the KV cache. */
    public List<Sample> sampleGroup(String prompt, int k, SamplingConfig config) {
        if (k < 1) {
            throw new IllegalArgumentException("group size k = " + k + "; accepted: an integer >= 1");
        }
        int[] ids = PromptFormat.promptIds(model.tokenizer(), prompt);
        return generate(Collections.nCopies(k, ids), config);
    }

    /** One completion per prompt text, with the KV cache. */
    public List<Sample> generateText(List<String> prompts, SamplingConfig config) {
        List<int[]> ids = new ArrayList<>(prompts.size());
        for (String p : prompts) {
            ids.add(PromptFormat.promptIds(model.tokenizer(), p));
        }
        return generate(ids, config);
    }

    /** KV-cache decoding of {@code prompts} (token ids, BOS included). */
    public List<Sample> generate(List<int[]> prompts, SamplingConfig config) {
        return run(prompts, config, true);
    }

    /** Same as {@link #generate} but recomputes the full prefix for every token. */
    public List<Sample> generateWithoutCache(List<int[]> prompts, SamplingConfig config) {
        return run(prompts, config, false, 0);
    }

    /**
     * {@link #generate} with every position shifted by {@code positionOffset} (≥ 0): a policy that
     * learned the algorithm rather than a layout decodes the same (the position-shift test).
     */
    public List<Sample> generateShifted(List<int[]> prompts, SamplingConfig config, int positionOffset) {
        if (positionOffset < 0) {
            throw new IllegalArgumentException("position offset " + positionOffset + "; accepted: an integer >= 0");
        }
        return run(prompts, config, true, positionOffset);
    }

    private List<Sample> run(List<int[]> prompts, SamplingConfig config, boolean cached) {
        return run(prompts, config, cached, 0);
    }

    private List<Sample> run(List<int[]> prompts, SamplingConfig config, boolean cached, int shift) {
        int b = prompts.size();
        if (b == 0) {
            return List.of();
        }
        int context = model.config().context() - shift;
        int vocab = model.config().vocabSize();
        int promptLen = 0;
        for (int i = 0; i < b; i++) {
            int len = prompts.get(i).length;
            if (len == 0) {
                throw new IllegalArgumentException("prompt " + i + " is empty; it needs at least the BOS token");
            }
            promptLen = Math.max(promptLen, len);
        }
        if (promptLen >= context) {
            throw new IllegalArgumentException("prompt of " + promptLen + " tokens leaves no room in the policy context of " + context);
        }
        int maxNew = Math.min(config.maxNewTokens(), context - promptLen);
        int total = promptLen + maxNew;

        // Left-padded token grid and mask over the whole decode (prompt + generated).
        long[] grid = new long[b * total];
        long[] mask = new long[b * total];
        int[] pad = new int[b];
        for (int r = 0; r < b; r++) {
            int[] p = prompts.get(r);
            pad[r] = promptLen - p.length;
            for (int j = 0; j < p.length; j++) {
                grid[r * total + pad[r] + j] = p[j];
                mask[r * total + pad[r] + j] = 1;
            }
            for (int j = promptLen; j < total; j++) {
                mask[r * total + j] = 1;
            }
        }

        List<List<Integer>> tokens = new ArrayList<>(b);
        List<List<Float>> logProbs = new ArrayList<>(b);
        SplittableRandom[] rngs = new SplittableRandom[b];
        boolean[] done = new boolean[b];
        for (int r = 0; r < b; r++) {
            tokens.add(new ArrayList<>());
            logProbs.add(new ArrayList<>());
            rngs[r] = new SplittableRandom(config.seed() + 0x9E3779B97F4A7C15L * (r + 1));
        }

        PolicyNetwork net = model.network();
        try (NDManager manager = model.manager().newSubManager();
             KvCache cache = new KvCache(model.config().layers())) {
            float[] logits;
            try (NDScope ignored = new NDScope()) {
                NDArray ids = manager.create(slice(grid, b, total, 0, promptLen), new Shape(b, promptLen));
                NDArray m = manager.create(slice(mask, b, total, 0, promptLen), new Shape(b, promptLen));
                NDArray out = cached
                        ? net.logits(ids, positionsArray(manager, pad, b, 0, promptLen, shift), m, cache)
                        : net.logits(ids, m, (long) shift);
                logits = lastPosition(out);
            }
            int remaining = b;
            for (int step = 0; step < maxNew; step++) {
                int pos = promptLen + step;
                for (int r = 0; r < b; r++) {
                    long next = CharTokenizer.PAD;
                    if (!done[r]) {
                        int tok = choose(logits, r * vocab, vocab, config, rngs[r], logProbs.get(r));
                        tokens.get(r).add(tok);
                        next = tok;
                        if (tok == CharTokenizer.EOS) {
                            done[r] = true;
                            remaining--;
                        }
                    }
                    grid[r * total + pos] = next;
                }
                if (remaining == 0 || step == maxNew - 1) {
                    break;
                }
                try (NDScope ignored = new NDScope()) {
                    NDArray out;
                    if (cached) {
                        NDArray ids = manager.create(slice(grid, b, total, pos, pos + 1), new Shape(b, 1));
                        NDArray m = manager.create(slice(mask, b, total, 0, pos + 1), new Shape(b, pos + 1));
                        out = net.logits(ids, positionsArray(manager, pad, b, pos, pos + 1, shift), m, cache);
                    } else {
                        NDArray ids = manager.create(slice(grid, b, total, 0, pos + 1), new Shape(b, pos + 1));
                        NDArray m = manager.create(slice(mask, b, total, 0, pos + 1), new Shape(b, pos + 1));
                        out = net.logits(ids, m, (long) shift);
                    }
                    logits = lastPosition(out);
                }
            }
        }

        List<Sample> samples = new ArrayList<>(b);
        for (int r = 0; r < b; r++) {
            List<Integer> t = tokens.get(r);
            int[] ids = new int[t.size()];
            float[] lps = new float[t.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = t.get(i);
                lps[i] = logProbs.get(r).get(i);
            }
            samples.add(new Sample(ids, lps, !done[r], model.tokenizer().decode(ids)));
        }
        return samples;
    }

    /** Picks the next token of one row and appends its log-probability under softmax(logits / T). */
    private static int choose(float[] logits, int offset, int vocab, SamplingConfig config, SplittableRandom rng, List<Float> lpOut) {
        double t = config.temperature();
        double max = Double.NEGATIVE_INFINITY;
        int argmax = 0;
        for (int i = 0; i < vocab; i++) {
            double z = logits[offset + i] / t;
            if (z > max) {
                max = z;
                argmax = i;
            }
        }
        double[] probs = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            probs[i] = Math.exp(logits[offset + i] / t - max);
            sum += probs[i];
        }
        double logZ = max + Math.log(sum);
        int tok = config.greedy() ? argmax : NucleusSampling.sample(probs, config.topP(), rng);
        lpOut.add((float) (logits[offset + tok] / t - logZ));
        return tok;
    }

    private static NDArray positionsArray(NDManager manager, int[] pad, int b, int from, int to, int shift) {
        int w = to - from;
        long[] p = new long[b * w];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < w; j++) {
                p[r * w + j] = Math.max(0, from + j - pad[r]) + shift;
            }
        }
        return manager.create(p, new Shape(b, w));
    }

    private static long[] slice(long[] grid, int b, int total, int from, int to) {
        int w = to - from;
        long[] out = new long[b * w];
        for (int r = 0; r < b; r++) {
            System.arraycopy(grid, r * total + from, out, r * w, w);
        }
        return out;
    }

    private static float[] lastPosition(NDArray logits) {
        long t = logits.getShape().get(1);
        return logits.get(":, " + (t - 1) + ", :").toFloatArray();
    }
}
