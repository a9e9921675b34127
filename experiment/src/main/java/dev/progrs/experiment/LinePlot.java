package dev.progrs.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** A PNG line chart of named series over a shared x axis; NaN points are left out. */
public final class LinePlot {
    private final String title;
    private final String xAxis;
    private final String yAxis;
    private final Map<String, double[][]> series = new LinkedHashMap<>();

    public LinePlot(String title, String xAxis, String yAxis) {
        this.title = title;
        this.xAxis = xAxis;
        this.yAxis = yAxis;
    }

    public LinePlot add(String name, double[] x, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (!xs.isEmpty()) {
            series.put(name, new double[][] {xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray()});
        }
        return this;
    }

    /** Writes the chart; returns false (and writes nothing) when no series has a point. */
    public boolean write(Path png) throws IOException {
        if (series.isEmpty()) {
            return false;
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(450).title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        chart.getStyler().setLegendVisible(true);
        series.forEach((name, xy) -> chart.addSeries(name, xy[0], xy[1]));
        Files.createDirectories(png.toAbsolutePath().getParent());
        String file = png.toString();
        BitmapEncoder.saveBitmap(chart, file.substring(0, file.length() - ".png".length()), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
