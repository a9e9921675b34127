package dev.progrs.tasks.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every verification ends within its budget (200 ms by default) whatever the input. */
class VerifierBudgetTest {

    private static Verifier verifier;

    @BeforeAll
    static void warm() {
        verifier = new Verifier();
        verifier.equivalence().warmSymbolic();
        // JIT and class loading of the set path, so the timings below are the input's, not the JVM's
        for (int i = 0; i < 5; i++) {
            verifier.verify("\\boxed{\\{" + set(40, k -> k + "+x") + "\\}}", "\\{" + set(40, k -> "x+" + k) + "\\}");
        }
    }

    @AfterAll
    static void close() {
        verifier.close();
    }

    /** {@code 1..n} through {@code element}, comma-separated. */
    private static String set(int n, IntFunction<String> element) {
        StringBuilder sb = new StringBuilder();
        for (int k = 1; k <= n; k++) {
            sb.append(k > 1 ? "," : "").append(element.apply(k));
        }
        return sb.toString();
    }

    private static String reversedSet(int n, IntFunction<String> element) {
        return set(n, k -> element.apply(n + 1 - k));
    }

    private static Verdict timed(String what, String output, String gold) {
        long t0 = System.nanoTime();
        Verdict d = verifier.verify(output, gold);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%s: %d ms, correct=%s, reason: %s%n", what, ms, d.correct(), d.reason());
        assertTrue(ms < 1_000, what + " took " + ms + " ms: " + d.reason());
        return d;
    }

    @Test
    void aReversedSetOf380SymbolicElementsMatchesByValueWellUnderASecond() {
        // pairwise, every gold element tried the CAS against the elements before its partner: 32 s
        IntFunction<String> power = k -> "x^{" + k + "}";
        Verdict d = timed("reversed 380-element set", "\\boxed{\\{" + reversedSet(380, power) + "\\}}", "\\{" + set(380, power) + "\\}");
        assertTrue(d.correct(), d.reason());
        assertEquals("set: all 380 elements match (any order)", d.reason());
    }

    @Test
    void aReversedSetOfEqualNumbersInOtherFormsMatchesByExactValue() {
        Verdict d = timed("reversed 380 fractions vs decimals", "\\boxed{\\{" + reversedSet(380, k -> k + "/2") + "\\}}",
                "\\{" + set(380, k -> (k / 2) + (k % 2 == 1 ? ".5" : "")) + "\\}");
        assertTrue(d.correct(), d.reason());
    }

    @Test
    void aSetThatNeedsTheCasPairByPairTimesOutIncorrectWithinTheBudget() {
        // x+k against k+x: not equal as text, so each pair is a CAS call; 380²/2 of them cannot fit in 200 ms
        Verdict d = timed("380 elements needing the CAS", "\\boxed{\\{" + reversedSet(380, k -> k + "+x") + "\\}}",
                "\\{" + set(380, k -> "x+" + k) + "\\}");
        assertFalse(d.correct(), d.reason());
        assertTrue(d.reason().startsWith("timeout"), d.reason());
        assertTrue(d.reason().contains("200 ms"), d.reason());
    }

    @Test
    void theVerifierAnswersCorrectlyAfterATimeout() {
        verifier.verify("\\boxed{\\{" + reversedSet(380, k -> k + "+x") + "\\}}", "\\{" + set(380, k -> "x+" + k) + "\\}");
        Verdict d = verifier.verify("\\boxed{x^2+2x+1}", "(x+1)^2");
        assertTrue(d.correct(), d.toString());
    }

    @Test
    void aLargerBudgetIsHonoured() {
        try (Verifier patient = new Verifier(EquivalenceConfig.defaults().withBudget(Duration.ofSeconds(30)))) {
            patient.equivalence().warmSymbolic();
            Verdict d = patient.verify("\\boxed{\\{" + reversedSet(12, k -> k + "+x") + "\\}}", "\\{" + set(12, k -> "x+" + k) + "\\}");
            assertTrue(d.correct(), d.toString());
        }
    }

    @Test
    void aBudgetOutsideOneMillisecondToAMinuteIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EquivalenceConfig.defaults().withBudget(Duration.ZERO));
        assertEquals("Invalid value 'PT0S' for configuration 'budget': accepted 1 ms..60 s", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EquivalenceConfig.defaults().withBudget(Duration.ofSeconds(61)));
        assertEquals(Duration.ofMillis(200), EquivalenceConfig.defaults().budget());
    }
}
