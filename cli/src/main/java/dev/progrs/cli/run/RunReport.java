package dev.progrs.cli.run;

import dev.progrs.experiment.LinePlot;
import dev.progrs.models.eval.HeldOutScore;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.models.eval.PassAtOne;
import dev.progrs.monitor.engine.WindowResult;
import dev.progrs.monitor.window.WindowMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report folder of a run: {@code report.md} with the summary tables and the PNG charts it
 * embeds (Pass@1 on held-out problems against rollouts, reward and advantage statistics, PRM–outcome
 * AUROC over time), and {@code stage-times.json}: the wall-clock split by stage ({@link StageTimes}) and the
 * monitor's lag ({@link MonitorLagSummary}) for benchmarks to read.
 */
final class RunReport {
    /** What the report is made of. */
    record Inputs(RunSettings settings, String command, HeldOutScore warm, HeldOutScore last, long lastVersion, double rlSeconds,
                  List<TrainingSeries.Point> series, List<HeldOutEvaluator.Measurement> evaluations, Map<String, String> counters,
                  String monitorSummary, List<WindowResult> monitorWindows, StageTimes stageTimes, MonitorLagSummary monitorLag,
                  long skippedSteps, long recomputedSteps) {
    }

    /** The machine-readable stage split and monitor lag in the report folder. */
    static final String STAGE_TIMES_JSON = "stage-times.json";

    private RunReport() {
    }

    /** Writes the report into {@code dir}; returns the Markdown file. */
    static Path write(Path dir, Inputs in) throws IOException {
        Files.createDirectories(dir);
        List<String> charts = new ArrayList<>();
        double[] evalX = in.evaluations().stream().mapToDouble(HeldOutEvaluator.Measurement::rollouts).toArray();
        double[] greedyY = in.evaluations().stream().mapToDouble(m -> m.score().greedy().overall()).toArray();
        double[] sampledY = in.evaluations().stream()
                .mapToDouble(m -> m.score().sampled() == null ? Double.NaN : m.score().sampled().overall()).toArray();
        if (new LinePlot("Held-out Pass@1 (" + in.settings().evalProblems() + " test problems, steps "
                + in.settings().minSteps() + "-" + in.settings().maxSteps() + ")", "rollouts trained on", "Pass@1")
                .add("sampled: mean of " + in.settings().evalSamples() + " at T=" + in.settings().temperature(), evalX, sampledY)
                .add("greedy", evalX, greedyY).write(dir.resolve("pass-at-1.png"))) {
            charts.add("pass-at-1.png");
        }
        List<TrainingSeries.Point> pts = in.series();
        double[] x = pts.stream().mapToDouble(TrainingSeries.Point::rollouts).toArray();
        if (new LinePlot("Training reward and reward-hacking indicator", "rollouts", "share")
                .add("train reward (mean R)", x, col(pts, TrainingSeries.Point::trainReward))
                .add("incorrect samples with A > 0", x, col(pts, TrainingSeries.Point::incorrectPositiveShare))
                .add("zero-variance groups", x, col(pts, TrainingSeries.Point::zeroVarianceShare))
                .add("share of Σ|A| in all-incorrect groups", x, col(pts, TrainingSeries.Point::allIncorrectAdvantageShare))
                .write(dir.resolve("rewards.png"))) {
            charts.add("rewards.png");
        }
        if (new LinePlot("Process bonus and advantages", "rollouts", "value")
                .add("mean centred bonus, correct", x, col(pts, TrainingSeries.Point::meanBonusCorrect))
                .add("mean centred bonus, incorrect", x, col(pts, TrainingSeries.Point::meanBonusIncorrect))
                .add("mean process score b, incorrect", x, col(pts, TrainingSeries.Point::meanProcessIncorrect))
                .add("mean |A|", x, col(pts, TrainingSeries.Point::meanAbsAdvantage))
                .write(dir.resolve("advantages.png"))) {
            charts.add("advantages.png");
        }
        if (new LinePlot("PRM-outcome agreement: AUROC of the process score for correctness", "rollouts", "AUROC")
                .add("AUROC", x, col(pts, TrainingSeries.Point::processAuroc))
                .write(dir.resolve("auroc.png"))) {
            charts.add("auroc.png");
        }
        if (monitorChart(in.monitorWindows(), "Monitor: reward-health signals per window", List.of(WindowMetrics.ACCURACY,
                WindowMetrics.PRM_BIAS_INCORRECT, WindowMetrics.AUROC_PROCESS_OUTCOME, WindowMetrics.ZERO_VARIANCE_SHARE,
                WindowMetrics.INCORRECT_POSITIVE_ADVANTAGE_SHARE)).write(dir.resolve("monitor.png"))) {
            charts.add("monitor.png");
        }
        if (monitorChart(in.monitorWindows(), "Monitor: reward-hacking signals per window (gold step checker)", List.of(
                WindowMetrics.PROCESS_SCORE_INCORRECT, WindowMetrics.SKIP_RATE, WindowMetrics.REWARDED_WRONG_STEP_SHARE,
                WindowMetrics.FIRST_ERROR_AUROC, WindowMetrics.PROGRESS_CONCORDANCE)).write(dir.resolve("monitor-hacking.png"))) {
            charts.add("monitor-hacking.png");
        }
        if (in.stageTimes() != null) {
            Map<String, Object> json = new LinkedHashMap<>(in.stageTimes().asJson());
            if (in.monitorLag() != null) {
                json.put("monitorLag", in.monitorLag().asJson());
            }
            json.put("dualClip", in.settings().dualClip().configValue());
            json.put("skippedSteps", in.skippedSteps());
            json.put("recomputedSteps", in.recomputedSteps());
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(STAGE_TIMES_JSON).toFile(), json);
        }
        Path md = dir.resolve("report.md");
        Files.writeString(md, markdown(in, charts), StandardCharsets.UTF_8);
        return md;
    }

    static String markdown(Inputs in, List<String> charts) {
        RunSettings s = in.settings();
        StringBuilder b = new StringBuilder();
        b.append("# PROGRS run report\n\n");
        b.append("Command: `").append(in.command()).append("`\n\n");
        b.append(String.format(Locale.ROOT, "K = %d, B = %d groups per update, lr %.0e, %d optimiser step(s) per batch, temperature %.2f, "
                        + "max staleness %d, dual-clip %s, %s, training prompts with %d-%d steps, centering %s. RL wall-clock %.0f s; last policy "
                        + "version %d; GRPO steps with a non-finite gradient: %d recomputed finite and used, %d skipped.%n%n",
                s.groupSize(), s.batchGroups(), s.learningRate(), s.updatesPerBatch(), s.temperature(), s.maxStaleness(),
                s.dualClip().configValue(), s.sync() ? "synchronous" : "asynchronous",
                s.minSteps(), s.maxSteps(), s.centering().describe(), in.rlSeconds(), in.lastVersion(), in.recomputedSteps(), in.skippedSteps()));
        b.append("## Held-out Pass@1 (the suite's fixed test split)\n\n");
        b.append("Sampled: ").append(in.warm().sampled() == null ? "not measured (--eval-samples 0)" : in.warm().describePrimary())
                .append(", what RL at that temperature optimises. Greedy: one decoding per problem.\n\n");
        TreeSet<Integer> levels = new TreeSet<>(in.warm().greedy().byDifficulty().keySet());
        b.append("| policy | overall |");
        levels.forEach(l -> b.append(" ").append(l).append(" steps |"));
        b.append("\n|---|---|");
        levels.forEach(l -> b.append("---|"));
        b.append("\n");
        if (in.warm().sampled() != null) {
            row(b, "warm start (v0), sampled", in.warm().sampled(), levels);
            if (in.last() != null) {
                row(b, "after RL (v" + in.lastVersion() + "), sampled", in.last().sampled(), levels);
            }
        }
        row(b, "warm start (v0), greedy", in.warm().greedy(), levels);
        if (in.last() != null) {
            row(b, "after RL (v" + in.lastVersion() + "), greedy", in.last().greedy(), levels);
        }
        b.append("\n");
        if (!in.series().isEmpty()) {
            TrainingSeries.Point first = in.series().get(0);
            TrainingSeries.Point last = in.series().get(in.series().size() - 1);
            b.append("## Training signals (first and last chunk of groups)\n\n");
            b.append("| chunk | rollouts | train reward | incorrect with A>0 | bonus correct | bonus incorrect | AUROC(b, R) | "
                    + "dominance violations | zero-variance groups | Σ\\|A\\| share, all-incorrect groups | response tokens | staleness |\n");
            b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            point(b, "first", first);
            point(b, "last", last);
            b.append("\n");
        }
        if (in.stageTimes() != null) {
            b.append(in.stageTimes().markdown());
        }
        if (in.monitorLag() != null) {
            b.append(in.monitorLag().markdown());
        }
        b.append("## Counters\n\n| counter | value |\n|---|---|\n");
        in.counters().forEach((k, v) -> b.append("| ").append(k.replace("|", "\\|")).append(" | ").append(v.replace("|", "\\|"))
                .append(" |\n"));
        b.append("\n");
        if (in.monitorSummary() != null && !in.monitorSummary().isBlank()) {
            b.append("## Monitor (reward-health windows and drift alerts)\n\n```\n").append(in.monitorSummary().strip()).append("\n```\n\n");
        }
        for (String c : charts) {
            b.append("![").append(c).append("](").append(c).append(")\n\n");
        }
        return b.toString();
    }

    /** Some of the monitor's window series (with alert windows as their own series), as the dashboard shows them. */
    private static LinePlot monitorChart(List<WindowResult> windows, String title, List<String> signals) {
        double[] x = windows.stream().mapToDouble(w -> w.metrics().index()).toArray();
        LinePlot plot = new LinePlot(title, "window", "value");
        for (String signal : signals) {
            plot.add(signal, x, windows.stream().mapToDouble(w -> w.metrics().series().getOrDefault(signal, Double.NaN)).toArray());
        }
        double[] alerts = windows.stream().mapToDouble(w -> w.alerts().isEmpty() ? Double.NaN : 0.0).toArray();
        return plot.add("drift alert", x, alerts);
    }

    private static void row(StringBuilder b, String name, PassAtOne p, TreeSet<Integer> levels) {
        b.append(String.format(Locale.ROOT, "| %s | %.1f%% (%d/%d) |", name, 100 * p.overall(), p.correct(), p.total()));
        levels.forEach(l -> b.append(String.format(Locale.ROOT, " %.1f%% |", 100 * p.at(l))));
        b.append("\n");
    }

    private static void point(StringBuilder b, String name, TrainingSeries.Point p) {
        b.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.4f | %.4f | %.3f | %d | %.2f | %.3f | %.1f | %.2f |%n", name,
                p.rollouts(), p.trainReward(), p.incorrectPositiveShare(), p.meanBonusCorrect(), p.meanBonusIncorrect(), p.processAuroc(),
                p.dominanceViolations(), p.zeroVarianceShare(), p.allIncorrectAdvantageShare(), p.meanResponseTokens(), p.meanStaleness()));
    }

    private static double[] col(List<TrainingSeries.Point> pts, java.util.function.ToDoubleFunction<TrainingSeries.Point> f) {
        return pts.stream().mapToDouble(f).toArray();
    }
}
