package dev.progrs.tasks.eval;

import java.util.Locale;
import java.util.Map;

/**
 * Pass@1 of a predictions file on one benchmark. A problem with several predictions scores the
 * mean of their correctness (Pass@1 estimated from k samples); a problem without one scores 0.
 *
 * <p>{@code Pass@1 = (1/N) Σ_problems (correct_i / k_i)}.
 *
 * @param benchmark   benchmark id
 * @param problems    problems in the benchmark (N)
 * @param predicted   problems with at least one prediction
 * @param predictions prediction lines scored
 * @param unmatched   prediction lines whose id/index matched no problem
 * @param passAt1     overall Pass@1 in [0, 1]
 * @param bySubject   Pass@1 per subject (MATH subject, Minerva course, OlympiadBench subfield), if any
 * @param byLevel     Pass@1 per level (MATH level, else the problem's difficulty), if any
 */
public record EvaluationReport(String benchmark, int problems, int predicted, int predictions, int unmatched,
                               double passAt1, Map<String, Group> bySubject, Map<String, Group> byLevel) {

    /**
     * @param problems problems in the group
     * @param score    sum of per-problem scores
     */
    public record Group(int problems, double score) {
        public double passAt1() {
            return problems == 0 ? 0.0 : score / problems;
        }
    }

    /** A plain-text table. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: Pass@1 %.1f%% over %d problems (%d with predictions, %d prediction lines, %d unmatched)%n",
                benchmark, 100 * passAt1, problems, predicted, predictions, unmatched));
        table(sb, "subject", bySubject);
        table(sb, "level", byLevel);
        return sb.toString();
    }

    private static void table(StringBuilder sb, String title, Map<String, Group> groups) {
        if (groups.isEmpty()) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%n  %-32s %8s %8s%n", "by " + title, "problems", "Pass@1"));
        groups.forEach((k, g) -> sb.append(String.format(Locale.ROOT, "  %-32s %8d %7.1f%%%n", k, g.problems(), 100 * g.passAt1())));
    }
}
