package dev.progrs.tasks.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Agreement of the verifier with the expected verdicts of three public verifier test suites, whose
 * cases are data in {@code src/test/resources/verifier-suites/} (sources, licences and commits in
 * that folder's README):
 * <ul>
 *   <li>{@code math-verify}: Hugging Face Math-Verify's tests, {@code verify(parse(gold), parse(pred))}:
 *       both sides are free text, so the gold answer is extracted with the same rules as the prediction;</li>
 *   <li>{@code math-equivalence}: the MATH dataset's {@code is_equiv} tests;</li>
 *   <li>{@code qwen-grader}: the pairs of Qwen2.5-Math's {@code math_equal} self-test.</li>
 * </ul>
 * In the last two the gold is an answer and the prediction a raw answer (often not boxed), which
 * goes through {@link Verifier#verify(String, String) extraction} as a model output would.
 *
 * <p>The floors asserted are the agreement measured after the verifier learnt unboxed answers, overall
 * and on the predictions that are boxed, so a change that loses a case fails here; the measured
 * numbers, every disagreement and every skipped case with its reason are printed. The target is 95%
 * per suite; docs/verifier.md says what is missed and why.
 */
class PublicVerifierSuitesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Suite file, whether its gold is free text to extract from, and the floor asserted: the number of
     * cases that agreed when the floor was last raised (never lower it to make a change pass).
     */
    private record Suite(String name, boolean extractGold, int minAgreed, int minBoxedAgreed) {
    }

    /** Target agreement per suite (the goal); the assertion is the measured floor, reported against it. */
    private static final double TARGET = 0.95;

    private static final List<Suite> SUITES = List.of(
            // 270 cases; before the unboxed-answer work 146 agreed (54.1%)
            // of its 95 boxed predictions 39 agreed before (the gold's extraction failed) and 92 now: none was lost
            new Suite("math-verify", true, 257, 92),
            // 16 cases; before 10 (62.5%); the 2 left are order of a bare list, see docs/verifier.md
            new Suite("math-equivalence", false, 14, 0),
            // 17 cases; before 5 (29.4%)
            new Suite("qwen-grader", false, 17, 0));

    private record Outcome(int cases, int agreed, int boxedCases, int boxedAgreed, Map<String, Integer> skipped,
                           List<String> disagreements) {
        double agreement() {
            return cases == 0 ? 1.0 : (double) agreed / cases;
        }
    }

    @Test
    void agreementWithEachPublicSuiteIsAtLeastItsMeasuredFloor() throws IOException {
        Verifier verifier = SharedVerifier.get();
        verifier.equivalence().warmSymbolic();
        int total = 0;
        int agreedTotal = 0;
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder("\nPublic verifier suites: agreement with the expected verdicts\n");
        for (Suite s : SUITES) {
            Outcome o = run(verifier, s);
            total += o.cases();
            agreedTotal += o.agreed();
            report.append(String.format(Locale.ROOT, "%-18s %3d/%3d = %5.1f%%  (floor %d, target %.0f%%: %s)%n",
                    s.name(), o.agreed(), o.cases(), 100 * o.agreement(), s.minAgreed(), 100 * TARGET,
                    o.agreement() >= TARGET ? "met" : "missed"));
            if (o.boxedCases() > 0) {
                report.append(String.format(Locale.ROOT, "    boxed predictions: %d/%d agree (floor %d)%n", o.boxedAgreed(), o.boxedCases(),
                        s.minBoxedAgreed()));
            }
            o.skipped().forEach((reason, n) -> report.append(String.format(Locale.ROOT, "    skipped %d: %s%n", n, reason)));
            o.disagreements().forEach(d -> report.append("    ✗ ").append(d).append('\n'));
            if (o.agreed() < s.minAgreed()) {
                failures.add(s.name() + " agreement " + o.agreed() + "/" + o.cases() + " below its floor of " + s.minAgreed());
            }
            if (o.boxedAgreed() < s.minBoxedAgreed()) {
                failures.add(s.name() + " boxed predictions " + o.boxedAgreed() + "/" + o.boxedCases() + " below their floor of "
                        + s.minBoxedAgreed());
            }
        }
        report.append(String.format(Locale.ROOT, "%-18s %3d/%3d = %5.1f%%%n", "overall", agreedTotal, total, 100.0 * agreedTotal / total));
        System.out.println(report);
        assertTrue(failures.isEmpty(), String.join("; ", failures) + report);
    }

    private static Outcome run(Verifier verifier, Suite suite) throws IOException {
        int cases = 0;
        int agreed = 0;
        int boxedCases = 0;
        int boxedAgreed = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        for (JsonNode c : read(suite.name())) {
            if (c.hasNonNull("skip")) {
                skipped.merge(c.get("skip").asText(), 1, Integer::sum);
                continue;
            }
            String gold = c.get("gold").asText();
            String prediction = c.get("prediction").asText();
            boolean expected = c.get("expected").asBoolean();
            String goldAnswer = gold;
            if (suite.extractGold()) {
                Extraction g = AnswerExtractor.extract(gold);
                goldAnswer = g.found() ? g.answer() : gold;
            }
            Verdict v = verifier.verify(prediction, goldAnswer);
            cases++;
            boolean boxed = prediction.contains("\\boxed") || prediction.contains("\\fbox");
            boxedCases += boxed ? 1 : 0;
            if (v.correct() == expected) {
                agreed++;
                boxedAgreed += boxed ? 1 : 0;
            } else {
                disagreements.add(c.get("source").asText() + " expected " + expected + ": gold '" + shorten(goldAnswer)
                        + "', extracted '" + shorten(v.extracted()) + "' (" + v.rule() + ") — " + shorten(v.reason()));
            }
        }
        return new Outcome(cases, agreed, boxedCases, boxedAgreed, skipped, disagreements);
    }

    private static List<JsonNode> read(String suite) throws IOException {
        String path = "/verifier-suites/" + suite + ".jsonl";
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = PublicVerifierSuitesTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    private static String shorten(String s) {
        if (s == null) {
            return "null";
        }
        String t = s.replace("\n", "⏎");
        return t.length() <= 120 ? t : t.substring(0, 80) + " … " + t.substring(t.length() - 30);
    }
}
