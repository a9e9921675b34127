package dev.progrs.tasks.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.verify.AnswerExtractor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a benchmark file into {@link Problem}s with the gold answer extracted:
 * <ul>
 *   <li>MATH-500: {@code answer} (else the last {@code \boxed{}} of {@code solution}); difficulty = level; meta subject, level;</li>
 *   <li>AIME24, AMC23: {@code answer} ({@code problem}, or {@code question});</li>
 *   <li>Minerva: the last {@code \boxed{}} of {@code solution}; meta type;</li>
 *   <li>OlympiadBench: {@code final_answer} list joined with {@code ", "}; text = context + question;
 *       meta unit, answer_type, is_multiple_answer, subfield;</li>
 *   <li>GSM8K: the text after {@code ####} in {@code answer}.</li>
 * </ul>
 * Problem ids are {@code <benchmark>/<source id>}; meta {@code index} is the 0-based line number and
 * {@code sourceId} the file's own id. Split is {@code test}.
 */
public final class BenchmarkLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchmarkLoader() {
    }

    /** Loads {@code benchmark} from {@code dir}. */
    public static List<Problem> load(Benchmark benchmark, Path dir) {
        Path file = dir.resolve(benchmark.fileName());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("benchmark file " + file.toAbsolutePath() + " does not exist");
        }
        List<Problem> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int index = 0;
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
                    throw new IllegalArgumentException(file + ":" + lineNo + " is not JSON: " + e.getMessage(), e);
                }
                out.add(toProblem(benchmark, n, index++, file + ":" + lineNo));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    /** Loads every benchmark from {@code dir}, in enum order. */
    public static Map<Benchmark, List<Problem>> loadAll(Path dir) {
        Map<Benchmark, List<Problem>> all = new LinkedHashMap<>();
        for (Benchmark b : Benchmark.values()) {
            all.put(b, load(b, dir));
        }
        return all;
    }

    static Problem toProblem(Benchmark b, JsonNode n, int index, String where) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("index", Integer.toString(index));
        String sourceId;
        String text;
        String gold;
        String solution = null;
        Integer difficulty = null;
        switch (b) {
            case MATH500 -> {
                sourceId = text(n, "unique_id", Integer.toString(index));
                text = required(n, "problem", where);
                solution = text(n, "solution", null);
                gold = text(n, "answer", null);
                if (gold == null && solution != null) {
                    gold = AnswerExtractor.lastBoxed(solution);
                }
                meta.put("subject", text(n, "subject", ""));
                meta.put("level", text(n, "level", ""));
                difficulty = parseIntOrNull(text(n, "level", null));
            }
            case AIME24, AMC23 -> {
                sourceId = text(n, "id", Integer.toString(index));
                text = text(n, "problem", null);
                if (text == null) {
                    text = required(n, "question", where);
                }
                solution = text(n, "solution", null);
                gold = text(n, "answer", null);
                meta.put("url", text(n, "url", ""));
            }
            case MINERVA -> {
                sourceId = text(n, "idx", Integer.toString(index));
                text = required(n, "problem", where);
                solution = required(n, "solution", where);
                gold = AnswerExtractor.lastBoxed(solution);
                meta.put("subject", text(n, "type", ""));
            }
            case OLYMPIADBENCH -> {
                sourceId = text(n, "id", Integer.toString(index));
                String question = required(n, "question", where);
                String context = text(n, "context", null);
                text = context == null || context.isBlank() || "None".equals(context) ? question : context + "\n\n" + question;
                gold = joined(n.get("final_answer"));
                solution = joined(n.get("solution"));
                meta.put("subject", text(n, "subfield", ""));
                meta.put("answer_type", text(n, "answer_type", ""));
                meta.put("is_multiple_answer", text(n, "is_multiple_answer", "false"));
                String unit = text(n, "unit", null);
                meta.put("unit", unit == null || "None".equals(unit) ? "" : unit);
            }
            case GSM8K -> {
                sourceId = text(n, "idx", Integer.toString(index));
                text = required(n, "question", where);
                solution = required(n, "answer", where);
                int hash = solution.lastIndexOf("####");
                gold = hash < 0 ? null : solution.substring(hash + 4).trim();
            }
            default -> throw new IllegalStateException("unhandled benchmark " + b);
        }
        if (gold == null || gold.isBlank()) {
            throw new IllegalArgumentException(where + ": no gold answer found for " + b.id() + " problem " + sourceId);
        }
        meta.put("sourceId", sourceId);
        return new Problem(b.id() + "/" + sourceId, b.id(), "test", text, gold.trim(), solution, difficulty, meta);
    }

    private static String joined(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(x -> parts.add(x.asText().trim()));
            return String.join(", ", parts);
        }
        return node.asText();
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static String required(JsonNode n, String field, String where) {
        String v = text(n, field, null);
        if (v == null) {
            throw new IllegalArgumentException(where + ": missing field '" + field + "'");
        }
        return v;
    }

    private static Integer parseIntOrNull(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
