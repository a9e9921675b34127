package dev.progrs.monitor.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progrs.monitor.engine.WindowResult;
import dev.progrs.monitor.history.MonitorHistory;
import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.wire.DriftReport;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The dashboard's data, {@code GET /api/series}:
 * <pre>{@code
 * {"windowsSeen": 42, "signals": ["accuracy", ...],
 *  "windows": [{"index": 0, "kind": "count", "startMs": ..., "endMs": ..., "groups": 32, "samples": 256,
 *               "values": {"accuracy": 0.51, "prm_bias_incorrect": null, ...}}, ...],
 *  "alerts": [{"signal": ..., "detector": ..., "windowIndex": ..., "direction": ..., "shift": ...,
 *              "referenceValue": ..., "currentValue": ..., "statistic": ..., "threshold": ..., "message": ...,
 *              "createdAtMs": ...}, ...]}
 * }</pre>
 * Values that are not finite are {@code null}.
 */
public final class SeriesJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SeriesJson() {
    }

    /** The JSON document of {@code history}'s current contents. */
    public static String of(MonitorHistory history) {
        List<WindowResult> windows = history.windows();
        List<DriftReport> alerts = history.alerts();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("windowsSeen", history.windowsSeen());
        Set<String> signals = new LinkedHashSet<>();
        windows.forEach(w -> signals.addAll(w.metrics().series().keySet()));
        ArrayNode names = root.putArray("signals");
        signals.forEach(names::add);
        ArrayNode ws = root.putArray("windows");
        for (WindowResult w : windows) {
            WindowMetrics m = w.metrics();
            ObjectNode o = ws.addObject();
            o.put("index", m.index());
            o.put("kind", m.kind().configValue());
            o.put("startMs", m.startMs());
            o.put("endMs", m.endMs());
            o.put("groups", m.groups());
            o.put("samples", m.samples());
            ObjectNode values = o.putObject("values");
            m.series().forEach((k, v) -> number(values, k, v));
        }
        ArrayNode as = root.putArray("alerts");
        for (DriftReport a : alerts) {
            ObjectNode o = as.addObject();
            o.put("signal", a.getSignal());
            o.put("detector", a.getDetector());
            o.put("windowKind", a.getWindowKind());
            o.put("windowIndex", a.getWindowIndex());
            o.put("direction", a.getDirection());
            number(o, "shift", a.getShift());
            number(o, "referenceValue", a.getReferenceValue());
            number(o, "currentValue", a.getCurrentValue());
            number(o, "statistic", a.getStatistic());
            number(o, "threshold", a.getThreshold());
            o.put("message", a.getMessage());
            o.put("createdAtMs", a.getCreatedAtMs());
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the series as JSON: " + e.getMessage(), e);
        }
    }

    private static void number(ObjectNode o, String key, Double v) {
        if (v == null || !Double.isFinite(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
