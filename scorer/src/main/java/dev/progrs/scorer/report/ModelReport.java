package dev.progrs.scorer.report;

import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.eval.ArithmeticAnswer;
import dev.progrs.models.prm.PrmSequence;
import dev.progrs.models.prm.ProcessRewardModel;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.MultiScaleCoherence;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.metrics.Auroc;
import dev.progrs.scorer.metrics.QuantileCalibration;
import dev.progrs.scorer.metrics.WithinGroupMetrics;
import dev.progrs.scorer.metrics.WithinGroupMetrics.ScoredSample;
import dev.progrs.scorer.prmtrain.MonteCarloLabeler;
import dev.progrs.scorer.prmtrain.Rollout;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.FlawedSolutions;
import dev.progrs.tasks.arithmetic.GoldStepChecker;
import dev.progrs.tasks.arithmetic.StepError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a policy and a PRM are worth as a testbed for process rewards, measured on the suite's fixed
 * test split with the gold step checker (the numbers the testbed's gates are stated in).
 *
 * <p>Policy: greedy and sampled Pass@1 by number of steps and by number of givens; greedy Pass@1 of
 * the easy range (2–5 steps) with every position shifted by +1…+S and the largest change; the share of
 * rewarded samples that contain a wrong step (lucky-correct, outcome-reward noise); the first-error
 * kinds; and, in the RL range, sampled Pass@1 and the shares of all-incorrect / mixed / all-correct
 * groups at K = 4 and 8.
 *
 * <p>PRM (on the K = 8 groups of the RL range): pooled AUROC of the last step's confidence for the
 * outcome, and the within-group metrics of {@link WithinGroupMetrics}; quantile coverage per τ against
 * Monte-Carlo labels of a few fresh rollouts.
 *
 * <p>Every sample is decoded with a fixed seed, so a report is reproducible on the same machine type.
 *
 * @param easyMin        first step count of the easy range (gate: greedy Pass@1 by givens over it)
 * @param easyMax        last step count of the easy range
 * @param rlMin          first step count of the RL range
 * @param rlMax          last step count of the RL range
 * @param sampledPerProblem samples per test problem for sampled Pass@1 (at temperature)
 * @param shifts         largest position shift tested (1..shifts)
 * @param groups         prompts of the RL range sampled as groups at each K
 * @param coverageRollouts fresh rollouts labelled by Monte Carlo for the coverage of a PRM (0 = skip)
 * @param continuations  M, continuations per prefix for those labels
 * @param temperature    sampling temperature (the RL temperature)
 * @param batch          sequences per decode
 * @param seed           seed of every sampled decode
 */
public record ModelReport(int easyMin, int easyMax, int rlMin, int rlMax, int sampledPerProblem, int shifts, int groups,
                          int coverageRollouts, int continuations, float temperature, int batch, long seed) {

    /** The defaults of {@code progrs model-report}. */
    public static ModelReport defaults() {
        return new ModelReport(2, 5, 6, 8, 2, 8, 120, 40, 8, 1f, 64, 11L);
    }

    public ModelReport {
        InvalidSettingException.require(easyMin >= 1 && easyMin <= easyMax, "easy range", easyMin + ".." + easyMax, "MIN..MAX with 1 <= MIN <= MAX");
        InvalidSettingException.require(rlMin >= 1 && rlMin <= rlMax, "--rl-range", rlMin + ".." + rlMax, "MIN..MAX with 1 <= MIN <= MAX");
        InvalidSettingException.require(sampledPerProblem >= 1, "--samples", sampledPerProblem, "an integer >= 1");
        InvalidSettingException.require(shifts >= 0, "--shifts", shifts, "an integer >= 0");
        InvalidSettingException.require(groups >= 1, "--groups", groups, "an integer >= 1");
        InvalidSettingException.require(coverageRollouts >= 0, "--coverage-rollouts", coverageRollouts, "an integer >= 0");
        InvalidSettingException.require(continuations >= 1, "--continuations", continuations, "an integer >= 1");
        InvalidSettingException.require(temperature > 0, "--temperature", temperature, "a number > 0");
        InvalidSettingException.require(batch >= 1, "--batch", batch, "an integer >= 1");
    }

    /** One decoded sample with its gold verdict. */
    private record Judged(Problem problem, ArithmeticProblem structure, Sample sample, boolean correct, GoldStepChecker.Check check) {
    }

    /**
     * Measures {@code policy} (and {@code prm} when non-null) on {@code suite}'s test split.
     *
     * @param progress receives a short line per phase
     * @return the metrics, keys as in {@code progrs model-report --json}
     */
    public Map<String, Object> measure(PolicyModel policy, ProcessRewardModel prm, ArithmeticSuite suite, Consumer<String> progress) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Problem> test = suite.testSet();
        List<Problem> easy = test.stream().filter(p -> inRange(p, easyMin, easyMax)).toList();
        List<Problem> rl = test.stream().filter(p -> inRange(p, rlMin, rlMax)).toList();
        if (easy.isEmpty() || rl.isEmpty()) {
            throw new IllegalArgumentException("the suite's test split " + suite.config() + " has no problems with "
                    + (easy.isEmpty() ? easyMin + ".." + easyMax : rlMin + ".." + rlMax) + " steps");
        }
        out.put("suite", suite.config().version().configName());
        out.put("test_problems", test.size());

        progress.accept("greedy decoding of " + test.size() + " test problems");
        List<Judged> greedy = decode(policy, suite, test, 1, null, 0);
        out.put("greedy_pass1", share(greedy));
        out.put("greedy_pass1_by_steps", byKey(greedy, j -> j.problem().difficulty()));
        out.put("greedy_pass1_by_givens", byKey(filter(greedy, easyMin, easyMax), j -> j.structure().givensCount()));
        out.put("greedy_pass1_by_givens_range", easyMin + ".." + easyMax);
        out.put("rl_greedy_pass1", share(filter(greedy, rlMin, rlMax)));

        progress.accept("position shifts +1..+" + shifts + " on " + easy.size() + " problems of " + easyMin + ".." + easyMax + " steps");
        double base = share(filter(greedy, easyMin, easyMax));
        Map<String, Double> deltas = new LinkedHashMap<>();
        double maxDelta = 0;
        for (int s = 1; s <= shifts; s++) {
            double d = share(decode(policy, suite, easy, 1, null, s)) - base;
            deltas.put(Integer.toString(s), d);
            maxDelta = Math.max(maxDelta, Math.abs(d));
        }
        out.put("position_shift_deltas", deltas);
        out.put("position_shift_max_delta", maxDelta);

        progress.accept("sampling " + sampledPerProblem + " per test problem at T=" + temperature);
        List<Judged> sampled = decode(policy, suite, test, sampledPerProblem, temperature, 0);
        out.put("sampled_pass1", share(sampled));
        out.put("sampled_pass1_by_steps", byKey(sampled, j -> j.problem().difficulty()));
        out.put("sampled_pass1_by_givens", byKey(filter(sampled, easyMin, easyMax), j -> j.structure().givensCount()));
        out.put("lucky_correct_share", luckyShare(sampled));
        out.put("rewarded_samples", sampled.stream().filter(Judged::correct).count());
        out.put("rl_lucky_correct_share", luckyShare(filter(sampled, rlMin, rlMax)));
        out.put("first_error_kinds", firstErrorKinds(sampled));
        out.put("rl_range", rlMin + ".." + rlMax);
        out.put("rl_sampled_pass1", share(filter(sampled, rlMin, rlMax)));

        List<Judged> groups8 = null;
        for (int k : new int[] {4, 8}) {
            progress.accept("groups of K=" + k + " on " + Math.min(groups, rl.size()) + " RL-range prompts");
            List<Judged> g = decode(policy, suite, rl.subList(0, Math.min(groups, rl.size())), k, temperature, 0);
            int allWrong = 0;
            int allRight = 0;
            int n = g.size() / k;
            for (int i = 0; i < n; i++) {
                long c = g.subList(i * k, (i + 1) * k).stream().filter(Judged::correct).count();
                allWrong += c == 0 ? 1 : 0;
                allRight += c == k ? 1 : 0;
            }
            out.put("rl_all_incorrect_share_k" + k, allWrong / (double) n);
            out.put("rl_mixed_share_k" + k, (n - allWrong - allRight) / (double) n);
            out.put("rl_all_correct_share_k" + k, allRight / (double) n);
            if (k == 8) {
                groups8 = g;
            }
        }
        if (prm != null) {
            out.putAll(prmMetrics(policy, prm, suite, groups8, progress));
        }
        return out;
    }

    private Map<String, Object> prmMetrics(PolicyModel policy, ProcessRewardModel prm, ArithmeticSuite suite, List<Judged> samples,
                                           Consumer<String> progress) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("prm", prm.name());
        progress.accept("PRM " + prm.name() + " on " + samples.size() + " RL-range samples (groups of 8)");
        StepConfidence median = StepConfidence.median();
        double[] levels = prm.quantileLevels();
        CoherenceConfig coherence = CoherenceConfig.defaults();
        List<ScoredSample> scored = new ArrayList<>();
        Map<ScoredSample, StepError> kinds = new java.util.IdentityHashMap<>();
        List<Double> last = new ArrayList<>();
        List<Boolean> outcome = new ArrayList<>();
        for (int from = 0; from < samples.size(); from += batch) {
            List<Judged> chunk = samples.subList(from, Math.min(samples.size(), from + batch));
            List<PrmSequence> seqs = new ArrayList<>();
            List<Judged> kept = new ArrayList<>();
            int newline = prm.tokenizer().id('\n');
            for (Judged j : chunk) {
                // As the scorer builds it from a trajectory: prompt ids, response ids, a step per line.
                PrmSequence seq = PrmSequence.of(PromptFormat.promptIds(policy.tokenizer(), j.problem().text()),
                        j.sample().tokenIds(), new int[0], newline);
                if (seq.steps() > 0 && seq.length() <= prm.context()) {
                    seqs.add(seq);
                    kept.add(j);
                }
            }
            if (seqs.isEmpty()) {
                continue;
            }
            List<double[][]> q = prm.score(seqs);
            for (int i = 0; i < kept.size(); i++) {
                double[] c = median.confidences(levels, q.get(i));
                double b = MultiScaleCoherence.evaluate(c, coherence).processScore();
                Judged j = kept.get(i);
                ScoredSample sample = new ScoredSample(j.problem().id(), j.check().firstWrongStep(), j.correct(), c, b);
                scored.add(sample);
                kinds.put(sample, j.check().firstError());
                last.add(c[c.length - 1]);
                outcome.add(j.correct());
            }
        }
        double[] lastArr = last.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] pos = new boolean[outcome.size()];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = outcome.get(i);
        }
        out.put("prm_pooled_auroc", Auroc.of(lastArr, pos));
        WithinGroupMetrics.Concordance fe = WithinGroupMetrics.firstErrorAuroc(scored);
        WithinGroupMetrics.Concordance pc = WithinGroupMetrics.progressConcordance(scored);
        out.put("first_error_auroc_same_prompt", fe.value());
        out.put("first_error_auroc_pairs", fe.pairs());
        // which kinds of first error the PRM sees: the same AUROC with only samples whose first error is of one kind
        Map<String, Double> byKind = new java.util.TreeMap<>();
        Map<String, Long> pairsByKind = new java.util.TreeMap<>();
        for (StepError kind : StepError.values()) {
            WithinGroupMetrics.Concordance k = WithinGroupMetrics.firstErrorAuroc(scored, s -> kinds.get(s) == kind);
            if (k.pairs() > 0) {
                String name = kind.name().toLowerCase(java.util.Locale.ROOT);
                byKind.put(name, k.value());
                pairsByKind.put(name, k.pairs());
            }
        }
        out.put("first_error_auroc_by_kind", byKind);
        out.put("first_error_auroc_pairs_by_kind", pairsByKind);
        out.put("progress_concordance", pc.value());
        out.put("progress_concordance_pairs", pc.pairs());
        double incorrectMean = scored.stream().filter(s -> !s.correct()).mapToDouble(ScoredSample::processScore).average().orElse(Double.NaN);
        double correctMean = scored.stream().filter(ScoredSample::correct).mapToDouble(ScoredSample::processScore).average().orElse(Double.NaN);
        out.put("process_score_mean_correct", correctMean);
        out.put("process_score_mean_incorrect", incorrectMean);
        out.putAll(flawDetection(policy, prm, suite, progress));
        if (coverageRollouts > 0) {
            progress.accept("coverage: Monte-Carlo labels of " + coverageRollouts + " fresh rollouts, M=" + continuations);
            List<Problem> problems = new ArrayList<>();
            for (int i = 0; i < coverageRollouts; i++) {
                problems.add(suite.trainProblem(9_000_000L + i, rlMin + i % (rlMax - rlMin + 1)));
            }
            SamplingConfig sampling = SamplingConfig.sample(temperature, 1.0, 256, seed + 17);
            MonteCarloLabeler labeler = new MonteCarloLabeler(policy, sampling, ArithmeticAnswer::correct, 128);
            List<Rollout> rollouts = labeler.label(labeler.rollouts(problems, n -> { }), continuations, n -> { });
            // Labels dithered within their 1/(M+1) bin, as train-prm measures coverage: raw k/M labels are
            // mostly exactly 0, and P(y <= Q) of a point mass says nothing about a quantile.
            java.util.SplittableRandom ditherRng = new java.util.SplittableRandom(seed + 29);
            List<double[]> labels = new ArrayList<>();
            List<double[]> quant = new ArrayList<>();
            for (Rollout r : rollouts) {
                if (r.sequence().steps() == 0 || r.sequence().length() > prm.context()) {
                    continue;
                }
                double[][] q = prm.score(List.of(r.sequence())).get(0);
                int[] k = r.successes();
                for (int t = 0; t < k.length; t++) {
                    labels.add(new double[] {dev.progrs.scorer.prmtrain.LabelDither.dither(k[t], r.continuations(), ditherRng)});
                    quant.add(q[t]);
                }
            }
            double[] y = labels.stream().mapToDouble(a -> a[0]).toArray();
            double[][] qs = quant.toArray(new double[0][]);
            Map<String, Double> coverage = new LinkedHashMap<>();
            double worst = 0;
            for (int l = 0; l < levels.length; l++) {
                double c = QuantileCalibration.coverage(y, qs, l);
                coverage.put(Double.toString(levels[l]), c);
                worst = Math.max(worst, Math.abs(c - levels[l]));
            }
            out.put("coverage_by_tau", coverage);
            out.put("coverage_max_error", worst);
            out.put("coverage_prefixes", y.length);
        }
        return out;
    }

    /** Problems per flaw kind in {@link #flawDetection}. */
    static final int FLAW_PAIRS = 120;

    /**
     * Which flaws the PRM sees, without the policy's sampling in between: for each flaw kind, {@value #FLAW_PAIRS}
     * RL-range train problems (from index 9,500,000, away from train-prm's), each as its reference solution and
     * as a flawed one (seeded), compared by the median step confidence at the flawed line:
     * {@code flaw_detection_auroc_by_kind} = P(reference's confidence > the flawed one's), ties ½.
     */
    private Map<String, Object> flawDetection(PolicyModel policy, ProcessRewardModel prm, ArithmeticSuite suite, Consumer<String> progress) {
        progress.accept("PRM " + prm.name() + " on reference/flawed pairs, " + FLAW_PAIRS + " per flaw kind");
        StepConfidence median = StepConfidence.median();
        Map<String, Double> byKind = new java.util.TreeMap<>();
        for (FlawedSolutions.Kind kind : FlawedSolutions.Kind.values()) {
            java.util.SplittableRandom rng = new java.util.SplittableRandom(seed * 7919 + kind.ordinal());
            List<PrmSequence> seqs = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < FLAW_PAIRS; i++) {
                ArithmeticProblem p = suite.trainArithmetic(9_500_000L + i, rlMin + i % (rlMax - rlMin + 1));
                var f = FlawedSolutions.random(p, kind, rng);
                PrmSequence ref = PrmSequence.ofText(policy.tokenizer(), p.prompt(), Arrays.asList(p.referenceSolution().split("\n")));
                PrmSequence bad = PrmSequence.ofText(policy.tokenizer(), p.prompt(), Arrays.asList(f.solution().split("\n")));
                int t = f.firstWrongLine();
                if (t < 0 || t >= ref.steps() || t >= bad.steps() || ref.length() > prm.context() || bad.length() > prm.context()) {
                    continue;
                }
                seqs.add(ref);
                seqs.add(bad);
                at.add(t);
            }
            double wins = 0;
            int pairsPerPass = Math.max(2, batch - batch % 2); // whole pairs in every pass
            for (int from = 0; from < seqs.size(); from += pairsPerPass) {
                List<PrmSequence> chunk = seqs.subList(from, Math.min(seqs.size(), from + pairsPerPass));
                List<double[][]> q = prm.score(chunk);
                for (int j = 0; j + 1 < chunk.size(); j += 2) {
                    int t = at.get((from + j) / 2);
                    double r = median.confidences(prm.quantileLevels(), q.get(j))[t];
                    double b = median.confidences(prm.quantileLevels(), q.get(j + 1))[t];
                    wins += r > b ? 1 : r == b ? 0.5 : 0;
                }
            }
            if (!at.isEmpty()) {
                byKind.put(kind.name().toLowerCase(java.util.Locale.ROOT), wins / at.size());
            }
        }
        return Map.of("flaw_detection_auroc_by_kind", byKind);
    }

    /** Decodes {@code n} completions per problem (greedy when {@code temperature} is null) and judges them. */
    private List<Judged> decode(PolicyModel policy, ArithmeticSuite suite, List<Problem> problems, int n, Float temperature, int shift) {
        PolicySampler sampler = new PolicySampler(policy);
        List<Problem> rows = new ArrayList<>(problems.size() * n);
        for (Problem p : problems) {
            for (int i = 0; i < n; i++) {
                rows.add(p);
            }
        }
        int context = policy.config().context() - shift;
        List<Judged> out = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += batch) {
            List<Problem> chunk = rows.subList(from, Math.min(rows.size(), from + batch));
            List<int[]> prompts = new ArrayList<>();
            int longest = 0;
            for (Problem p : chunk) {
                int[] ids = PromptFormat.promptIds(policy.tokenizer(), p.text());
                prompts.add(ids);
                longest = Math.max(longest, ids.length);
            }
            SamplingConfig cfg = temperature == null ? SamplingConfig.greedy(context - longest)
                    : SamplingConfig.sample(temperature, 1.0, context - longest, seed + from);
            List<Sample> samples = shift == 0 ? sampler.generate(prompts, cfg) : sampler.generateShifted(prompts, cfg, shift);
            for (int i = 0; i < chunk.size(); i++) {
                Problem p = chunk.get(i);
                ArithmeticProblem structure = suite.parse(p);
                Sample s = samples.get(i);
                out.add(new Judged(p, structure, s, ArithmeticAnswer.correct(s.text(), p.goldAnswer()),
                        GoldStepChecker.check(structure, s.text())));
            }
        }
        return out;
    }

    private static boolean inRange(Problem p, int min, int max) {
        return p.difficulty() != null && p.difficulty() >= min && p.difficulty() <= max;
    }

    private static List<Judged> filter(List<Judged> js, int min, int max) {
        return js.stream().filter(j -> inRange(j.problem(), min, max)).toList();
    }

    private static double share(List<Judged> js) {
        return js.isEmpty() ? Double.NaN : js.stream().filter(Judged::correct).count() / (double) js.size();
    }

    private static double luckyShare(List<Judged> js) {
        long rewarded = js.stream().filter(Judged::correct).count();
        return rewarded == 0 ? Double.NaN : js.stream().filter(j -> j.correct() && j.check().firstWrongStep() >= 0).count() / (double) rewarded;
    }

    private static Map<String, Double> firstErrorKinds(List<Judged> js) {
        Map<String, Integer> counts = new TreeMap<>();
        int wrong = 0;
        for (Judged j : js) {
            StepError e = j.check().firstError();
            if (e != StepError.NONE) {
                counts.merge(e.name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
                wrong++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            out.put(e.getKey(), e.getValue() / (double) wrong);
        }
        return out;
    }

    private static Map<String, Double> byKey(List<Judged> js, java.util.function.Function<Judged, Integer> key) {
        Map<Integer, int[]> ct = new TreeMap<>();
        for (Judged j : js) {
            int[] c = ct.computeIfAbsent(key.apply(j), k -> new int[2]);
            c[1]++;
            c[0] += j.correct() ? 1 : 0;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        ct.forEach((k, c) -> out.put(Integer.toString(k), c[0] / (double) c[1]));
        return out;
    }
}
