package dev.progrs.centering.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Writes overlaid histograms of the advantages of several streams, on shared bins, as a PNG (XChart). */
public final class AdvantageHistogram {

    /** Number of bins over the common range of all streams. */
    public static final int BINS = 30;

    private AdvantageHistogram() {
    }

    /**
     * @param png        file to write ({@code .png})
     * @param advantages label → advantages
     */
    public static void write(Path png, Map<String, double[]> advantages) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double min = advantages.values().stream().flatMapToDouble(Arrays::stream).min().orElse(-1);
        double max = advantages.values().stream().flatMapToDouble(Arrays::stream).max().orElse(1);
        if (max <= min) {
            max = min + 1;
        }
        double width = (max - min) / BINS;
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < BINS; b++) {
            labels.add(String.format(Locale.ROOT, "%.2f", min + (b + 0.5) * width));
        }
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(500).title("Advantage histograms")
                .xAxisTitle("advantage A (bin centre)").yAxisTitle("samples").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(90);
        for (var e : advantages.entrySet()) {
            List<Integer> counts = new ArrayList<>(java.util.Collections.nCopies(BINS, 0));
            for (double a : e.getValue()) {
                int bin = Math.min(BINS - 1, (int) ((a - min) / width));
                counts.set(bin, counts.get(bin) + 1);
            }
            chart.addSeries(e.getKey(), labels, counts);
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String name = png.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
