package dev.progrs.scorer.scoring;

import dev.progrs.models.prm.PrmGroup;
import dev.progrs.models.prm.ProcessRewardModel;
import dev.progrs.models.prm.PrmSequence;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.CoherenceScores;
import dev.progrs.scorer.coherence.MultiScaleCoherence;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import dev.progrs.wire.WindowCoherence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Scores trajectories with a {@link ProcessRewardModel} (trained and frozen, or training-free) and the coherence evaluator (docs/method.md §§1–2), no
 * Kafka: per trajectory the quantiles Q_τ,t of every step, the step confidences p_t
 * ({@link StepConfidence}), C_W per window size and the process score b
 * ({@link MultiScaleCoherence}).
 *
 * <p>A batch is scored with one PRM forward pass per {@code batchSize} trajectories. A trajectory
 * that cannot be scored (bad token ids, boundaries that do not match its steps, too long) fails
 * alone: it gets an {@link Result#error()} and the others are scored. If a whole forward pass
 * fails, its trajectories are retried one by one so that only the culprit fails.
 *
 * <p><b>Group-shared prompts.</b> The K samples of a GRPO group share their prompt. With sharing on
 * (the default) and {@code batchSize} ≥ 2, the trajectories of the batch that have the same group id
 * and the same prompt token ids are scored together through {@link ProcessRewardModel#scoreGroups}:
 * the prompt is encoded once per group and only the responses are batched, whole groups packed into
 * passes of at most {@code batchSize} rows (a larger group is split into pieces of {@code batchSize},
 * each encoding the prompt once). A trajectory alone with its group in the batch takes the plain path.
 * The scores equal the plain path's up to float rounding (≤ 1e-5).
 */
public final class TrajectoryScorer {

    /** The outcome for one input: exactly one of {@code scored} and {@code error} is non-null. */
    public record Result(ScoredTrajectory scored, String error) {
    }

    private final ProcessRewardModel prm;
    private final StepConfidence confidence;
    private final CoherenceConfig coherence;
    private final String scorerId;
    private final int batchSize;
    private final boolean shareGroupPrompts;
    private final int newlineId;
    private final List<Double> levels;
    private final LongSupplier clock;

    /**
     * With group-shared prompts (see the class comment).
     *
     * @param batchSize trajectories per PRM forward pass (≥ 1)
     * @throws IllegalArgumentException if {@code confidence} names a level the PRM does not have
     */
    public TrajectoryScorer(ProcessRewardModel prm, StepConfidence confidence, CoherenceConfig coherence, String scorerId,
                            int batchSize, LongSupplier clock) {
        this(prm, confidence, coherence, scorerId, batchSize, true, clock);
    }

    /**
     * @param batchSize         trajectories per PRM forward pass (≥ 1)
     * @param shareGroupPrompts whether a group's trajectories in one batch encode their shared prompt once
     *                          (effective when {@code batchSize} ≥ 2)
     * @throws IllegalArgumentException if {@code confidence} names a level the PRM does not have
     */
    public TrajectoryScorer(ProcessRewardModel prm, StepConfidence confidence, CoherenceConfig coherence, String scorerId,
                            int batchSize, boolean shareGroupPrompts, LongSupplier clock) {
        InvalidSettingException.require(batchSize >= 1, "batch-size", batchSize, "an integer >= 1");
        this.prm = prm;
        this.confidence = confidence;
        this.coherence = coherence;
        this.scorerId = scorerId;
        this.batchSize = batchSize;
        this.shareGroupPrompts = shareGroupPrompts;
        this.newlineId = prm.tokenizer().id('\n');
        this.levels = Arrays.stream(prm.quantileLevels()).boxed().toList();
        this.clock = clock;
        confidence.levelIndex(prm.quantileLevels());
    }

    /** One result per input, in input order. */
    public List<Result> score(List<Trajectory> batch) {
        Result[] out = new Result[batch.size()];
        List<Integer> ok = new ArrayList<>();
        PrmSequence[] seqs = new PrmSequence[batch.size()];
        int vocab = prm.tokenizer().vocabSize();
        for (int i = 0; i < batch.size(); i++) {
            try {
                seqs[i] = PrmInputs.of(batch.get(i), newlineId, vocab, prm.context());
                ok.add(i);
            } catch (RuntimeException e) {
                out[i] = new Result(null, reason(e));
            }
        }
        List<Integer> plain = ok;
        if (shareGroupPrompts && batchSize > 1) {
            Map<GroupKey, List<Integer>> groups = new LinkedHashMap<>();
            for (int i : ok) {
                Trajectory t = batch.get(i);
                groups.computeIfAbsent(new GroupKey(t.getGroupId(), t.getPromptTokenIds()), k -> new ArrayList<>()).add(i);
            }
            plain = new ArrayList<>();
            List<List<Integer>> shared = new ArrayList<>();
            for (List<Integer> members : groups.values()) {
                if (members.size() == 1) {
                    plain.add(members.get(0));
                } else {
                    for (int from = 0; from < members.size(); from += batchSize) {
                        shared.add(members.subList(from, Math.min(members.size(), from + batchSize)));
                    }
                }
            }
            scoreShared(batch, seqs, shared, out);
        }
        for (int from = 0; from < plain.size(); from += batchSize) {
            List<Integer> idx = plain.subList(from, Math.min(plain.size(), from + batchSize));
            List<PrmSequence> part = idx.stream().map(i -> seqs[i]).toList();
            pass(batch, seqs, idx, () -> prm.score(part), out);
        }
        return Arrays.asList(out);
    }

    /** Which trajectories share a prompt: the same group and, to be sure, the same prompt tokens. */
    private record GroupKey(String groupId, List<Integer> promptTokenIds) {
    }

    /** Packs whole groups (pieces of at most {@code batchSize}) into passes of at most {@code batchSize} rows. */
    private void scoreShared(List<Trajectory> batch, PrmSequence[] seqs, List<List<Integer>> groups, Result[] out) {
        List<List<Integer>> pass = new ArrayList<>();
        int rows = 0;
        for (List<Integer> members : groups) {
            if (rows + members.size() > batchSize) {
                runShared(batch, seqs, pass, out);
                pass = new ArrayList<>();
                rows = 0;
            }
            pass.add(members);
            rows += members.size();
        }
        runShared(batch, seqs, pass, out);
    }

    private void runShared(List<Trajectory> batch, PrmSequence[] seqs, List<List<Integer>> pass, Result[] out) {
        if (pass.isEmpty()) {
            return;
        }
        List<Integer> idx = pass.stream().flatMap(List::stream).toList();
        pass(batch, seqs, idx, () -> {
            List<PrmGroup> groups = new ArrayList<>(pass.size());
            for (List<Integer> members : pass) {
                int prompt = batch.get(members.get(0)).getPromptTokenIds().size();
                groups.add(new PrmGroup(prompt, members.stream().map(i -> seqs[i]).toList()));
            }
            return prm.scoreGroups(groups);
        }, out);
    }

    /** One forward pass over the trajectories {@code idx}; if it fails, each is retried alone. */
    private void pass(List<Trajectory> batch, PrmSequence[] seqs, List<Integer> idx, Supplier<List<double[][]>> forward,
                      Result[] out) {
        long t0 = System.nanoTime();
        List<double[][]> q;
        try {
            q = forward.get();
        } catch (RuntimeException e) {
            for (int i : idx) {
                out[i] = scoreAlone(batch.get(i), seqs[i]);
            }
            return;
        }
        double perRecordMs = (System.nanoTime() - t0) / 1e6 / idx.size();
        for (int j = 0; j < idx.size(); j++) {
            out[idx.get(j)] = assemble(batch.get(idx.get(j)), q.get(j), perRecordMs);
        }
    }

    private Result scoreAlone(Trajectory t, PrmSequence seq) {
        long t0 = System.nanoTime();
        try {
            double[][] q = prm.score(List.of(seq)).get(0);
            return assemble(t, q, (System.nanoTime() - t0) / 1e6);
        } catch (RuntimeException e) {
            return new Result(null, reason(e));
        }
    }

    private Result assemble(Trajectory t, double[][] q, double scoringMs) {
        try {
            double[] p = confidence.confidences(prm.quantileLevels(), q);
            CoherenceScores c = MultiScaleCoherence.evaluate(p, coherence);
            List<List<Double>> stepQuantiles = new ArrayList<>(q.length);
            for (double[] row : q) {
                stepQuantiles.add(Arrays.stream(row).boxed().toList());
            }
            List<WindowCoherence> windows = c.windows().stream()
                    .map(w -> new WindowCoherence(w.windowSize(), w.value())).toList();
            ScoredTrajectory s = ScoredTrajectory.newBuilder()
                    .setTrajectory(t)
                    .setQuantileLevels(levels)
                    .setStepQuantiles(stepQuantiles)
                    .setStepConfidences(Arrays.stream(p).boxed().toList())
                    .setConfidenceQuantile(confidence.configName())
                    .setCoherence(windows)
                    .setWindowing(coherence.windowing().configName())
                    .setLambdaVar(coherence.lambdaVar())
                    .setProcessScore(c.processScore())
                    .setProcessScoreMode(coherence.processScore().configName())
                    .setPrmCheckpointSha256(prm.sha256())
                    .setPrmName(prm.name())
                    .setScorerId(scorerId)
                    .setScoredAtMs(clock.getAsLong())
                    .setScoringMs(scoringMs)
                    .build();
            return new Result(s, null);
        } catch (RuntimeException e) {
            return new Result(null, reason(e));
        }
    }

    /** The PRM's hash, recorded on every output. */
    public String prmSha256() {
        return prm.sha256();
    }

    private static String reason(RuntimeException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + ": " + (m == null ? "(no message)" : m);
    }
}
