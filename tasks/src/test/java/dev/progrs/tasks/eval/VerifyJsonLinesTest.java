package dev.progrs.tasks.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.tasks.verify.SharedVerifier;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyJsonLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesOneVerdictPerInputLineInOrder() throws Exception {
        String in = """
                {"gold": "3", "pred": "d=8-1=7\\nAnswer: 3"}
                {"gold": "\\\\frac{1}{2}", "pred": "so $\\\\boxed{0.5}$"}

                {"gold": "100", "pred": "The answer is 10."}
                not json
                {"gold": 27, "output": "Answer: 27.0"}
                {"pred": "5"}
                """;
        StringWriter out = new StringWriter();
        VerifyJsonLines.Summary s = new VerifyJsonLines(SharedVerifier.get()).run(new StringReader(in), out);
        String[] lines = out.toString().split("\n");
        assertEquals(6, lines.length);
        assertEquals(new VerifyJsonLines.Summary(6, 3, 2), s);
        JsonNode a = JSON.readTree(lines[0]);
        assertTrue(a.get("correct").asBoolean());
        assertEquals("3", a.get("extracted").asText());
        assertEquals("answer-line", a.get("rule").asText());
        JsonNode b = JSON.readTree(lines[1]);
        assertTrue(b.get("correct").asBoolean());
        assertEquals("boxed", b.get("rule").asText());
        JsonNode c = JSON.readTree(lines[2]);
        assertEquals(false, c.get("correct").asBoolean());
        assertEquals("answer-is", c.get("rule").asText());
        JsonNode d = JSON.readTree(lines[3]);
        assertEquals("invalid-input", d.get("rule").asText());
        assertTrue(d.get("reason").asText().contains("line 5"), d.toString());
        assertTrue(JSON.readTree(lines[4]).get("correct").asBoolean(), lines[4]);
        assertTrue(JSON.readTree(lines[5]).get("reason").asText().contains("'gold'"));
        for (String l : lines) {
            JsonNode n = JSON.readTree(l);
            assertEquals(4, n.size(), l);
        }
    }
}
