package dev.progrs.monitor.drift;

import java.util.Optional;

/**
 * Two-sided Page–Hinkley test on a series x₁, x₂, … with tolerance δ and threshold λ in units of
 * the series' scale σ_t (the population standard deviation of all values since the last reset,
 * floored at {@code minScale}; testing starts after {@code warmup} values), so one configuration
 * fits series of any unit:
 *
 * <pre>
 *   x̄_t  = (1/t) Σ_{i≤t} x_i                       (all values since the last reset)
 *   m⁺_t = Σ_{warmup&lt;i≤t} (x_i − x̄_i − δσ_i)    alarm up   when  m⁺_t − min_{s≤t} m⁺_s &gt; λσ_t
 *   m⁻_t = Σ_{warmup&lt;i≤t} (x_i − x̄_i + δσ_i)    alarm down when  max_{s≤t} m⁻_s − m⁻_t &gt; λσ_t
 * </pre>
 *
 * The statistic reported is (m⁺_t − min m⁺)/σ_t (or its mirror), the change point is where the
 * extremum was reached, and the reported levels are the mean of the values before and after it.
 * Resets after an alarm.
 */
public final class PageHinkley implements DriftDetector {
    /** Name in {@code DriftReport.detector}. */
    public static final String NAME = "page-hinkley";

    private final double delta;
    private final double lambda;
    private final int warmup;
    private final double minScale;

    private long n;
    private double mean;
    private double m2;
    private double sum;
    private double scale;
    private double up;
    private double upMin;
    private double sumAtUpMin;
    private long nAtUpMin;
    private double down;
    private double downMax;
    private double sumAtDownMax;
    private long nAtDownMax;

    /**
     * @param delta    tolerated drift per value, in σ (≥ 0)
     * @param lambda   alarm threshold, in σ (&gt; 0)
     * @param warmup   values used to estimate σ before testing starts (≥ 2)
     * @param minScale floor of σ, in the series' unit (&gt; 0)
     */
    public PageHinkley(double delta, double lambda, int warmup, double minScale) {
        if (!(delta >= 0) || !(lambda > 0) || warmup < 2 || !(minScale > 0)) {
            throw new IllegalArgumentException("Page-Hinkley needs delta >= 0, lambda > 0, warmup >= 2, minScale > 0; got "
                    + delta + ", " + lambda + ", " + warmup + ", " + minScale);
        }
        this.delta = delta;
        this.lambda = lambda;
        this.warmup = warmup;
        this.minScale = minScale;
    }

    @Override
    public Optional<Detection> update(double x) {
        if (!Double.isFinite(x)) {
            return Optional.empty();
        }
        n++;
        double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
        sum += x;
        if (n < warmup) {
            return Optional.empty();
        }
        if (n == warmup) {
            scale = Math.max(minScale, Math.sqrt(m2 / n));
            sumAtUpMin = sum;
            nAtUpMin = n;
            sumAtDownMax = sum;
            nAtDownMax = n;
            return Optional.empty();
        }
        // σ keeps learning from every value since the reset: a scale frozen after a short warm-up
        // is too often underestimated, and each underestimate is a false alarm waiting to happen
        scale = Math.max(minScale, Math.sqrt(m2 / n));
        up += x - mean - delta * scale;
        if (up <= upMin) {
            upMin = up;
            sumAtUpMin = sum;
            nAtUpMin = n;
        }
        down += x - mean + delta * scale;
        if (down >= downMax) {
            downMax = down;
            sumAtDownMax = sum;
            nAtDownMax = n;
        }
        double statUp = (up - upMin) / scale;
        double statDown = (downMax - down) / scale;
        Detection detection = null;
        if (statUp > lambda && statUp >= statDown) {
            detection = detection(Direction.UP, sumAtUpMin, nAtUpMin, statUp);
        } else if (statDown > lambda) {
            detection = detection(Direction.DOWN, sumAtDownMax, nAtDownMax, statDown);
        }
        if (detection != null) {
            reset();
        }
        return Optional.ofNullable(detection);
    }

    private Detection detection(Direction direction, double sumBefore, long nBefore, double statistic) {
        double before = sumBefore / nBefore;
        double after = n > nBefore ? (sum - sumBefore) / (n - nBefore) : before;
        return new Detection(NAME, direction, before, after, statistic, lambda);
    }

    @Override
    public void reset() {
        n = 0;
        mean = 0;
        m2 = 0;
        sum = 0;
        scale = 0;
        up = 0;
        upMin = 0;
        down = 0;
        downMax = 0;
        sumAtUpMin = 0;
        nAtUpMin = 0;
        sumAtDownMax = 0;
        nAtDownMax = 0;
    }

    @Override
    public String name() {
        return NAME;
    }
}
