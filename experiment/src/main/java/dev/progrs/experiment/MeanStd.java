package dev.progrs.experiment;

import java.util.List;
import java.util.Locale;

/**
 * Mean and sample standard deviation over seeds: m = (1/n) Σ x_i, s = sqrt(Σ (x_i − m)² / (n − 1)),
 * s = 0 for n = 1.
 */
public record MeanStd(double mean, double std, int n) {

    public static MeanStd of(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            return new MeanStd(Double.NaN, Double.NaN, 0);
        }
        double m = 0;
        for (double v : values) {
            m += v;
        }
        m /= n;
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return new MeanStd(m, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n);
    }

    /** As a percentage, e.g. {@code 41.2 ± 1.3}. */
    public String percent() {
        return n == 0 ? "–" : String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * std);
    }
}
