package dev.progrs.cli.experiment;

import dev.progrs.cli.run.LinePlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Writes the experiment report into a folder: {@code report.md} (tables of final Pass@1, rollouts to
 * the baseline, reward-hacking indicators), {@code pass-at-1-<column>.png} (seed-mean Pass@1 against
 * rollouts, one line per arm) and {@code final-pass-at-1.csv} (one row per finished run). Every number
 * comes from {@link ExperimentSummary}, i.e. from the stored runs.
 */
final class ExperimentReport {

    private ExperimentReport() {
    }

    /** @return the files written */
    static List<Path> write(Path dir, ExperimentPlan plan, ExperimentSummary summary, List<CellResult> results, String command,
                            String provenance, String metric) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (ExperimentSummary.Column column : summary.columns()) {
            LinePlot plot = new LinePlot("Held-out Pass@1, " + column.label() + ", mean over seeds", "rollouts", "Pass@1");
            for (ExperimentVariant v : plan.variants()) {
                double[][] curve = summary.meanCurve(v, column);
                plot.add(v.configName(), curve[0], curve[1]);
            }
            Path png = dir.resolve("pass-at-1-" + column.id() + ".png");
            if (plot.write(png)) {
                written.add(png);
                figures.add("![" + column.label() + "](" + png.getFileName() + ")");
            }
        }
        Path csv = dir.resolve("final-pass-at-1.csv");
        StringBuilder rows = new StringBuilder("variant,k,prm,seed,rollouts,correct,total,pass_at_1,greedy_correct,greedy_total,greedy_pass_at_1,seconds\n");
        for (CellResult r : results) {
            ExperimentCell c = r.cell();
            EvalPoint last = r.last();
            rows.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%d,%d,%.6f,%d,%d,%.6f,%.1f%n", c.variant().configName(), c.groupSize(),
                    c.prm(), c.seed(), last.rollouts(), last.correct(), last.total(), last.passAtOne(), last.greedyCorrect(),
                    last.greedyTotal(), last.greedyPassAtOne(), r.seconds()));
        }
        Files.writeString(csv, rows);
        written.add(csv);
        Path md = dir.resolve("report.md");
        Files.writeString(md, markdown(plan, summary, results.size(), command, provenance, metric, figures));
        written.add(0, md);
        return written;
    }

    static String markdown(ExperimentPlan plan, ExperimentSummary summary, int finishedRuns, String command, String provenance,
                           String metric, List<String> figures) {
        List<ExperimentSummary.Column> columns = summary.columns();
        StringBuilder b = new StringBuilder("# PROGRS experiment report\n\n");
        b.append("Command: `").append(command).append("`\n\n");
        b.append(provenance).append("\n\n");
        b.append(String.format(Locale.ROOT, "Finished runs: %d of %d. Seeds %s; %,d training samples per run (%d updates of %d samples, "
                        + "B = %d/K groups); %d optimiser step(s) per batch; Adam lr %s; dual-clip %s; temperature %.2f; λ = %s, bonus-scale %s; training and "
                        + "held-out problems with %d–%d steps; %d held-out test problems, evaluated %d times per run after the warm "
                        + "start. Warm policy `%s`; PRMs %s.%n%nHeld-out metric: %s. Greedy Pass@1 is also reported.%n%n",
                finishedRuns, plan.cells().size(), plan.seeds(), plan.rollouts(), plan.updates(), plan.samplesPerUpdate(),
                plan.samplesPerUpdate(), plan.updatesPerBatch(), plan.learningRate(), plan.dualClip().configValue(), plan.temperature(),
                plan.lambda(), plan.bonusScale().configName(), plan.minSteps(),
                plan.maxSteps(), plan.evalProblems(), plan.evaluations(), plan.warmPolicy(), plan.prms(), metric));
        b.append("## Final held-out Pass@1 (%, mean ± std over seeds)\n\n");
        header(b, "arm", columns);
        for (ExperimentVariant v : plan.variants()) {
            b.append("| ").append(v.description());
            for (ExperimentSummary.Column c : columns) {
                b.append(" | ").append(summary.finalPassAtOne(v, c).percent());
            }
            b.append(" |\n");
        }
        b.append("\n### Final greedy Pass@1 (%, mean ± std over seeds)\n\n");
        header(b, "arm (greedy)", columns);
        for (ExperimentVariant v : plan.variants()) {
            b.append("| ").append(v.description());
            for (ExperimentSummary.Column c : columns) {
                b.append(" | ").append(summary.finalGreedyPassAtOne(v, c).percent());
            }
            b.append(" |\n");
        }
        b.append("\nArms that ignore the PRM (outcome-only, the supervised control) show the same runs in both PRM columns of a K.\n\n");
        b.append("## Rollouts needed to reach the outcome-only arm's final Pass@1\n\n");
        header(b, "arm", columns);
        for (ExperimentVariant v : plan.variants()) {
            b.append("| ").append(v.description());
            for (ExperimentSummary.Column c : columns) {
                OptionalLong r = summary.rolloutsToBaseline(v, c);
                b.append(" | ").append(ExperimentSummary.rollouts(r));
            }
            b.append(" |\n");
        }
        b.append("\n(First evaluation at which the seed-mean Pass@1 is at least the baseline's final seed-mean; 0 = the warm "
                + "policy already is; the supervised control counts reference sequences.)\n\n");
        b.append("## Pass@1 against rollouts\n\n");
        for (String f : figures) {
            b.append(f).append("\n\n");
        }
        b.append("## Reward-hacking indicators (pooled over seeds; early = first quarter of the updates, late = last quarter)\n\n");
        b.append("| arm | column | incorrect samples with A > 0 | process score of incorrect: early → late (drift) "
                + "| response tokens: early → late | train reward: early → late | dominance violations per group "
                + "| Σ\\|A\\| share of all-incorrect groups |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (ExperimentSummary.Column c : columns) {
            for (ExperimentVariant v : plan.variants()) {
                HackingIndicators h = summary.indicators(v, c);
                if (h == null) {
                    continue;
                }
                // Σ|A| = 0 (no group with any advantage) leaves the share undefined: say so rather than print NaN.
                String share = Double.isNaN(h.allIncorrectAdvantageShare()) ? "n/a (Σ|A| = 0)"
                        : String.format(Locale.ROOT, "%.3f", h.allIncorrectAdvantageShare());
                b.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f → %.3f (%+.3f) | %.1f → %.1f | %.3f → %.3f | %.3f | %s |%n",
                        v.configName(), c.label(), h.incorrectPositiveShare(), h.processIncorrectEarly(), h.processIncorrectLate(),
                        h.processIncorrectDrift(), h.responseTokensEarly(), h.responseTokensLate(), h.trainRewardEarly(),
                        h.trainRewardLate(), h.dominanceViolationsPerGroup(), share));
            }
        }
        b.append("\nThe outcome-only arm is scored by the first PRM only to measure these indicators; its advantages ignore the score.\n");
        return b.toString();
    }

    private static void header(StringBuilder b, String first, List<ExperimentSummary.Column> columns) {
        b.append("| ").append(first);
        for (ExperimentSummary.Column c : columns) {
            b.append(" | ").append(c.label());
        }
        b.append(" |\n|---");
        b.append("|---".repeat(columns.size()));
        b.append("|\n");
    }
}
