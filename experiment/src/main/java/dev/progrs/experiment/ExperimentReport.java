package dev.progrs.experiment;

import dev.progrs.models.eval.TwoWayBootstrap;
import dev.progrs.experiment.LinePlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the experiment report into a folder: {@code report.md} (final Pass@1, paired differences to
 * outcome-only GRPO with bootstrap intervals, Pass@1 by step range, rollouts to outcome-only's final
 * Pass@1, reward-hacking indicators), {@code pass-at-1-k<K>.png} (seed-mean Pass@1 against rollouts, one
 * line per arm) and {@code final-pass-at-1.csv} ({@code arm,k,prm,seed,rollouts,pass1_sampled,pass1_greedy}:
 * one row per finished run and one for the warm policy). Every number comes from {@link ExperimentSummary},
 * i.e. from the stored runs.
 */
final class ExperimentReport {

    /** The columns of {@code final-pass-at-1.csv}. */
    static final String CSV_HEADER = "arm,k,prm,seed,rollouts,pass1_sampled,pass1_greedy";

    private ExperimentReport() {
    }

    /** @return the files written, report.md first */
    static List<Path> write(Path dir, ExperimentSummary summary, List<CellResult> results, String command, String provenance,
                            String metric, String evalSet) throws IOException {
        ExperimentPlan plan = summary.plan();
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (int k : plan.groupSizes()) {
            LinePlot plot = new LinePlot("Held-out Pass@1 (sampled), K=" + k + ", mean over seeds", "rollouts", "Pass@1");
            for (ExperimentArm a : plan.arms()) {
                if (a.groupSizes().contains(k)) {
                    double[][] curve = summary.meanCurve(a, k);
                    plot.add(a.id(), curve[0], curve[1]);
                }
            }
            Path png = dir.resolve("pass-at-1-k" + k + ".png");
            if (plot.write(png)) {
                written.add(png);
                figures.add("![K=" + k + "](" + png.getFileName() + ")");
            }
        }
        Path csv = dir.resolve("final-pass-at-1.csv");
        Files.writeString(csv, csv(results));
        written.add(csv);
        Path md = dir.resolve("report.md");
        Files.writeString(md, markdown(summary, results.size(), command, provenance, metric, evalSet, figures));
        written.add(0, md);
        return written;
    }

    /** One row per finished run and a first row for the warm policy (from the runs' shared warm evaluation). */
    static String csv(List<CellResult> results) {
        StringBuilder rows = new StringBuilder(CSV_HEADER).append('\n');
        if (!results.isEmpty()) {
            EvalPoint warm = results.get(0).curve().get(0);
            rows.append(String.format(Locale.ROOT, "warm,,,,0,%.6f,%.6f%n", warm.passAtOne(), warm.greedyPassAtOne()));
        }
        for (CellResult r : results) {
            ExperimentCell c = r.cell();
            EvalPoint last = r.last();
            rows.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%.6f,%.6f%n", c.variant().configName(), c.groupSize(), c.prm(), c.seed(),
                    last.rollouts(), last.passAtOne(), last.greedyPassAtOne()));
        }
        return rows.toString();
    }

    static String markdown(ExperimentSummary summary, int finishedRuns, String command, String provenance, String metric,
                           String evalSet, List<String> figures) {
        ExperimentPlan plan = summary.plan();
        List<Integer> ks = plan.groupSizes();
        StringBuilder b = new StringBuilder("# PROGRS experiment report\n\n");
        b.append("Command: `").append(command).append("`\n\n");
        b.append(provenance).append("\n\n");
        b.append(String.format(Locale.ROOT, "Finished runs: %d of %d. Seeds %s (main arms all of them; ablations and the control the "
                        + "first); %,d training samples per run (%d updates of %d samples, B = %d/K groups); %d optimiser step(s) per "
                        + "batch; Adam lr %s; dual-clip %s; temperature %.2f; λ = %s, bonus-scale %s; training problems with %d–%d steps. "
                        + "Warm policy `%s`; PRMs %s.%n%nHeld-out set: %s, evaluated %d times per run after the warm start. Metric: "
                        + "%s, the same answer rule as the training reward. Greedy Pass@1 is also reported.%n%n",
                finishedRuns, plan.cells().size(), plan.seeds(), plan.rollouts(), plan.updates(), plan.samplesPerUpdate(),
                plan.samplesPerUpdate(), plan.updatesPerBatch(), plan.learningRate(), plan.dualClip().configValue(), plan.temperature(),
                plan.lambda(), plan.bonusScale().configName(), plan.minSteps(), plan.maxSteps(), plan.warmPolicy(), plan.prms(), evalSet,
                plan.evaluations(), metric));
        verdicts(b, summary);
        b.append("## Final held-out Pass@1 (%, mean ± std over seeds; n = seeds)\n\n");
        header(b, "arm", ks, k -> "K=" + k + " sampled | K=" + k + " greedy", 2);
        for (ExperimentArm a : plan.arms()) {
            b.append("| ").append(a.label());
            for (int k : ks) {
                b.append(" | ").append(a.groupSizes().contains(k) ? withN(summary.finalPassAtOne(a, k)) : "–");
                b.append(" | ").append(a.groupSizes().contains(k) ? withN(summary.finalGreedyPassAtOne(a, k)) : "–");
            }
            b.append(" |\n");
        }
        b.append("\n## Difference to outcome-only GRPO (points, paired bootstrap 95% interval over seeds and problems)\n\n");
        header(b, "arm", ks, k -> "K=" + k + " sampled | K=" + k + " greedy | K=" + k + " seeds", 3);
        for (ExperimentArm a : plan.arms()) {
            if (a.variant() == ExperimentVariant.OUTCOME_ONLY) {
                continue;
            }
            b.append("| ").append(a.label());
            for (int k : ks) {
                boolean runs = a.groupSizes().contains(k);
                b.append(" | ").append(runs ? ExperimentSummary.points(summary.differenceToOutcomeOnly(a, k, false)) : "–");
                b.append(" | ").append(runs ? ExperimentSummary.points(summary.differenceToOutcomeOnly(a, k, true)) : "–");
                b.append(" | ").append(runs ? Integer.toString(summary.pairedSeeds(a, k)) : "–");
            }
            b.append(" |\n");
        }
        b.append(String.format(Locale.ROOT, "%nEach interval resamples the paired seeds and the %d held-out problems (%,d replicates); an "
                + "interval that contains 0 is no detectable difference.%n%n", summary.problems(), TwoWayBootstrap.REPLICATES));
        int last = ks.get(ks.size() - 1);
        b.append("## Final sampled Pass@1 by step count (K=").append(last).append(", %, mean ± std over seeds)\n\n");
        b.append("| arm");
        for (int d = plan.evalMinSteps(); d <= plan.evalMaxSteps(); d++) {
            b.append(" | ").append(d).append(" steps");
        }
        b.append(" |\n|---").append("|---".repeat(plan.evalMaxSteps() - plan.evalMinSteps() + 1)).append("|\n");
        for (ExperimentArm a : plan.arms()) {
            if (!a.groupSizes().contains(last)) {
                continue;
            }
            b.append("| ").append(a.label());
            for (int d = plan.evalMinSteps(); d <= plan.evalMaxSteps(); d++) {
                int steps = d;
                b.append(" | ").append(summary.finalPassAtOne(a, last, false, x -> x == steps).percent());
            }
            b.append(" |\n");
        }
        b.append(String.format(Locale.ROOT, "%nThe warm policy on the same problems: %s.%n", warmBySteps(summary)));
        b.append("\n## Rollouts needed to reach outcome-only's final sampled Pass@1 (estimate [95% interval])\n\n");
        header(b, "arm", ks, k -> "K=" + k, 1);
        for (ExperimentArm a : plan.arms()) {
            b.append("| ").append(a.label());
            for (int k : ks) {
                b.append(" | ").append(a.groupSizes().contains(k) ? ExperimentSummary.rollouts(summary.rolloutsToOutcomeOnly(a, k)) : "–");
            }
            b.append(" |\n");
        }
        b.append("\n(First evaluation at which the seed-mean Pass@1 is at least outcome-only's final seed-mean on the same seeds; 0 = the "
                + "warm policy already is; the supervised control counts reference sequences.)\n\n");
        b.append("## Pass@1 against rollouts\n\n");
        for (String f : figures) {
            b.append(f).append("\n\n");
        }
        indicators(b, summary);
        return b.toString();
    }

    /** One plain sentence per main arm and K: better, worse, or no detectable difference. */
    private static void verdicts(StringBuilder b, ExperimentSummary summary) {
        b.append("## Result\n\n");
        ExperimentArm base = summary.baseline();
        if (base != null) {
            for (int k : summary.groupSizes(base)) {
                TwoWayBootstrap.Interval s = summary.differenceToWarm(base, k, false);
                TwoWayBootstrap.Interval g = summary.differenceToWarm(base, k, true);
                if (s != null && g != null) {
                    b.append(String.format(Locale.ROOT, "- %s, K=%d (%d seeds) against the warm policy: sampled %s, greedy %s points.%n",
                            base.label(), k, summary.runs(base, k).size(), verdict(s), verdict(g)));
                }
            }
        }
        boolean any = false;
        for (ExperimentArm a : summary.plan().arms()) {
            if (!a.main() || a.variant() == ExperimentVariant.OUTCOME_ONLY) {
                continue;
            }
            for (int k : summary.groupSizes(a)) {
                TwoWayBootstrap.Interval s = summary.differenceToOutcomeOnly(a, k, false);
                TwoWayBootstrap.Interval g = summary.differenceToOutcomeOnly(a, k, true);
                if (s == null || g == null) {
                    continue;
                }
                any = true;
                b.append(String.format(Locale.ROOT, "- %s, K=%d (%d paired seeds): sampled %s, greedy %s points.%n", a.label(), k,
                        summary.pairedSeeds(a, k), verdict(s), verdict(g)));
            }
        }
        b.append(any ? "\n" : "No arm has a paired outcome-only run yet.\n\n");
    }

    private static String verdict(TwoWayBootstrap.Interval i) {
        String word = Double.isNaN(i.low()) ? "undefined" : i.low() > 0 ? "better" : i.high() < 0 ? "worse" : "no detectable difference";
        return word + " (" + ExperimentSummary.points(i) + ")";
    }

    private static void indicators(StringBuilder b, ExperimentSummary summary) {
        b.append("## Reward-hacking indicators (pooled over seeds; early = first quarter of the updates, late = last quarter)\n\n");
        b.append("| arm | K | incorrect with A > 0 | process score of incorrect: early → late | rewarded with a wrong step: early → late "
                + "| skip rate: early → late | same-prompt first-error AUROC: early → late | progress concordance: early → late "
                + "| steps per response, correct / incorrect (late) | tokens per step, correct / incorrect (late) | dominance violations "
                + "per group | Σ\\|A\\| share of all-incorrect groups | KL per update | entropy: early → late |\n");
        b.append("|---".repeat(14)).append("|\n");
        for (int k : summary.plan().groupSizes()) {
            for (ExperimentArm a : summary.plan().arms()) {
                if (!a.groupSizes().contains(k)) {
                    continue;
                }
                HackingIndicators h = summary.indicators(a, k);
                if (h == null) {
                    continue;
                }
                BatchGoldStats e = h.goldEarly();
                BatchGoldStats l = h.goldLate();
                b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s → %s | %s → %s | %s → %s | %s → %s | %s → %s | %s / %s | %s / %s | %s | %s | %s | %s → %s |%n",
                        a.id(), k, f3(h.incorrectPositiveShare()), f3(h.processIncorrectEarly()), f3(h.processIncorrectLate()),
                        f3(e.rewardedWithWrongStepShare()), f3(l.rewardedWithWrongStepShare()), f3(e.skipRate()), f3(l.skipRate()),
                        f3(e.firstErrorAuroc()), f3(l.firstErrorAuroc()), f3(e.progressConcordance()), f3(l.progressConcordance()),
                        f1(l.stepsPerCorrect()), f1(l.stepsPerIncorrect()), f1(l.tokensPerStepCorrect()), f1(l.tokensPerStepIncorrect()),
                        f3(h.dominanceViolationsPerGroup()), f3(h.allIncorrectAdvantageShare()), String.format(Locale.ROOT, "%.1e", h.klMean()),
                        f3(h.entropyEarly()), f3(h.entropyLate())));
            }
        }
        b.append("\nOutcome-only GRPO is scored by the first PRM only to measure these indicators; its advantages ignore the score. "
                + "The skip rate is the share of samples with a skipped step, the failure mode the `biased` PRM cannot see. "
                + "n/a: no sample or pair to measure.\n");
    }

    /** The warm policy's sampled Pass@1 per step count, from the runs' shared warm evaluation. */
    private static String warmBySteps(ExperimentSummary summary) {
        ExperimentPlan plan = summary.plan();
        List<String> parts = new ArrayList<>();
        for (int d = plan.evalMinSteps(); d <= plan.evalMaxSteps(); d++) {
            int steps = d;
            parts.add(d + " steps " + f1(100 * summary.warmPassAtOne(x -> x == steps)) + "%");
        }
        return String.join(", ", parts);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String withN(MeanStd m) {
        return m.n() == 0 ? "–" : m.percent() + " (" + m.n() + ")";
    }

    private static void header(StringBuilder b, String first, List<Integer> ks, java.util.function.IntFunction<String> label, int perK) {
        b.append("| ").append(first);
        for (int k : ks) {
            b.append(" | ").append(label.apply(k));
        }
        b.append(" |\n|---");
        b.append("|---".repeat(ks.size() * perK));
        b.append("|\n");
    }
}
