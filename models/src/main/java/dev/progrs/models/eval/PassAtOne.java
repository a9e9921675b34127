package dev.progrs.models.eval;

import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.tasks.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Greedy Pass@1: the share of problems whose greedy completion states the gold answer,
 * overall and by difficulty.
 *
 * @param total        problems evaluated
 * @param correct      problems answered correctly
 * @param byDifficulty difficulty → {correct, total}
 * @param outcomes     whether each evaluated answer was correct, in the order of the problems evaluated (for a
 *                     sampled evaluation: problem-major, n answers per problem); empty when not recorded
 */
public record PassAtOne(int total, int correct, SortedMap<Integer, int[]> byDifficulty, boolean[] outcomes) {

    public PassAtOne(int total, int correct, SortedMap<Integer, int[]> byDifficulty) {
        this(total, correct, byDifficulty, new boolean[0]);
    }

    /**
     * Correct answers per problem: {@code c[p] = Σ_{i < n} outcomes[p·n + i]} for n answers per problem.
     *
     * @throws IllegalStateException when the outcomes were not recorded or do not split into n per problem
     */
    public int[] correctPerProblem(int n) {
        if (n < 1 || outcomes.length == 0 || outcomes.length % n != 0) {
            throw new IllegalStateException("per-answer outcomes of " + outcomes.length + " answers do not split into " + n + " per problem");
        }
        int[] c = new int[outcomes.length / n];
        for (int i = 0; i < outcomes.length; i++) {
            c[i / n] += outcomes[i] ? 1 : 0;
        }
        return c;
    }

    public double overall() {
        return total == 0 ? 0 : correct / (double) total;
    }

    /** Pass@1 of one difficulty level. */
    public double at(int difficulty) {
        int[] ct = byDifficulty.get(difficulty);
        return ct == null || ct[1] == 0 ? 0 : ct[0] / (double) ct[1];
    }

    /** e.g. {@code Pass@1 (greedy) 52.4% of 500 | 2: 98.6% 3: ...}. */
    public String summary() {
        return summary("greedy");
    }

    /** e.g. {@code Pass@1 (sampled) 46.4% of 560 | 4: 61.1% 5: 31.8%}; {@code kind} names how the answers were decoded. */
    public String summary(String kind) {
        StringBuilder sb = new StringBuilder(String.format("Pass@1 (%s) %.1f%% of %d |", kind, 100 * overall(), total));
        for (Map.Entry<Integer, int[]> e : byDifficulty.entrySet()) {
            sb.append(String.format(" %d: %.1f%%", e.getKey(), 100.0 * e.getValue()[0] / e.getValue()[1]));
        }
        return sb.toString();
    }

    /** Evaluates greedy Pass@1 of {@code model} on {@code problems}, {@code batchSize} prompts per decode. */
    public static PassAtOne evaluate(PolicyModel model, List<Problem> problems, int batchSize) {
        return evaluate(model, problems, batchSize, null);
    }

    /**
     * Pass@1 as the mean over {@code n} samples per problem at {@code sampling}'s temperature:
     * Pass@1 = (1 / (n·|P|)) Σ_p Σ_{i ≤ n} 1[sample i of p is correct]. With a fixed sampling seed the
     * same random streams serve every policy evaluated, so two policies differ only by their weights.
     *
     * @param sampling a non-greedy sampling configuration (its length limit is raised to fill the context)
     * @param n        samples per problem, ≥ 1
     */
    public static PassAtOne evaluateSampled(PolicyModel model, List<Problem> problems, int batchSize, SamplingConfig sampling, int n) {
        if (n < 1 || sampling == null || sampling.greedy()) {
            throw new IllegalArgumentException("sampled Pass@1 needs n >= 1 (got " + n + ") and a non-greedy sampling configuration");
        }
        List<Problem> repeated = new ArrayList<>(problems.size() * n);
        for (Problem p : problems) {
            for (int i = 0; i < n; i++) {
                repeated.add(p);
            }
        }
        return evaluate(model, repeated, batchSize, sampling);
    }

    private static PassAtOne evaluate(PolicyModel model, List<Problem> problems, int batchSize, SamplingConfig sampling) {
        PolicySampler sampler = new PolicySampler(model);
        int context = model.config().context();
        SortedMap<Integer, int[]> by = new TreeMap<>();
        int correct = 0;
        boolean[] outcomes = new boolean[problems.size()];
        for (int from = 0; from < problems.size(); from += batchSize) {
            List<Problem> chunk = problems.subList(from, Math.min(problems.size(), from + batchSize));
            List<int[]> prompts = new ArrayList<>(chunk.size());
            int longest = 0;
            for (Problem p : chunk) {
                int[] ids = PromptFormat.promptIds(model.tokenizer(), p.text());
                prompts.add(ids);
                longest = Math.max(longest, ids.length);
            }
            List<Sample> samples = sampler.generate(prompts, sampling == null ? SamplingConfig.greedy(context - longest)
                    : SamplingConfig.sample(sampling.temperature(), sampling.topP(), context - longest, sampling.seed() + from));
            for (int i = 0; i < chunk.size(); i++) {
                Problem p = chunk.get(i);
                boolean ok = ArithmeticAnswer.correct(samples.get(i).text(), p.goldAnswer());
                int d = p.difficulty() == null ? 0 : p.difficulty();
                int[] ct = by.computeIfAbsent(d, k -> new int[2]);
                ct[1]++;
                outcomes[from + i] = ok;
                if (ok) {
                    ct[0]++;
                    correct++;
                }
            }
        }
        return new PassAtOne(problems.size(), correct, Collections.unmodifiableSortedMap(by), outcomes);
    }
}
