package dev.progrs.models.pretrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the training loss (and periodic Pass@1, when measured) as a PNG. */
public final class LossCurvePlot {

    private LossCurvePlot() {
    }

    /**
     * @param steps      x of each loss point
     * @param losses     mean loss over the points' window
     * @param evalSteps  x of each periodic evaluation (may be empty)
     * @param evalPass   Pass@1 in [0, 1] at those steps
     */
    public static void write(Path png, String title, List<Integer> steps, List<Double> losses,
                             List<Integer> evalSteps, List<Double> evalPass) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("step").yAxisTitle("loss / Pass@1").build();
        chart.getStyler().setLegendVisible(true);
        if (!steps.isEmpty()) {
            XYSeries loss = chart.addSeries("train loss (nats/token)", steps, losses);
            loss.setMarker(SeriesMarkers.NONE);
        }
        if (!evalSteps.isEmpty()) {
            chart.addSeries("Pass@1 (greedy, test subset)", evalSteps, evalPass);
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String name = png.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name, BitmapEncoder.BitmapFormat.PNG);
    }
}
