package dev.progrs.tasks.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Equivalence of the forms unboxed answers take: relations, percentages, separators, rounded decimals,
 * wrapped matrices, computations left unsimplified. '|' separates gold and prediction.
 */
class RawAnswerEquivalenceTest {

    private static final AnswerEquivalence EQ = SharedVerifier.get().equivalence();

    private static void check(String gold, String pred, boolean expected) {
        AnswerEquivalence.Result r = EQ.compare(gold, pred);
        assertEquals(expected, r.equal(), "gold '" + gold + "' vs pred '" + pred + "': " + r.reason());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            x \\leq 5 | 5 \\geq x
            x < 1 | -x > -1
            x >= 5 | x \\geq 5
            x \\neq 3 | x != 3
            2x+4y-3=0 | y=-\\frac{1}{2}x+\\frac{3}{4}
            x^2/4 + y^2/3 = 1 | x^2/16 + y^2/12 = 1/4
            x = 11 | x = 5+5+1 = 7 = 11
            1/3 | x=1/3\\approx1.3
            11 | x\\approx11
            "|AB|=1" | 1
            (p,q)=(3,2) | (3,2)
            D = (0, 1) | D = (0, 1)
            -2 \\le x \\le 7 | [-2,7]
            x > 5 | (5, \\infty)
            """)
    void relationsUpToRearrangement(String gold, String pred) {
        check(gold, pred, true);
    }

    @ParameterizedTest(name = "{0} ≠ {1}")
    @CsvSource(delimiter = '|', textBlock = """
            x > 5 | x < 5
            x \\geq 5 | x \\leq 5
            x < 1 | x > -1
            7 = 11a+c | 11a+c
            a +3z = 0 | 0
            D = (0, 1) | D = (0, 1.5)
            x \\in [-2,7] | -2 \\le x \\le 7
            12:00 | 1:00
            """)
    void relationsThatDiffer(String gold, String pred) {
        check(gold, pred, false);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            10\\% | 0.1
            0.1 | 10%
            12.5% | \\frac{1}{8}
            28\\% | 28 pct
            1000 | 1 000
            "1000" | "1,000"
            1000.99 | 1000,99
            2.74 | 2,74
            0.111 | "0,111"
            \\frac{1}{12} | 0.0833333333333333
            \\frac{8}{3} | 2.6667
            0.29 | 0.290243531202435
            10 | 9+1
            4.123105625617661 | \\sqrt{17}
            \\frac{1}{2} + \\frac{1}{72} | \\\\dfrac{1}{2} +\\frac{1}{72}
            """)
    void numbersInTheirWrittenForms(String gold, String pred) {
        check(gold, pred, true);
    }

    @ParameterizedTest(name = "{0} ≠ {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            0.1 | 10
            10 | 0.1
            33.3 | \\frac{100}{3}
            2.5 | 2.54
            3 | 3.0004
            32349 | "32, 349"
            "1,2" | 1.2
            2 | \\sqrt{4}
            """)
    void numbersThatDiffer(String gold, String pred) {
        check(gold, pred, false);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            (\\begin{pmatrix}-\\frac{7}{4}&-2\\\\4&\\frac{1}{4}\\\\\\end{pmatrix}) | \\begin{pmatrix}-\\frac{7}{4}&-2\\\\4&\\frac{1}{4}\\end{pmatrix}
            \\begin{pmatrix}1 & 2 \\\\3 & 4\\end{pmatrix} | \\left[\\begin{array}{cc}1 & 2 \\\\3 & 4\\end{array}\\right]
            "-12;-11;-10" | "\\{-12, -11, -10\\}"
            "\\pm 2021" | "{-2021, 2021}"
            "19, 46, and 82" | "19, 46, \\text{ and } 82"
            "x = -5,\\ p = \\frac{14}{3}" | "-5, \\frac{14}{3}"
            "(3,17,3,7), (1,2)" | "(1, 2), (3,17,3,7), (3, 17, 3, 7)"
            """)
    void structuresInTheirWrittenForms(String gold, String pred) {
        check(gold, pred, true);
    }
}
