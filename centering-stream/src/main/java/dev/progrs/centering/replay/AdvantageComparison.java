package dev.progrs.centering.replay;

import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side-by-side comparison of advantage streams computed from the same scored trajectories under
 * different centering configurations: one {@link AdvantageSummary} per stream and, for each stream
 * after the first, the Spearman rank correlation of its advantages with the first stream's over the
 * samples both contain (matched by group id and sample index).
 *
 * @param summaries    one per stream, the reference first
 * @param matched      per non-reference stream, samples matched with the reference
 * @param spearman     per non-reference stream, ρ of advantages against the reference (NaN if undefined)
 * @param advantages   per stream label, every advantage (for histograms)
 */
public record AdvantageComparison(List<AdvantageSummary> summaries, List<Integer> matched, List<Double> spearman,
                                  Map<String, double[]> advantages) {

    /**
     * @param streams label → records, the first entry is the reference (insertion order is kept)
     * @return the comparison
     */
    public static AdvantageComparison of(Map<String, ? extends Collection<GroupAdvantages>> streams) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare");
        }
        List<AdvantageSummary> summaries = new ArrayList<>();
        List<Integer> matched = new ArrayList<>();
        List<Double> rho = new ArrayList<>();
        Map<String, double[]> all = new java.util.LinkedHashMap<>();
        Map<String, Double> reference = null;
        for (var e : streams.entrySet()) {
            summaries.add(AdvantageSummary.of(e.getKey(), e.getValue()));
            Map<String, Double> byKey = byKey(e.getValue());
            all.put(e.getKey(), byKey.values().stream().mapToDouble(Double::doubleValue).toArray());
            if (reference == null) {
                reference = byKey;
                continue;
            }
            List<double[]> pairs = new ArrayList<>();
            for (var s : byKey.entrySet()) {
                Double r = reference.get(s.getKey());
                if (r != null) {
                    pairs.add(new double[] {r, s.getValue()});
                }
            }
            double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
            matched.add(pairs.size());
            rho.add(RankCorrelation.spearman(x, y));
        }
        return new AdvantageComparison(summaries, matched, rho, all);
    }

    private static Map<String, Double> byKey(Collection<GroupAdvantages> stream) {
        Map<String, Double> m = new HashMap<>();
        for (GroupAdvantages g : stream) {
            for (SampleAdvantage a : g.getSamples()) {
                m.put(g.getGroupId() + "#" + a.getSampleIndex(), a.getAdvantage());
            }
        }
        return m;
    }

    /** @return the report as Markdown: a table of figures per stream, then the rank correlations */
    public String markdown(String title, String histogramPng) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        md.append("| stream | settings | groups | partial | samples | incorrect with A > 0 | mean b̃ correct | mean b̃ incorrect "
                + "| mean A correct | mean A incorrect | dominance violations | groups violating | zero-variance groups |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (AdvantageSummary s : summaries) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %s | %s | %s | %s | %d | %d | %d |%n",
                    s.label(), s.settings(), s.groups(), s.partialGroups(), s.samples(), percent(s.shareIncorrectPositive()),
                    num(s.meanBonusCorrect()), num(s.meanBonusIncorrect()), num(s.meanAdvantageCorrect()),
                    num(s.meanAdvantageIncorrect()), s.dominanceViolations(), s.groupsWithViolations(), s.zeroVarianceGroups()));
        }
        if (summaries.size() > 1) {
            md.append("\nRank correlation of advantages with **").append(summaries.get(0).label())
                    .append("** (Spearman, samples matched by group id and sample index):\n\n");
            for (int i = 1; i < summaries.size(); i++) {
                md.append(String.format(Locale.ROOT, "- %s: ρ = %s over %d samples%n", summaries.get(i).label(),
                        num(spearman.get(i - 1)), matched.get(i - 1)));
            }
        }
        if (histogramPng != null) {
            md.append("\n![advantage histograms](").append(histogramPng).append(")\n");
        }
        return md.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
