package dev.progrs.tasks.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.verify.Verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a predictions file, JSON lines {@code {"id": "...", "output": "..."}} or
 * {@code {"index": 17, "output": "..."}}, against a benchmark's problems. {@code id} may be the
 * problem id ({@code math500/test/algebra/1.json}) or the file's own id ({@code test/algebra/1.json});
 * {@code index} is the 0-based position in the benchmark file.
 */
public final class BenchmarkEvaluation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchmarkEvaluation() {
    }

    /**
     * @throws IllegalArgumentException naming the line when a line is not JSON or has neither id nor index nor output
     */
    public static EvaluationReport evaluate(String benchmark, List<Problem> problems, Reader predictions, Verifier verifier)
            throws IOException {
        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            byId.put(p.id(), i);
            String source = p.meta().get("sourceId");
            if (source != null) {
                byId.putIfAbsent(source, i);
            }
        }
        int[] count = new int[problems.size()];
        int[] correct = new int[problems.size()];
        int lines = 0;
        int unmatched = 0;
        BufferedReader r = predictions instanceof BufferedReader b ? b : new BufferedReader(predictions);
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException("predictions line " + lineNo + " is not JSON", e);
            }
            JsonNode out = n.get("output");
            if (out == null) {
                out = n.get("pred");
            }
            if (out == null || out.isNull()) {
                throw new IllegalArgumentException("predictions line " + lineNo + " has no 'output' field; expected {\"id\"|\"index\", \"output\"}");
            }
            Integer idx = null;
            if (n.hasNonNull("id")) {
                idx = byId.get(n.get("id").asText());
            } else if (n.hasNonNull("index")) {
                int i = n.get("index").asInt(-1);
                idx = i >= 0 && i < problems.size() ? i : null;
            } else {
                throw new IllegalArgumentException("predictions line " + lineNo + " has neither 'id' nor 'index'");
            }
            lines++;
            if (idx == null) {
                unmatched++;
                continue;
            }
            count[idx]++;
            if (verifier.verify(out.asText(), problems.get(idx).goldAnswer()).correct()) {
                correct[idx]++;
            }
        }
        Map<String, double[]> subjects = new TreeMap<>();
        Map<String, double[]> levels = new TreeMap<>(BenchmarkEvaluation::byNumber);
        double total = 0;
        int predicted = 0;
        for (int i = 0; i < problems.size(); i++) {
            double score = count[i] == 0 ? 0.0 : (double) correct[i] / count[i];
            predicted += count[i] > 0 ? 1 : 0;
            total += score;
            Problem p = problems.get(i);
            add(subjects, p.meta().get("subject"), score);
            String level = p.meta().get("level");
            add(levels, level != null ? level : p.difficulty() == null ? null : Integer.toString(p.difficulty()), score);
        }
        return new EvaluationReport(benchmark, problems.size(), predicted, lines, unmatched,
                problems.isEmpty() ? 0.0 : total / problems.size(), groups(subjects), groups(levels));
    }

    private static int byNumber(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static void add(Map<String, double[]> m, String key, double score) {
        if (key == null || key.isBlank()) {
            return;
        }
        double[] g = m.computeIfAbsent(key, k -> new double[2]);
        g[0]++;
        g[1] += score;
    }

    private static Map<String, EvaluationReport.Group> groups(Map<String, double[]> m) {
        Map<String, EvaluationReport.Group> out = new java.util.LinkedHashMap<>();
        m.forEach((k, g) -> out.put(k, new EvaluationReport.Group((int) g[0], g[1])));
        return out;
    }
}
