package dev.progrs.monitor.history;

import dev.progrs.monitor.engine.WindowResult;
import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.wire.DriftReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plain-text table of windows (one row per window, one column per signal) followed by the alerts,
 * for {@code progrs monitor --once}. A cell is {@code -} when the signal has no value in the window;
 * a {@code *} after the window index marks a window that raised an alert.
 */
public final class HistoryTable {
    private HistoryTable() {
    }

    /** Renders {@code windows} and {@code alerts}. */
    public static String render(List<WindowResult> windows, List<DriftReport> alerts) {
        Set<String> signals = new LinkedHashSet<>();
        windows.forEach(w -> signals.addAll(w.metrics().series().keySet()));
        List<String> header = new ArrayList<>(List.of("window", "kind", "groups", "samples"));
        header.addAll(signals);
        List<List<String>> rows = new ArrayList<>();
        for (WindowResult w : windows) {
            WindowMetrics m = w.metrics();
            List<String> row = new ArrayList<>();
            row.add(m.index() + (w.alerts().isEmpty() ? "" : "*"));
            row.add(m.kind().configValue());
            row.add(String.valueOf(m.groups()));
            row.add(String.valueOf(m.samples()));
            Map<String, Double> s = m.series();
            for (String signal : signals) {
                Double v = s.get(signal);
                row.add(v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, "%.4f", v));
            }
            rows.add(row);
        }
        int[] width = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        sb.append(java.util.Arrays.stream(width).mapToObj("-"::repeat).collect(Collectors.joining("  "))).append('\n');
        rows.forEach(r -> line(sb, r, width));
        sb.append('\n').append(windows.size()).append(" windows, ").append(alerts.size()).append(" alerts\n");
        for (DriftReport a : alerts) {
            sb.append("ALERT ").append(a.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                sb.append("  ");
            }
            String cell = cells.get(c);
            sb.append(" ".repeat(width[c] - cell.length())).append(cell);
        }
        sb.append('\n');
    }
}
