package dev.progrs.monitor.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.tasks.arithmetic.SuiteVersion;
import org.junit.jupiter.api.Test;

/** The problem is docs/testbed.md's example: d = 0, e = 5, f = 0, g = 2 modulo 7, answer 502. */
class GoldSampleCheckerTest {
    private static final String PROMPT = "a=2, b=1, c=6. d=b+c. e=d-a. f=e+a. g=f-e. What are e, f and g?";
    private static final GoldSampleChecker V1 = GoldSampleChecker.forSuite(SuiteVersion.V1);

    @Test
    void theReferenceSolutionHasNoWrongStep() {
        GoldVerdict v = V1.check("arithmetic", PROMPT, "d=b+c=1+6=0\ne=d-a=0-2=5\nf=e+a=5+2=0\ng=f-e=0-5=2\nAnswer: 502");
        assertEquals(new GoldVerdict(true, false, -1), v);
        assertFalse(v.hasWrongStep());
    }

    @Test
    void aSolutionThatJumpsOverAStepSkipsAStepFromItsFirstLine() {
        GoldVerdict v = V1.check("arithmetic", PROMPT, "e=d-a=0-2=5\nf=e+a=5+2=0\ng=f-e=0-5=2\nAnswer: 502");
        assertEquals(new GoldVerdict(true, true, 0), v, "line 0 computes e, the target of step 1: d was skipped");
        assertTrue(v.hasWrongStep());
    }

    @Test
    void aSlipIsAWrongStepButNoSkip() {
        GoldVerdict v = V1.check("arithmetic", PROMPT, "d=b+c=1+6=0\ne=d-a=0-2=5\nf=e+a=5+2=0\ng=f-e=0-5=3\nAnswer: 503");
        assertEquals(new GoldVerdict(true, false, 3), v);
    }

    @Test
    void aPromptThatDoesNotParseIsNotCheckedAndDoesNotThrow() {
        assertEquals(GoldVerdict.NOT_CHECKED, V1.check("arithmetic", "What is two plus two?", "Answer: 4"));
        assertEquals(GoldVerdict.NOT_CHECKED, V1.check("arithmetic", "", ""));
        assertEquals(GoldVerdict.NOT_CHECKED, V1.check("arithmetic", "a=x. b=a+1. What is b?", "b=a+1=1+1=2\nAnswer: 2"));
        assertEquals(GoldVerdict.NOT_CHECKED, V1.check("arithmetic", null, null));
    }

    @Test
    void samplesOfAnotherSuiteAreNotChecked() {
        assertEquals(GoldVerdict.NOT_CHECKED, V1.check("math500", PROMPT, "e=d-a=0-2=5\nAnswer: 502"));
    }

    @Test
    void theSuiteEditionSetsTheModulus() {
        assertEquals(7, GoldSampleChecker.forSuite(SuiteVersion.V1).modulus());
        assertEquals(10, GoldSampleChecker.forSuite(SuiteVersion.V0).modulus());
        assertEquals(7, GoldSampleChecker.defaultSuite().modulus());
        assertThrows(IllegalArgumentException.class, () -> new GoldSampleChecker(1));
    }

    @Test
    void aSampleThatWasNotCheckedCarriesNoStepVerdict() {
        assertThrows(IllegalArgumentException.class, () -> new GoldVerdict(false, true, -1));
        assertThrows(IllegalArgumentException.class, () -> new GoldVerdict(false, false, 2));
        assertThrows(IllegalArgumentException.class, () -> new GoldVerdict(true, false, -2));
    }
}
