package dev.progrs.centering.replay;

import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side-by-side comparison of advantage streams computed from the same scored trajectories under
 * different centering configurations: one {@link AdvantageSummary} per stream and, for each stream
 * after the first, the Spearman rank correlation of its advantages with the first stream's over the
 * samples both contain (matched by group id and sample index).
 *
 * <p>Built one record at a time ({@link Builder}) in bounded memory: the summaries are running sums;
 * the correlations and histograms use each stream's {@link KeyedAdvantageSample} of at most
 * {@link #SAMPLE_CAPACITY} samples, drawn alike in every stream (so matched samples stay matched),
 * exact while a stream has no more samples than that.
 *
 * @param summaries    one per stream, the reference first
 * @param matched      per non-reference stream, samples matched with the reference
 * @param spearman     per non-reference stream, ρ of advantages against the reference (NaN if undefined)
 * @param advantages   per stream label, its advantages (all of them, or its bounded sample), for histograms
 * @param exact        true when no stream was sampled (every figure is over all samples)
 */
public record AdvantageComparison(List<AdvantageSummary> summaries, List<Integer> matched, List<Double> spearman,
                                  Map<String, double[]> advantages, boolean exact) {

    /** Samples kept per stream for rank correlations and histograms (~50 bytes each). */
    public static final int SAMPLE_CAPACITY = 200_000;

    /**
     * @param streams label → records, the first entry is the reference (insertion order is kept)
     * @return the comparison
     */
    public static AdvantageComparison of(Map<String, ? extends Collection<GroupAdvantages>> streams) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare");
        }
        Builder b = new Builder(SAMPLE_CAPACITY);
        for (var e : streams.entrySet()) {
            Builder.Stream s = b.stream(e.getKey());
            e.getValue().forEach(s::add);
        }
        return b.build();
    }

    /** Collects streams record by record; the first stream opened is the reference. */
    public static final class Builder {

        /** One stream being read. */
        public static final class Stream {
            private final AdvantageSummary.Accumulator summary;
            private final KeyedAdvantageSample sample;

            private Stream(String label, int capacity) {
                this.summary = new AdvantageSummary.Accumulator(label);
                this.sample = new KeyedAdvantageSample(capacity);
            }

            /** Adds one group's record. */
            public void add(GroupAdvantages g) {
                summary.add(g);
                for (SampleAdvantage a : g.getSamples()) {
                    sample.add(g.getGroupId(), a.getSampleIndex(), a.getAdvantage());
                }
            }
        }

        private final int capacity;
        private final Map<String, Stream> streams = new LinkedHashMap<>();

        /** @param capacity samples kept per stream for correlations and histograms */
        public Builder(int capacity) {
            this.capacity = capacity;
        }

        /** @return the stream named {@code label}, opened now if new (in report order) */
        public Stream stream(String label) {
            return streams.computeIfAbsent(label, l -> new Stream(l, capacity));
        }

        /** @return the comparison of the streams opened, the first one the reference */
        public AdvantageComparison build() {
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("nothing to compare");
            }
            List<AdvantageSummary> summaries = new ArrayList<>();
            List<Integer> matched = new ArrayList<>();
            List<Double> rho = new ArrayList<>();
            Map<String, double[]> all = new LinkedHashMap<>();
            Map<Long, Double> reference = null;
            boolean exact = true;
            for (var e : streams.entrySet()) {
                Stream s = e.getValue();
                summaries.add(s.summary.summary());
                all.put(e.getKey(), s.sample.advantages());
                exact &= s.sample.exact();
                if (reference == null) {
                    reference = s.sample.kept();
                    continue;
                }
                List<double[]> pairs = new ArrayList<>();
                for (var k : s.sample.kept().entrySet()) {
                    Double r = reference.get(k.getKey());
                    if (r != null) {
                        pairs.add(new double[] {r, k.getValue()});
                    }
                }
                double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
                double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
                matched.add(pairs.size());
                rho.add(RankCorrelation.spearman(x, y));
            }
            return new AdvantageComparison(summaries, matched, rho, all, exact);
        }
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
                    .append("** (Spearman, samples matched by group id and sample index")
                    .append(exact ? "" : "; over the same hash sample of at most " + SAMPLE_CAPACITY
                            + " samples per stream, as are the histograms")
                    .append("):\n\n");
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
