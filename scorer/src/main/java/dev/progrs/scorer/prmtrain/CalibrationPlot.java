package dev.progrs.scorer.prmtrain;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Two panels in one PNG: (left) empirical coverage against the nominal level τ, with the diagonal
 * of perfect calibration; (right) reliability of the median: held-out prefixes binned by predicted
 * Q_0.5, mean label per bin against mean prediction.
 */
public final class CalibrationPlot {

    private CalibrationPlot() {
    }

    /**
     * @param levels     τ
     * @param coverage   empirical coverage per τ
     * @param medians    predicted medians of held-out prefixes
     * @param labels     their labels
     * @param bins       number of equal-width bins of the median
     */
    public static void write(Path file, double[] levels, double[] coverage, double[] medians, double[] labels, int bins)
            throws IOException {
        XYChart cov = new XYChartBuilder().width(560).height(480).title("PRM quantile coverage (held-out prefixes)")
                .xAxisTitle("nominal level tau").yAxisTitle("share of labels below Q_tau").build();
        styleUnit(cov);
        XYSeries ideal = cov.addSeries("ideal", new double[] {0, 1}, new double[] {0, 1});
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineColor(Color.GRAY);
        cov.addSeries("empirical", levels, coverage).setMarker(SeriesMarkers.CIRCLE);

        double[] sumPred = new double[bins];
        double[] sumLabel = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < medians.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) (medians[i] * bins)));
            sumPred[b] += medians[i];
            sumLabel[b] += labels[i];
            count[b]++;
        }
        int used = 0;
        for (int c : count) {
            used += c > 0 ? 1 : 0;
        }
        double[] x = new double[used];
        double[] y = new double[used];
        for (int b = 0, j = 0; b < bins; b++) {
            if (count[b] > 0) {
                x[j] = sumPred[b] / count[b];
                y[j] = sumLabel[b] / count[b];
                j++;
            }
        }
        XYChart rel = new XYChartBuilder().width(560).height(480).title("median vs mean label (binned)")
                .xAxisTitle("predicted Q_0.5").yAxisTitle("mean MC label").build();
        styleUnit(rel);
        XYSeries diag = rel.addSeries("y = x", new double[] {0, 1}, new double[] {0, 1});
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(Color.GRAY);
        if (used > 0) {
            rel.addSeries("bins", x, y).setMarker(SeriesMarkers.DIAMOND);
        }
        BitmapEncoder.saveBitmap(List.of(cov, rel), 1, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void styleUnit(XYChart c) {
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
    }
}
