package dev.progrs.centering.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progrs.centering.maths.AdvantageResult;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.ProgrsAdvantages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The centering maths over JSON lines, without Kafka ({@code progrs center}). Each input line is a
 * flat sample {@code {"group_id", "sample_index", "group_size", "outcome", "process_score"}}, a
 * ScoredTrajectory as JSON, or a {@code progrs dump} line whose {@code value} is one. The output is
 * every line of a complete group, in input order, with {@code centered_bonus},
 * {@code outcome_advantage} and {@code advantage} added; incomplete groups, duplicate samples and
 * lines that cannot be read are reported on the problem writer and left out.
 *
 * <p>A bad line costs its own group and nothing else: a line whose outcome or process score is not a
 * finite number ({@code 1e999} reads as +∞, which the maths refuses) is rejected and named like
 * any unreadable line, so its group is reported incomplete, and a group the maths still refuses is
 * reported with its lines; every other complete group is written.
 */
public final class OfflineCentering {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One readable sample and the line it came from. */
    private record Line(int number, ObjectNode node, String groupId, int sampleIndex, int groupSize, double outcome,
                        double processScore) {
    }

    /** What a run did. */
    public record Summary(int lines, int written, int completeGroups, int incompleteGroups, int rejectedLines) {
    }

    private OfflineCentering() {
    }

    public static Summary run(Reader input, Writer output, Writer problems, CenteringConfig config) throws IOException {
        PrintWriter out = new PrintWriter(output);
        PrintWriter err = new PrintWriter(problems);
        List<Line> lines = new ArrayList<>();
        Map<String, TreeMap<Integer, Line>> groups = new LinkedHashMap<>();
        int total = 0;
        int rejected = 0;
        try (BufferedReader in = new BufferedReader(input)) {
            String text;
            while ((text = in.readLine()) != null) {
                total++;
                if (text.isBlank()) {
                    continue;
                }
                Line line;
                try {
                    line = parse(total, text);
                } catch (IllegalArgumentException | JsonProcessingException e) {
                    err.println("line " + total + ": skipped: " + e.getMessage());
                    rejected++;
                    continue;
                }
                TreeMap<Integer, Line> group = groups.computeIfAbsent(line.groupId(), g -> new TreeMap<>());
                if (group.containsKey(line.sampleIndex())) {
                    err.println("line " + total + ": skipped: duplicate sample " + line.sampleIndex() + " of group " + line.groupId()
                            + " (first seen on line " + group.get(line.sampleIndex()).number() + ")");
                    rejected++;
                    continue;
                }
                group.put(line.sampleIndex(), line);
                lines.add(line);
            }
        }
        Map<Line, double[]> results = new LinkedHashMap<>();
        int complete = 0;
        int incomplete = 0;
        for (Map.Entry<String, TreeMap<Integer, Line>> e : groups.entrySet()) {
            List<Line> samples = new ArrayList<>(e.getValue().values());
            int k = samples.get(0).groupSize();
            boolean sizesAgree = samples.stream().allMatch(l -> l.groupSize() == k);
            if (!sizesAgree || samples.size() != k) {
                err.println("group " + e.getKey() + ": incomplete (" + samples.size() + " of " + k + " samples"
                        + (sizesAgree ? "" : ", group sizes disagree") + "): left out");
                incomplete++;
                continue;
            }
            double[] outcomes = samples.stream().mapToDouble(Line::outcome).toArray();
            double[] scores = samples.stream().mapToDouble(Line::processScore).toArray();
            AdvantageResult r;
            try {
                r = ProgrsAdvantages.compute(outcomes, scores, config);
            } catch (IllegalArgumentException ex) {
                err.println("group " + e.getKey() + " (lines " + samples.stream().map(l -> Integer.toString(l.number()))
                        .collect(java.util.stream.Collectors.joining(", ")) + "): left out: " + ex.getMessage());
                incomplete++;
                continue;
            }
            complete++;
            for (int i = 0; i < samples.size(); i++) {
                results.put(samples.get(i), new double[] {r.centredBonus()[i], r.outcomeAdvantage()[i], r.advantage()[i]});
            }
        }
        int written = 0;
        for (Line line : lines) {
            double[] r = results.get(line);
            if (r == null) {
                continue;
            }
            line.node().put("centered_bonus", r[0]).put("outcome_advantage", r[1]).put("advantage", r[2]);
            out.println(JSON.writeValueAsString(line.node()));
            written++;
        }
        out.flush();
        err.flush();
        return new Summary(total, written, complete, incomplete, rejected);
    }

    private static Line parse(int number, String text) throws JsonProcessingException {
        JsonNode root = JSON.readTree(text);
        if (!(root instanceof ObjectNode node)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode record = node.has("value") && node.get("value").isObject() ? node.get("value") : node;
        if (record.has("trajectory")) {
            JsonNode t = record.get("trajectory");
            return new Line(number, node, text(t, "groupId"), integer(t, "sampleIndex"), integer(t, "groupSize"),
                    number(t, "outcomeReward"), number(record, "processScore"));
        }
        return new Line(number, node, text(record, "group_id"), integer(record, "sample_index"), integer(record, "group_size"),
                number(record, "outcome"), number(record, "process_score"));
    }

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field \"" + name + "\" (expected {\"group_id\", \"sample_index\", "
                    + "\"group_size\", \"outcome\", \"process_score\"} or a ScoredTrajectory)");
        }
        return v;
    }

    private static String text(JsonNode n, String name) {
        return field(n, name).asText();
    }

    private static int integer(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("field \"" + name + "\" = " + v + " is not an integer");
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("field \"" + name + "\" = " + v + " is not a number");
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("field \"" + name + "\" = " + v.numberValue() + " is not a finite number; expected a finite "
                    + "double (a literal beyond ±1.8e308, such as 1e999, reads as infinity)");
        }
        return d;
    }
}
