package dev.progrs.centering.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.centering.maths.CenteringConfig;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineCenteringTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void completeGroupsGetTheirAdvantagesInInputOrderAndIncompleteOnesAreReported() throws Exception {
        String input = String.join("\n",
                "{\"group_id\": \"g1\", \"sample_index\": 1, \"group_size\": 2, \"outcome\": 0, \"process_score\": 0.6}",
                "{\"group_id\": \"g2\", \"sample_index\": 0, \"group_size\": 3, \"outcome\": 1, \"process_score\": 0.9}",
                "{\"group_id\": \"g1\", \"sample_index\": 0, \"group_size\": 2, \"outcome\": 1, \"process_score\": 0.8}",
                "not json",
                "{\"group_id\": \"g1\", \"sample_index\": 0, \"group_size\": 2, \"outcome\": 0, \"process_score\": 0.1}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var summary = OfflineCentering.run(new StringReader(input), out, err, CenteringConfig.defaults());
        List<JsonNode> lines = out.toString().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        // g1 in input order: sample 1 (incorrect) first, then sample 0 (correct); g2 incomplete.
        assertEquals(2, lines.size());
        assertEquals(1, lines.get(0).get("sample_index").asInt());
        // R = (1, 0): mean 0.5, Bessel std 0.7071 → A_out = ±0.5/0.707101 = ±0.70710; the single incorrect
        // sample gets centred bonus 0; the correct one keeps b = 0.8, so A = 0.70710 + 0.1 * 0.8.
        assertEquals(0.0, lines.get(0).get("centered_bonus").asDouble(), 1e-12);
        assertEquals(-0.7071057, lines.get(0).get("advantage").asDouble(), 1e-6);
        assertEquals(0.8, lines.get(1).get("centered_bonus").asDouble(), 1e-12);
        assertEquals(0.7071057 + 0.08, lines.get(1).get("advantage").asDouble(), 1e-6);
        assertEquals(new OfflineCentering.Summary(5, 2, 1, 1, 2), summary);
        String problems = err.toString();
        assertTrue(problems.contains("group g2: incomplete (1 of 3"), problems);
        assertTrue(problems.contains("line 4: skipped"), problems);
        assertTrue(problems.contains("line 5: skipped: duplicate sample 0 of group g1"), problems);
    }

    @Test
    void readsDumpLinesOfScoredTrajectories() throws Exception {
        String a = "{\"topic\": \"progrs.scored\", \"value\": {\"trajectory\": {\"groupId\": \"g\", \"sampleIndex\": 0, \"groupSize\": 2, "
                + "\"outcomeReward\": 0.0}, \"processScore\": 0.4}}";
        String b = "{\"topic\": \"progrs.scored\", \"value\": {\"trajectory\": {\"groupId\": \"g\", \"sampleIndex\": 1, \"groupSize\": 2, "
                + "\"outcomeReward\": 0.0}, \"processScore\": 0.2}}";
        StringWriter out = new StringWriter();
        OfflineCentering.run(new StringReader(a + "\n" + b), out, new StringWriter(), CenteringConfig.defaults());
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size());
        // both incorrect: centred on their mean 0.3 → +0.1 and −0.1; A_out = 0, so A = λ·b̃ = ±0.01
        assertEquals(0.1, JSON.readTree(lines.get(0)).get("centered_bonus").asDouble(), 1e-12);
        assertEquals(-0.01, JSON.readTree(lines.get(1)).get("advantage").asDouble(), 1e-12);
    }

    @Test
    void aNonFiniteScoreCostsItsGroupOnlyAndIsNamedByLine() throws Exception {
        String input = String.join("\n",
                "{\"group_id\": \"good\", \"sample_index\": 0, \"group_size\": 2, \"outcome\": 1, \"process_score\": 0.8}",
                "{\"group_id\": \"bad\", \"sample_index\": 0, \"group_size\": 2, \"outcome\": 0, \"process_score\": 1e999}",
                "{\"group_id\": \"good\", \"sample_index\": 1, \"group_size\": 2, \"outcome\": 0, \"process_score\": 0.6}",
                "{\"group_id\": \"bad\", \"sample_index\": 1, \"group_size\": 2, \"outcome\": 1, \"process_score\": 0.5}",
                "{\"group_id\": \"also-good\", \"sample_index\": 0, \"group_size\": 2, \"outcome\": 1, \"process_score\": 0.5}",
                "{\"group_id\": \"also-good\", \"sample_index\": 1, \"group_size\": 2, \"outcome\": 1, \"process_score\": 0.4}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var summary = OfflineCentering.run(new StringReader(input), out, err, CenteringConfig.defaults());
        List<String> groups = out.toString().lines().map(l -> {
            try {
                return JSON.readTree(l).get("group_id").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(List.of("good", "good", "also-good", "also-good"), groups);
        String problems = err.toString();
        assertTrue(problems.contains("line 2: skipped: field \"process_score\" = Infinity is not a finite number"), problems);
        assertTrue(problems.contains("group bad: incomplete (1 of 2"), problems);
        assertEquals(new OfflineCentering.Summary(6, 4, 2, 1, 1), summary);
    }
}
