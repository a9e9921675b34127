package dev.progrs.tasks.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progrs.tasks.verify.Verdict;
import dev.progrs.tasks.verify.Verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/**
 * Verifies JSON lines {@code {"gold": "...", "pred": "..."}} (also {@code "output"} for {@code pred})
 * and writes, in order, one line per input:
 * {@code {"correct": true|false, "extracted": "...", "rule": "...", "reason": "..."}}. Blank input
 * lines are skipped; a malformed line gives {@code correct=false, rule="invalid-input"} with the
 * line number in the reason, so outputs stay aligned with inputs.
 */
public final class VerifyJsonLines {

    /**
     * Counts of one run.
     *
     * @param lines   inputs read (blank lines excluded)
     * @param correct verdicts that were correct
     * @param invalid lines that were not valid input
     */
    public record Summary(int lines, int correct, int invalid) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Verifier verifier;
    private final java.util.Set<dev.progrs.tasks.verify.AnswerExtractor.Rule> rules;

    public VerifyJsonLines(Verifier verifier) {
        this(verifier, dev.progrs.tasks.verify.AnswerExtractor.ALL_RULES);
    }

    /** Extracts answers with only the {@code rules} given. */
    public VerifyJsonLines(Verifier verifier, java.util.Set<dev.progrs.tasks.verify.AnswerExtractor.Rule> rules) {
        this.verifier = verifier;
        this.rules = rules;
    }

    /** Reads all of {@code in}, writes to {@code out} (flushed after every line). */
    public Summary run(Reader in, Writer out) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        String line;
        int lineNo = 0;
        int lines = 0;
        int correct = 0;
        int invalid = 0;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            lines++;
            ObjectNode result = JSON.createObjectNode();
            String problem = null;
            JsonNode n = null;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                problem = "line " + lineNo + " is not JSON: " + firstLine(e.getMessage());
            }
            if (problem == null && (n == null || !n.isObject())) {
                problem = "line " + lineNo + " is not a JSON object";
            }
            String gold = null;
            String pred = null;
            if (problem == null) {
                gold = text(n, "gold");
                pred = n.has("pred") ? text(n, "pred") : text(n, "output");
                if (gold == null) {
                    problem = "line " + lineNo + ": missing field 'gold'";
                } else if (pred == null) {
                    problem = "line " + lineNo + ": missing field 'pred' (or 'output')";
                }
            }
            if (problem != null) {
                invalid++;
                result.put("correct", false);
                result.putNull("extracted");
                result.put("rule", "invalid-input");
                result.put("reason", problem);
            } else {
                Verdict v = verifier.verify(pred, gold, rules);
                correct += v.correct() ? 1 : 0;
                result.put("correct", v.correct());
                if (v.extracted() == null) {
                    result.putNull("extracted");
                } else {
                    result.put("extracted", v.extracted());
                }
                result.put("rule", v.rule());
                result.put("reason", v.reason());
            }
            out.write(JSON.writeValueAsString(result));
            out.write('\n');
            out.flush();
        }
        return new Summary(lines, correct, invalid);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
