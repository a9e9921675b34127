package dev.progrs.bench;

import java.util.Arrays;

/** Summary statistics of repeated benchmark runs: the median is what RESULTS.md reports. */
public final class Measurements {
    private Measurements() {
    }

    /** Median of {@code values} (mean of the two middle ones for an even count). */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The {@code q}-quantile (0..1) by nearest rank. */
    public static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        int idx = (int) Math.ceil(q * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, idx))];
    }

    /** Formats runs as "median (min–max)". */
    public static String describe(double[] values, String format) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(format, median(v)) + " (" + String.format(format, v[0]) + "–" + String.format(format, v[v.length - 1]) + ")";
    }

    /** One line naming the machine, for RESULTS.md. */
    public static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB";
    }
}
