package dev.progrs.generator.feeder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArithmeticPromptSourceTest {

    private static final ArithmeticSuite SUITE = new ArithmeticSuite(ArithmeticSuiteConfig.defaults().withTestSetSize(50));

    private static List<Problem> take(ArithmeticPromptSource s, int n) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.next().orElseThrow());
        }
        return out;
    }

    @Test
    void problemsStayInTheStepRangeAndCoverIt() {
        Set<Integer> seen = new HashSet<>();
        for (Problem p : take(new ArithmeticPromptSource(SUITE, 6, 8, 0, 1), 200)) {
            assertTrue(p.difficulty() >= 6 && p.difficulty() <= 8, p.toString());
            assertEquals("train", p.split());
            seen.add(p.difficulty());
        }
        assertEquals(Set.of(6, 7, 8), seen);
    }

    @Test
    void sameSeedAndStartGiveTheSameProblemsAndAnotherSeedOthers() {
        List<Problem> a = take(new ArithmeticPromptSource(SUITE, 2, 8, 10, 5), 20);
        assertEquals(a, take(new ArithmeticPromptSource(SUITE, 2, 8, 10, 5), 20));
        assertNotEquals(a, take(new ArithmeticPromptSource(SUITE, 2, 8, 10, 6), 20));
        assertEquals(a.subList(5, 20), take(new ArithmeticPromptSource(SUITE, 2, 8, 15, 5), 15));
    }

    @Test
    void aBadStepRangeIsRefusedNamingTheKey() {
        var e = assertThrows(InvalidSettingException.class, () -> new ArithmeticPromptSource(SUITE, 5, 3, 0, 1));
        assertEquals("steps", e.key());
        assertEquals("5..3", e.value());
        assertTrue(e.getMessage().startsWith("Invalid value '5..3' for configuration 'steps': accepted a range 1 <= min <= max <= "),
                e.getMessage());
        assertEquals("start-index", assertThrows(InvalidSettingException.class, () -> new ArithmeticPromptSource(SUITE, 2, 8, -1, 1)).key());
    }
}
