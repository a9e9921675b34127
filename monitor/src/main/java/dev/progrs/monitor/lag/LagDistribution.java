package dev.progrs.monitor.lag;

import java.util.Arrays;

/**
 * The distribution of a non-negative lag (milliseconds behind, or records behind): exact count,
 * mean and maximum over everything recorded, and nearest-rank percentiles over the last
 * {@value #WINDOW} values, {@code p_q = sorted[⌈q·n⌉ − 1]}. Thread-safe.
 */
public final class LagDistribution {
    /** How many recent values the percentiles are computed over. */
    public static final int WINDOW = 65_536;

    private final long[] recent = new long[WINDOW];
    private long count;
    private long sum;
    private long max;

    /**
     * Summary of a distribution; zeros when nothing was recorded.
     *
     * @param count  values recorded
     * @param mean   their mean
     * @param median nearest-rank 0.5-quantile of the recent values
     * @param p95    nearest-rank 0.95-quantile of the recent values
     * @param max    largest value recorded
     */
    public record Summary(long count, double mean, long median, long p95, long max) {
    }

    /** Records one value; a negative one (clock skew between broker and reader) counts as 0. */
    public synchronized void record(long value) {
        long v = Math.max(0, value);
        recent[(int) (count % WINDOW)] = v;
        count++;
        sum += v;
        max = Math.max(max, v);
    }

    /** The summary so far. */
    public Summary summary() {
        long n;
        long s;
        long m;
        long[] window;
        synchronized (this) {
            n = count;
            s = sum;
            m = max;
            window = Arrays.copyOf(recent, (int) Math.min(n, WINDOW));
        }
        Arrays.sort(window);
        return new Summary(n, n == 0 ? 0 : (double) s / n, quantile(window, 0.5), quantile(window, 0.95), m);
    }

    private static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
