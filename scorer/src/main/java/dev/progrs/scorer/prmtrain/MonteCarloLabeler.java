package dev.progrs.scorer.prmtrain;

import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.prm.PrmSequence;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Monte-Carlo step labels (docs/method.md §1): the label of prefix (q, s_1..s_t) is the share of M
 * continuations, sampled from that prefix by the reference (warm) policy, that end correct:
 *
 * <pre>
 *   y_t = (1/M) Σ_{m=1..M} R(s_1..s_t · c_m),      c_m ~ π_ref(· | q, s_1..s_t)
 * </pre>
 * The final step's prefix is the complete solution, so y_T = R without sampling. Prefixes end at the
 * newline of their step; all continuations of all prefixes are decoded together in batches of
 * {@code batchRows} rows with the policy's KV cache. Batch {@code c} uses seed {@code seed + c·φ}, so
 * a run is reproducible for a fixed batch size.
 */
public final class MonteCarloLabeler {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final PolicyModel policy;
    private final PolicySampler sampler;
    private final SamplingConfig sampling;
    private final OutcomeCheck check;
    private final int batchRows;
    private final int newline;

    /**
     * @param sampling  temperature, top-p and length of rollouts and continuations; its seed is the base seed
     * @param batchRows sequences decoded per forward pass (≥ 1; key {@code rollout-batch} of PRM training)
     */
    public MonteCarloLabeler(PolicyModel policy, SamplingConfig sampling, OutcomeCheck check, int batchRows) {
        InvalidSettingException.require(batchRows >= 1, "rollout-batch", batchRows, "an integer >= 1");
        this.policy = policy;
        this.sampler = new PolicySampler(policy);
        this.sampling = sampling;
        this.check = check;
        this.batchRows = batchRows;
        this.newline = policy.tokenizer().id('\n');
    }

    /** One sampled solution per problem, verified, split into steps (unlabelled). */
    public List<Rollout> rollouts(List<Problem> problems, LongConsumer advance) {
        CharTokenizer tok = policy.tokenizer();
        List<Rollout> out = new ArrayList<>(problems.size());
        for (int from = 0, chunk = 0; from < problems.size(); from += batchRows, chunk++) {
            List<Problem> part = problems.subList(from, Math.min(problems.size(), from + batchRows));
            List<int[]> prompts = part.stream().map(p -> PromptFormat.promptIds(tok, p.text())).toList();
            List<Sample> samples = sampler.generate(prompts, sampling.withSeed(sampling.seed() + GOLDEN * (chunk + 1)));
            for (int i = 0; i < part.size(); i++) {
                Sample s = samples.get(i);
                int[] response = withoutEos(s.tokenIds());
                PrmSequence seq = PrmSequence.of(prompts.get(i), response, new int[0], newline);
                boolean correct = !s.truncated() && check.correct(s.text(), part.get(i).goldAnswer());
                out.add(new Rollout(part.get(i), prompts.get(i), response, seq, correct, null, 0));
            }
            advance.accept(part.size());
        }
        return out;
    }

    /** Number of continuations {@link #label} will decode: Σ (T − 1)·M over rollouts with T ≥ 1. */
    public static long continuationCount(List<Rollout> rollouts, int m) {
        long n = 0;
        for (Rollout r : rollouts) {
            n += (long) Math.max(0, r.sequence().steps() - 1) * m;
        }
        return n;
    }

    /**
     * Labels every step of every rollout with M continuations per non-final prefix.
     *
     * @param advance called with the number of continuations finished after each batch
     */
    public List<Rollout> label(List<Rollout> rollouts, int m, LongConsumer advance) {
        InvalidSettingException.require(m >= 1, "continuations", m, "an integer >= 1");
        record Job(int rollout, int step, int[] prefixIds, String prefixText) {
        }
        CharTokenizer tok = policy.tokenizer();
        List<Job> jobs = new ArrayList<>();
        int[][] counts = new int[rollouts.size()][];
        for (int r = 0; r < rollouts.size(); r++) {
            Rollout ro = rollouts.get(r);
            int steps = ro.sequence().steps();
            counts[r] = new int[steps];
            if (steps > 0) {
                counts[r][steps - 1] = ro.correct() ? m : 0;
            }
            for (int t = 0; t < steps - 1; t++) {
                int end = ro.sequence().boundaries()[t] + 1;
                int[] prefix = Arrays.copyOf(ro.sequence().tokenIds(), end);
                String text = tok.decode(ro.responseIds(), 0, end - ro.promptIds().length);
                for (int j = 0; j < m; j++) {
                    jobs.add(new Job(r, t, prefix, text));
                }
            }
        }
        for (int from = 0, chunk = 0; from < jobs.size(); from += batchRows, chunk++) {
            List<Job> part = jobs.subList(from, Math.min(jobs.size(), from + batchRows));
            List<Sample> samples = sampler.generate(part.stream().map(Job::prefixIds).toList(),
                    sampling.withSeed(sampling.seed() ^ GOLDEN * (chunk + 7919)));
            for (int i = 0; i < part.size(); i++) {
                Job job = part.get(i);
                Sample s = samples.get(i);
                String full = job.prefixText() + s.text();
                if (!s.truncated() && check.correct(full, rollouts.get(job.rollout()).problem().goldAnswer())) {
                    counts[job.rollout()][job.step()]++;
                }
            }
            advance.accept(part.size());
        }
        List<Rollout> out = new ArrayList<>(rollouts.size());
        for (int r = 0; r < rollouts.size(); r++) {
            out.add(rollouts.get(r).withLabels(counts[r], m));
        }
        return out;
    }

    private static int[] withoutEos(int[] ids) {
        int n = ids.length;
        while (n > 0 && (ids[n - 1] == CharTokenizer.EOS || ids[n - 1] == CharTokenizer.PAD)) {
            n--;
        }
        return Arrays.copyOf(ids, n);
    }
}
