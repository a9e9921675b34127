package dev.progrs.scorer.report;

import java.util.Locale;
import java.util.Map;

/** The text form of a {@link ModelReport}: one line per metric, fractions as percentages. */
public final class ModelReportText {

    private ModelReportText() {
    }

    public static String render(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-34s %s%n", e.getKey(), format(e.getKey(), e.getValue())));
        }
        return sb.toString();
    }

    private static String format(String key, Object v) {
        if (v instanceof Double d && isFraction(key)) {
            return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * d);
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.4f", d);
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(e.getKey()).append(": ").append(format(key, e.getValue())).append("  ");
            }
            return sb.toString().trim();
        }
        return String.valueOf(v);
    }

    private static boolean isFraction(String key) {
        return key.contains("pass1") || key.contains("share") || key.contains("delta") || key.contains("kinds")
                || key.contains("auroc") || key.contains("concordance") || key.startsWith("coverage_by");
    }
}
