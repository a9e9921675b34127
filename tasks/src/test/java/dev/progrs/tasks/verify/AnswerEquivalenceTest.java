package dev.progrs.tasks.verify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand-written cases for every equivalence rule; '|' separates gold and prediction. */
class AnswerEquivalenceTest {

    private static final AnswerEquivalence EQ = SharedVerifier.get().equivalence();

    private static void check(String gold, String pred, boolean expected) {
        AnswerEquivalence.Result r = EQ.compare(gold, pred);
        assertEquals(expected, r.equal(), "gold '" + gold + "' vs pred '" + pred + "': " + r.reason());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            27 | 27
            27 | 27.0
            27.0 | 27
            025 | 25
            1000 | 1,000
            10,\\!080 | 10080
            11,\\! 111,\\! 111,\\! 100 | 11111111100
            0.50 | .5
            3.21 | 3.210
            -50 | -50.00
            4.5e33 | 4.5 \\times 10^{33}
            """)
    void integersAndDecimals(String gold, String pred) {
        check(gold, pred, true);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            \\frac12 | \\frac{1}{2}
            \\frac{1}{2} | \\dfrac{1}{2}
            \\frac{1}{2} | 1/2
            \\frac{1}{2} | 0.5
            0.5 | \\tfrac12
            \\frac43 | \\frac{4}{3}
            \\frac 59 | 5/9
            \\frac9{19} | \\frac{9}{19}
            -\\frac{35}{9} | \\frac{-35}{9}
            1\\frac{4}{5} | \\frac{9}{5}
            137 \\frac{1}{2} | 137.5
            \\dfrac{17}{50} | 0.34
            """)
    void fractions(String gold, String pred) {
        check(gold, pred, true);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            90^\\circ | 90
            90^\\circ | 90^{\\circ}
            30 | 30°
            \\$32,\\!348 | 32348
            \\$18.90 | 18.9
            62.5% | 62.5
            8 \\% | 8
            50 | 50 percent
            5.4 \\text{ cents} | 5.4
            864 \\mbox{ inches}^2 | 864
            15\\mbox{ cm}^2 | 15
            \\frac{270}7\\text{ degrees} | \\frac{270}{7}
            \\text{Evelyn} | Evelyn
            \\text{east} | East
            $\\frac{1}{2}$ | \\left(\\frac{1}{2}\\right)
            \\boxed{42} | 42
            42 | 42.
            """)
    void latexNoiseUnitsDegreesPercent(String gold, String pred) {
        check(gold, pred, true);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            3\\sqrt{13} | \\sqrt{117}
            11\\sqrt2 | 11\\sqrt{2}
            \\frac{\\sqrt{3}}{3} | \\frac{1}{\\sqrt{3}}
            2\\pi | 6.2832
            \\pi | 3.14159
            \\frac{\\pi}{2} | \\pi/2
            \\sqrt[3]{8} | 2
            x^2+2x+1 | (x+1)^2
            (a+5)(b+2) | ab+2a+5b+10
            2k+2 | 2(k+1)
            \\frac{n(n+1)}{2} | \\frac{n^2+n}{2}
            6 - 5i | 6-5i
            \\cot x | \\frac{\\cos x}{\\sin x}
            \\binom{6}{2} | 15
            """)
    void symbolicExpressions(String gold, String pred) {
        check(gold, pred, true);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            \\left( 3, \\frac{\\pi}{2} \\right) | (3, \\pi/2)
            (3,4] | (3, 4]
            (-\\infty, 0] | (-\\infty,0]
            [\\frac{1}{2}, 8] | [0.5, 8]
            (0,9) \\cup (9,36) | (0,9)\\cup(9,36)
            (0,9) \\cup (9,36) | (9,36) \\cup (0,9)
            \\{1,2\\} | \\{2,1\\}
            1,-2 | -2, 1
            3, 5, 7 | 7,5,3
            1 \\pm \\sqrt{19} | 1-\\sqrt{19}, 1+\\sqrt{19}
            \\{1\\pm\\sqrt{5},-2\\} | -2, 1+\\sqrt{5}, 1-\\sqrt{5}
            x \\in [-2,7] | [-2,7]
            \\begin{pmatrix} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{pmatrix} | \\begin{pmatrix} -\\frac{1}{3} \\\\ \\frac{2}{3} \\\\ \\frac{5}{3} \\end{pmatrix}
            """)
    void tuplesIntervalsSetsAndLists(String gold, String pred) {
        check(gold, pred, true);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            x=5 | 5
            5 | x = 5
            y = 2x + 3 | 2x+3
            y = -2x | y=-2x
            f(x)=2 x | 2x
            k=3 | 3
            5x - 7y + 11z + 4 = 0 | -5x + 7y - 11z - 4 = 0
            \\text{(C)} | C
            \\text{(C)} | (C)
            B | \\textbf{(B)}
            """)
    void equationsAndMultipleChoice(String gold, String pred) {
        check(gold, pred, true);
    }

    @ParameterizedTest(name = "{0} ≠ {1}")
    @CsvSource(delimiter = '|', textBlock = """
            [1,3] | (1,3)
            (1,3) | [1,3]
            (3,4] | (3,4)
            (1,2) | \\{1,2\\}
            10 | 100
            100 | 10
            1/2 | 2
            \\frac{1}{2} | \\frac{2}{1}
            \\frac{1}{3} | 0.33
            2\\pi | 6.28
            \\pi | 3.14
            27 | 28
            1,000 | 1
            0.5 | 5
            -3 | 3
            \\sqrt{2} | 2
            x^2+2x+1 | x^2+2x+2
            2k+2 | 2k
            p - q | q - p
            1,-2 | 1,2
            1,-2 | 1
            3, 5, 7 | 3, 5
            \\{1,2\\} | \\{1,2,3\\}
            \\text{(C)} | D
            \\text{Evelyn} | Navin
            \\text{even} | odd
            x=5 | x=6
            y = 2x + 3 | 2x+4
            5x - 7y + 11z + 4 = 0 | 5x - 7y + 11z = 0
            \\left( 3, \\frac{\\pi}{2} \\right) | (3, \\pi)
            \\begin{pmatrix} -2 \\\\ -14 \\\\ -7 \\end{pmatrix} | \\begin{pmatrix} -2 \\\\ -14 \\\\ 7 \\end{pmatrix}
            2 | \\sqrt{4}
            52_8 | 53_8
            6m | 6
            2 n | 2
            x^2 | x^3
            \\frac{1}{2} | \\frac{1}{2}x
            10 | 10,000
            (0,9) \\cup (9,36) | (0,36)
            \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix} | \\begin{pmatrix} 1 & 2 \\end{pmatrix}
            1 \\pm \\sqrt{19} | 1+\\sqrt{19}
            x \\in [-2,7] | (-2,7)
            """)
    void mustNotBeEqual(String gold, String pred) {
        check(gold, pred, false);
    }

    @ParameterizedTest(name = "garbage {1}")
    @CsvSource(delimiter = '|', textBlock = """
            \\frac{1}{2} | \\frac{
            x^2 | }}}{{{
            \\sqrt{2} | \\lfloor\\rfloor
            2\\pi | \\undefinedcommand{3}
            5 | ''
            """)
    void unparsablePredictionsAreIncorrectNotErrors(String gold, String pred) {
        check(gold, pred, false);
    }
}
