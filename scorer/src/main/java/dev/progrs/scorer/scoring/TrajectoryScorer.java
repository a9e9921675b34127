package dev.progrs.scorer.scoring;

import dev.progrs.models.prm.ProcessRewardModel;
import dev.progrs.models.prm.PrmSequence;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.CoherenceScores;
import dev.progrs.scorer.coherence.MultiScaleCoherence;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import dev.progrs.wire.WindowCoherence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

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
    private final int newlineId;
    private final List<Double> levels;
    private final LongSupplier clock;

    /**
     * @param batchSize trajectories per PRM forward pass (≥ 1)
     * @throws IllegalArgumentException if {@code confidence} names a level the PRM does not have
     */
    public TrajectoryScorer(ProcessRewardModel prm, StepConfidence confidence, CoherenceConfig coherence, String scorerId,
                            int batchSize, LongSupplier clock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("scorer key 'batch-size' = " + batchSize + "; accepted: an integer >= 1");
        }
        this.prm = prm;
        this.confidence = confidence;
        this.coherence = coherence;
        this.scorerId = scorerId;
        this.batchSize = batchSize;
        this.newlineId = prm.tokenizer().id('\n');
        this.levels = Arrays.stream(prm.quantileLevels()).boxed().toList();
        this.clock = clock;
        confidence.levelIndex(prm.quantileLevels());
    }

    /** One result per input, in input order. */
    public List<Result> score(List<Trajectory> batch) {
        Result[] out = new Result[batch.size()];
        List<Integer> ok = new ArrayList<>();
        List<PrmSequence> seqs = new ArrayList<>();
        int vocab = prm.tokenizer().vocabSize();
        for (int i = 0; i < batch.size(); i++) {
            try {
                seqs.add(PrmInputs.of(batch.get(i), newlineId, vocab, prm.context()));
                ok.add(i);
            } catch (RuntimeException e) {
                out[i] = new Result(null, reason(e));
            }
        }
        for (int from = 0; from < ok.size(); from += batchSize) {
            int to = Math.min(ok.size(), from + batchSize);
            List<Integer> idx = ok.subList(from, to);
            List<PrmSequence> part = seqs.subList(from, to);
            long t0 = System.nanoTime();
            List<double[][]> q;
            try {
                q = prm.score(part);
            } catch (RuntimeException e) {
                for (int j = 0; j < idx.size(); j++) {
                    out[idx.get(j)] = scoreAlone(batch.get(idx.get(j)), part.get(j));
                }
                continue;
            }
            double perRecordMs = (System.nanoTime() - t0) / 1e6 / idx.size();
            for (int j = 0; j < idx.size(); j++) {
                out[idx.get(j)] = assemble(batch.get(idx.get(j)), q.get(j), perRecordMs);
            }
        }
        return Arrays.asList(out);
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
