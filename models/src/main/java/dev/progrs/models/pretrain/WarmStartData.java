package dev.progrs.models.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.FlawedSolutions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The supervised stream: example {@code i} is a train problem of the suite with a number of steps
 * uniform in [minSteps, maxSteps], whose target is the reference solution, or — with probability
 * {@code flawedShare} — a {@link FlawedSolutions} variant (kind uniform over slip, skipped step,
 * right answer with a wrong step). Each example is drawn from its own
 * {@code SplittableRandom(seed, i)}, so the stream is reproducible and any example can be
 * regenerated alone. With a slipped-context share, a share of the reference examples shows one wrong
 * step result as context (see the constructor). Test problems never appear (the suite excludes them from its train split).
 */
public final class WarmStartData {

    /**
     * One training sequence.
     *
     * @param resultMask  1 on the completion tokens that are a step's result ({@link SlipTargets#resultMask})
     * @param lossWeights 1 on the completion tokens that are targets, 0 on a slipped value given as context
     * @param slipped     whether one result was replaced by a wrong value given as context
     */
    public record Example(int[] prompt, int[] completion, int steps, boolean flawed, float[] resultMask, float[] lossWeights,
                          boolean slipped) {
    }

    private final ArithmeticSuite suite;
    private final CharTokenizer tokenizer;
    private final long seed;
    private final int minSteps;
    private final int maxSteps;
    private final double flawedShare;
    private final double slippedContextShare;

    public WarmStartData(ArithmeticSuite suite, CharTokenizer tokenizer, long seed, int minSteps, int maxSteps, double flawedShare) {
        this(suite, tokenizer, seed, minSteps, maxSteps, flawedShare, 0);
    }

    /**
     * @param slippedContextShare share of the reference examples whose step k (uniform) shows a wrong result
     *                            ({@link FlawedSolutions#slip}, later lines computed from it): that one value is
     *                            context with loss weight 0, every target token is right given the text before it,
     *                            so the policy learns to compute from the values it wrote rather than to slip
     */
    public WarmStartData(ArithmeticSuite suite, CharTokenizer tokenizer, long seed, int minSteps, int maxSteps, double flawedShare,
                         double slippedContextShare) {
        this.suite = suite;
        this.tokenizer = tokenizer;
        this.seed = seed;
        this.minSteps = minSteps;
        this.maxSteps = maxSteps;
        this.flawedShare = flawedShare;
        this.slippedContextShare = slippedContextShare;
    }

    public Example example(long index) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x2545F4914F6CDD1DL);
        int steps = minSteps + rng.nextInt(maxSteps - minSteps + 1);
        long problemIndex = rng.nextLong(Long.MAX_VALUE);
        ArithmeticProblem p = suite.trainArithmetic(problemIndex, steps);
        String solution = p.referenceSolution();
        boolean flawed = rng.nextDouble() < flawedShare;
        if (flawed) {
            List<FlawedSolutions.Kind> kinds = FlawedSolutions.ORIGINAL_KINDS; // the set the shipped checkpoints were made with
            solution = FlawedSolutions.random(p, kinds.get(rng.nextInt(kinds.size())), rng).solution();
        }
        boolean slipped = false;
        int slippedStep = 0;
        if (!flawed && slippedContextShare > 0) {
            // drawn after every other choice, so a share of 0 leaves the stream as it was
            slipped = rng.nextDouble() < slippedContextShare;
            if (slipped) {
                slippedStep = 1 + rng.nextInt(steps);
                solution = FlawedSolutions.slip(p, slippedStep, 1 + rng.nextInt(p.modulus() - 1)).solution();
            }
        }
        float[] results = SlipTargets.resultMask(solution);
        float[] weights = new float[results.length];
        Arrays.fill(weights, 1f);
        if (slipped) {
            int seen = 0;
            for (int j = 0; j < results.length; j++) {
                if (results[j] == 1f && ++seen == slippedStep) {
                    weights[j] = 0f;
                }
            }
        }
        return new Example(PromptFormat.promptIds(tokenizer, p.prompt()), PromptFormat.completionIds(tokenizer, solution), steps, flawed,
                results, weights, slipped);
    }

    /** Examples {@code step·size .. step·size + size − 1}: the rows of batch {@code step}. */
    public List<Example> examples(long step, int size) {
        List<Example> out = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            out.add(example(step * size + r));
        }
        return out;
    }

    /** The rows {@code examples}, a slipped value's token (loss weight 0) left out of the target mask. */
    public static SequenceBatch batch(NDManager manager, List<Example> examples, int context) {
        List<int[]> prompts = new ArrayList<>(examples.size());
        List<int[]> completions = new ArrayList<>(examples.size());
        List<float[]> weights = new ArrayList<>(examples.size());
        boolean anySlipped = false;
        for (Example e : examples) {
            prompts.add(e.prompt());
            completions.add(e.completion());
            weights.add(e.lossWeights());
            anySlipped |= e.slipped();
        }
        SequenceBatch batch = SequenceBatch.of(manager, prompts, completions, context);
        if (!anySlipped) {
            return batch;
        }
        NDArray targets = batch.targetMask().mul(batch.alignCompletionValues(manager, weights));
        return new SequenceBatch(batch.ids(), batch.mask(), targets, batch.promptLengths(), batch.completionLengths());
    }

    /** The step results of {@code examples} ({@link SlipTargets#resultMask}) on {@code batch}'s [B, L−1] target grid. */
    public static NDArray resultMask(NDManager manager, List<Example> examples, SequenceBatch batch) {
        return batch.alignCompletionValues(manager, examples.stream().map(Example::resultMask).toList());
    }

    /**
     * Position offsets of batch {@code step} ([B, 1] int64): row r is shifted by 0 with probability
     * 1/4, else by a uniform 1..min(maxOffset, context − length_r); all zeros when {@code maxOffset} is 0.
     * Drawn from their own seeded stream, so the data order does not depend on them.
     */
    public NDArray offsets(NDManager manager, long step, SequenceBatch batch, int context, int maxOffset) {
        int b = batch.rows();
        long[] out = new long[b];
        for (int r = 0; r < b; r++) {
            int room = Math.min(maxOffset, context - batch.promptLengths()[r] - batch.completionLengths()[r]);
            SplittableRandom rng = new SplittableRandom(seed * 0x632BE59BD9B4E019L + (step * b + r) * 0x9E3779B97F4A7C15L + 0x51AFD7ED558CCDL);
            if (room > 0 && rng.nextInt(4) != 0) {
                out[r] = 1 + rng.nextInt(room);
            }
        }
        return manager.create(out, new ai.djl.ndarray.types.Shape(b, 1));
    }
}
