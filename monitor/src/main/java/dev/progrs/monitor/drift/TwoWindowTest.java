package dev.progrs.monitor.drift;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Compares the mean of the latest C values with a fixed reference: the first R values after a
 * (re)start. With the reference's mean x̄_R and population standard deviation s_R (floored at
 * {@code minScale}) and the current mean x̄_C:
 *
 * <pre>
 *   z = (x̄_C − x̄_R) / (max(s_R, minScale) · √(1/R + 1/C))        alarm when |z| &gt; threshold
 * </pre>
 *
 * The current window slides one value at a time once C values past the reference exist. Resets
 * after an alarm, so the next R values become the new reference.
 */
public final class TwoWindowTest implements DriftDetector {
    /** Name in {@code DriftReport.detector}. */
    public static final String NAME = "two-window";

    private final int referenceSize;
    private final int currentSize;
    private final double threshold;
    private final double minScale;

    private long referenceN;
    private double referenceMean;
    private double referenceM2;
    private final ArrayDeque<Double> current = new ArrayDeque<>();
    private double currentSum;

    /**
     * @param referenceSize R, values in the reference (≥ 2)
     * @param currentSize   C, values in the current window (≥ 1)
     * @param threshold     alarm threshold on |z| (&gt; 0)
     * @param minScale      floor of s_R, in the series' unit (&gt; 0)
     */
    public TwoWindowTest(int referenceSize, int currentSize, double threshold, double minScale) {
        if (referenceSize < 2 || currentSize < 1 || !(threshold > 0) || !(minScale > 0)) {
            throw new IllegalArgumentException("two-window test needs R >= 2, C >= 1, threshold > 0, minScale > 0; got "
                    + referenceSize + ", " + currentSize + ", " + threshold + ", " + minScale);
        }
        this.referenceSize = referenceSize;
        this.currentSize = currentSize;
        this.threshold = threshold;
        this.minScale = minScale;
    }

    @Override
    public Optional<Detection> update(double x) {
        if (!Double.isFinite(x)) {
            return Optional.empty();
        }
        if (referenceN < referenceSize) {
            referenceN++;
            double d = x - referenceMean;
            referenceMean += d / referenceN;
            referenceM2 += d * (x - referenceMean);
            return Optional.empty();
        }
        current.addLast(x);
        currentSum += x;
        if (current.size() > currentSize) {
            currentSum -= current.removeFirst();
        }
        if (current.size() < currentSize) {
            return Optional.empty();
        }
        double scale = Math.max(minScale, Math.sqrt(referenceM2 / referenceN));
        double currentMean = currentSum / currentSize;
        double z = (currentMean - referenceMean) / (scale * Math.sqrt(1.0 / referenceSize + 1.0 / currentSize));
        if (Math.abs(z) <= threshold) {
            return Optional.empty();
        }
        Detection detection = new Detection(NAME, Direction.of(z), referenceMean, currentMean, Math.abs(z), threshold);
        reset();
        return Optional.of(detection);
    }

    @Override
    public void reset() {
        referenceN = 0;
        referenceMean = 0;
        referenceM2 = 0;
        current.clear();
        currentSum = 0;
    }

    @Override
    public String name() {
        return NAME;
    }
}
