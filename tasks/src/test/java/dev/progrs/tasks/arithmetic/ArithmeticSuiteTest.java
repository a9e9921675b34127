package dev.progrs.tasks.arithmetic;

import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Given;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Literal;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Ref;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Step;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArithmeticSuiteTest {

    private static final ArithmeticSuite DEFAULT = new ArithmeticSuite(ArithmeticSuiteConfig.v0());
    private static final Pattern STEP_LINE = Pattern.compile("[a-z]+=\\d+[-+*]\\d+=\\d+");

    @Test
    void theDocumentedExampleRendersExactly() {
        ArithmeticProblem p = new ArithmeticProblem(10,
                List.of(new Given("a", 8, false), new Given("b", 1, false), new Given("c", 8, false)),
                List.of(new Step("d", Operation.SUBTRACT, new Ref("c"), new Ref("b")),
                        new Step("e", Operation.SUBTRACT, new Ref("d"), new Literal(8)),
                        new Step("f", Operation.SUBTRACT, new Ref("e"), new Ref("c")),
                        new Step("g", Operation.SUBTRACT, new Ref("f"), new Ref("c"))));
        assertEquals("a=8, b=1, c=8. d=c-b. e=d-8. f=e-c. g=f-c. What is g?", p.prompt());
        assertEquals("d=8-1=7\ne=7-8=9\nf=9-8=1\ng=1-8=3\nAnswer: 3", p.referenceSolution());
        assertEquals(3, p.answer());
        ArithmeticProblem parsed = ArithmeticProblem.parse(p.prompt(), 10);
        assertEquals(p.steps(), parsed.steps());
        // the example's `a` is never used: parsing flags it as a distractor
        assertEquals(List.of(true, false, false), parsed.givens().stream().map(Given::distractor).toList());
    }

    @Test
    void defaultsAreTheLearnableSuite() {
        ArithmeticSuiteConfig c = ArithmeticSuiteConfig.v0();
        assertEquals(2, c.minSteps());
        assertEquals(8, c.maxSteps());
        assertEquals(10, c.modulus());
        assertEquals(EnumSet.allOf(Operation.class), c.operations());
        assertEquals(0, c.distractors());
        assertEquals(500, c.testSetSize());
        assertEquals(1L, c.seed());
    }

    @Test
    void invalidConfigNamesKeyValueAndAcceptedRange() {
        ArithmeticSuiteConfig d = ArithmeticSuiteConfig.v0();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withSteps(5, 3));
        assertEquals("Invalid value '3' for configuration 'max-steps': accepted an integer in min-steps(5)..64", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withModulus(1));
        assertEquals("Invalid value '1' for configuration 'modulus': accepted an integer in 2.." + ArithmeticSuiteConfig.MAX_MODULUS, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withOperations(Set.of()));
        assertTrue(e.getMessage().contains("operations") && e.getMessage().contains("MULTIPLY"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withDistractors(-1));
        assertTrue(e.getMessage().startsWith("Invalid value '-1' for configuration 'distractors': accepted "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withTestSetSize(-5));
        assertTrue(e.getMessage().startsWith("Invalid value '-5' for configuration 'test-set-size': accepted "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withSteps(0, 4));
        assertTrue(e.getMessage().startsWith("Invalid value '0' for configuration 'min-steps': accepted "), e.getMessage());
    }

    @Test
    void testSetHas500DistinctProblemsBalancedByDifficulty() {
        List<Problem> test = DEFAULT.testSet();
        assertEquals(500, test.size());
        Map<Integer, Integer> perLevel = new TreeMap<>();
        Set<String> prompts = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (Problem p : test) {
            perLevel.merge(p.difficulty(), 1, Integer::sum);
            assertTrue(prompts.add(p.text()), "duplicate test prompt " + p.text());
            assertTrue(ids.add(p.id()), "duplicate id " + p.id());
            assertEquals("test", p.split());
            assertEquals("arithmetic", p.suite());
        }
        assertEquals(Set.of(2, 3, 4, 5, 6, 7, 8), perLevel.keySet());
        int min = perLevel.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = perLevel.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(max - min <= 1, "unbalanced " + perLevel);
        // round-robin order: the first 7 problems cover all levels
        Set<Integer> firstLevels = new HashSet<>();
        test.subList(0, 7).forEach(p -> firstLevels.add(p.difficulty()));
        assertEquals(7, firstLevels.size());
    }

    @Test
    void sameSeedSameProblemsDifferentSeedDifferent() {
        ArithmeticSuite again = new ArithmeticSuite(ArithmeticSuiteConfig.v0());
        assertEquals(DEFAULT.testSet(), again.testSet());
        for (long i = 0; i < 50; i++) {
            assertEquals(DEFAULT.trainProblem(i), again.trainProblem(i));
        }
        ArithmeticSuite other = new ArithmeticSuite(ArithmeticSuiteConfig.v0().withSeed(2));
        assertNotEquals(DEFAULT.testSet().get(0).text(), other.testSet().get(0).text());
        assertNotEquals(DEFAULT.trainProblem(0).text(), other.trainProblem(0).text());
    }

    @Test
    void trainProblemsNeverEqualTestProblems() {
        Set<String> test = new HashSet<>();
        DEFAULT.testSet().forEach(p -> test.add(p.text()));
        for (long i = 0; i < 3_000; i++) {
            Problem p = DEFAULT.trainProblem(i);
            assertFalse(test.contains(p.text()), "train " + i + " is a test problem");
            assertEquals("train", p.split());
        }
        for (long i = 0; i < 5_000; i++) {
            assertFalse(test.contains(DEFAULT.trainProblem(i, 2).text()));
        }
    }

    @Test
    void disjointEvenWhenTheTestSetCoversMostOfASmallSpace() {
        // one step, addition only, modulus 3: few distinct prompts; the test set takes many of them
        ArithmeticSuite small = new ArithmeticSuite(new ArithmeticSuiteConfig(1, 1, 3, Set.of(Operation.ADD), 0, 30, 7));
        Set<String> test = new HashSet<>();
        small.testSet().forEach(p -> test.add(p.text()));
        assertEquals(30, test.size()); // of 36 possible prompts
        for (long i = 0; i < 500; i++) {
            assertFalse(test.contains(small.trainProblem(i).text()));
        }
    }

    @Test
    void impossibleTestSetSizeFailsWithAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ArithmeticSuite(new ArithmeticSuiteConfig(1, 1, 2, Set.of(Operation.MULTIPLY), 0, 50, 1)));
        assertTrue(e.getMessage().contains("test-set-size") || e.getMessage().contains("distinct"), e.getMessage());
    }

    @Test
    void trainProblemWithStepsHasExactlyThatManyAndMatchesTheUnconstrainedOne() {
        for (int steps = 1; steps <= 12; steps++) {
            for (long i = 0; i < 30; i++) {
                Problem p = DEFAULT.trainProblem(i, steps);
                assertEquals(steps, p.difficulty());
                assertEquals(steps + 1, p.referenceSolution().split("\n").length);
            }
        }
        for (long i = 0; i < 200; i++) {
            assertEquals(DEFAULT.trainProblem(i, DEFAULT.trainSteps(i)), DEFAULT.trainProblem(i));
            int s = DEFAULT.trainSteps(i);
            assertTrue(s >= 2 && s <= 8);
        }
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.trainProblem(-1));
    }

    @Test
    void trainDifficultiesCoverTheRangeUniformly() {
        int[] counts = new int[9];
        for (long i = 0; i < 7_000; i++) {
            counts[DEFAULT.trainSteps(i)]++;
        }
        for (int s = 2; s <= 8; s++) {
            assertTrue(counts[s] > 850 && counts[s] < 1150, "steps " + s + ": " + counts[s]);
        }
    }

    @Test
    void referenceSolutionsFollowTheFormatAndRecomputeFromThePrompt() {
        for (long i = 0; i < 1_000; i++) {
            Problem p = DEFAULT.trainProblem(i);
            ArithmeticProblem parsed = DEFAULT.parse(p);
            assertEquals(p.text(), parsed.prompt());
            assertEquals(p.referenceSolution(), parsed.referenceSolution());
            String[] lines = p.referenceSolution().split("\n");
            for (int k = 0; k < lines.length - 1; k++) {
                assertTrue(STEP_LINE.matcher(lines[k]).matches(), lines[k]);
            }
            assertEquals("Answer: " + p.goldAnswer(), lines[lines.length - 1]);
            int answer = Integer.parseInt(p.goldAnswer());
            assertTrue(answer >= 0 && answer < 10);
        }
    }

    @Test
    void everyStepIsNeededAndNoMultiplicationGivesZero() {
        for (long i = 0; i < 1_000; i++) {
            ArithmeticProblem p = DEFAULT.parse(DEFAULT.trainProblem(i));
            Map<String, Integer> v = p.values();
            for (int k = 0; k < p.steps().size(); k++) {
                Step s = p.steps().get(k);
                if (s.op() == Operation.MULTIPLY) {
                    assertNotEquals(0, v.get(s.target()), s.text());
                }
                if (k > 0) {
                    String prev = p.steps().get(k - 1).target();
                    assertTrue(s.left().equals(new Ref(prev)) || s.right().equals(new Ref(prev)),
                            "step " + s.text() + " does not use " + prev);
                }
            }
            p.givens().forEach(g -> assertFalse(g.distractor(), p.prompt()));
        }
    }

    @Test
    void allOperationsAndOperandKindsOccur() {
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        boolean literal = false;
        boolean earlierStep = false;
        for (long i = 0; i < 500; i++) {
            ArithmeticProblem p = DEFAULT.parse(DEFAULT.trainProblem(i));
            for (int k = 0; k < p.steps().size(); k++) {
                Step s = p.steps().get(k);
                ops.add(s.op());
                literal |= s.left() instanceof Literal || s.right() instanceof Literal;
                for (int j = 0; j < k - 1; j++) {
                    Ref r = new Ref(p.steps().get(j).target());
                    earlierStep |= s.left().equals(r) || s.right().equals(r);
                }
            }
        }
        assertEquals(EnumSet.allOf(Operation.class), ops);
        assertTrue(literal);
        assertTrue(earlierStep);
    }

    @Test
    void distractorsAreDeclaredButDoNotChangeTheAnswer() {
        ArithmeticSuite s = new ArithmeticSuite(ArithmeticSuiteConfig.v0().withDistractors(3).withTestSetSize(70));
        for (long i = 0; i < 300; i++) {
            ArithmeticProblem p = s.trainArithmetic(i, 2 + (int) (i % 7));
            long flagged = p.givens().stream().filter(Given::distractor).count();
            assertEquals(3, flagged, p.prompt());
            ArithmeticProblem parsed = s.parse(p.prompt());
            assertEquals(p.givens(), parsed.givens(), "parse recomputes distractor flags");
            // change every distractor's value: the answer must not move
            List<Given> changed = p.givens().stream()
                    .map(g -> g.distractor() ? new Given(g.name(), (g.value() + 1) % 10, true) : g).toList();
            assertEquals(p.answer(), new ArithmeticProblem(10, changed, p.steps()).answer());
        }
    }

    @Test
    void modulusControlsTheValueRange() {
        ArithmeticSuite big = new ArithmeticSuite(ArithmeticSuiteConfig.v0().withModulus(100).withTestSetSize(14));
        boolean twoDigits = false;
        for (long i = 0; i < 200; i++) {
            int a = Integer.parseInt(big.trainProblem(i).goldAnswer());
            assertTrue(a >= 0 && a < 100);
            twoDigits |= a >= 10;
        }
        assertTrue(twoDigits);
    }

    @Test
    void operationsKnobRestrictsOperations() {
        ArithmeticSuite addOnly = new ArithmeticSuite(ArithmeticSuiteConfig.v0().withOperations(Set.of(Operation.ADD)).withTestSetSize(7));
        for (long i = 0; i < 200; i++) {
            addOnly.parse(addOnly.trainProblem(i)).steps().forEach(st -> assertEquals(Operation.ADD, st.op()));
        }
        ArithmeticSuite mulOnly = new ArithmeticSuite(ArithmeticSuiteConfig.v0().withOperations(Set.of(Operation.MULTIPLY)).withTestSetSize(7));
        for (long i = 0; i < 200; i++) {
            assertNotEquals("0", mulOnly.trainProblem(i).goldAnswer());
        }
    }

    @Test
    void manyQuantitiesUseMultiLetterNamesThatRoundTrip() {
        ArithmeticSuite s = new ArithmeticSuite(new ArithmeticSuiteConfig(30, 40, 10, EnumSet.allOf(Operation.class), 5, 11, 3));
        Problem p = s.trainProblem(0, 40);
        assertTrue(p.text().contains("aa="), p.text());
        ArithmeticProblem parsed = s.parse(p);
        assertEquals(p.text(), parsed.prompt());
        assertEquals(p.referenceSolution(), parsed.referenceSolution());
        assertEquals(40, parsed.steps().size());
    }

    @Test
    void variableNamesAreBijectiveBase26() {
        assertEquals("a", VariableNames.name(0));
        assertEquals("z", VariableNames.name(25));
        assertEquals("aa", VariableNames.name(26));
        assertEquals("ab", VariableNames.name(27));
        assertEquals("zz", VariableNames.name(701));
        assertEquals("aaa", VariableNames.name(702));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String n = VariableNames.name(i);
            assertTrue(seen.add(n));
            assertEquals(i, VariableNames.index(n));
        }
        assertThrows(IllegalArgumentException.class, () -> VariableNames.index("a1"));
    }

    @Test
    void everyCharacterIsInTheAlphabet() {
        List<ArithmeticSuite> suites = List.of(DEFAULT,
                new ArithmeticSuite(new ArithmeticSuiteConfig(20, 40, 1000, EnumSet.allOf(Operation.class), 8, 21, 9)));
        for (ArithmeticSuite s : suites) {
            for (long i = 0; i < 100; i++) {
                Problem p = s.trainProblem(i);
                ArithmeticProblem ap = s.parse(p);
                StringBuilder all = new StringBuilder(p.text()).append('\n').append(p.referenceSolution());
                for (FlawedSolutions.Kind k : FlawedSolutions.Kind.values()) {
                    all.append('\n').append(FlawedSolutions.random(ap, k, new java.util.SplittableRandom(i)).solution());
                }
                all.chars().forEach(c -> assertTrue(ArithmeticSuite.ALPHABET.indexOf(c) >= 0,
                        "character '" + (char) c + "' not in ALPHABET"));
            }
        }
        // the alphabet is sorted and duplicate-free, so a tokenizer can index it directly
        String a = ArithmeticSuite.ALPHABET;
        for (int i = 1; i < a.length(); i++) {
            assertTrue(a.charAt(i - 1) < a.charAt(i));
        }
    }

    @Test
    void parseRejectsMalformedPromptsNamingThePart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArithmeticProblem.parse("a=1, b=2. c=a/b. What is c?", 10));
        assertTrue(e.getMessage().contains("c=a/b"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArithmeticProblem.parse("hello", 10));
    }
}
