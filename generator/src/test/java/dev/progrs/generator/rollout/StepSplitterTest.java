package dev.progrs.generator.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSplitterTest {

    private static final CharTokenizer TOKENIZER = new CharTokenizer(ArithmeticSuite.ALPHABET);
    private final StepSplitter splitter = new StepSplitter(TOKENIZER);

    private static int[] withEos(String text) {
        int[] body = TOKENIZER.encode(text);
        int[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = CharTokenizer.EOS;
        return out;
    }

    @Test
    void eachLineIsAStepEndingAfterItsNewlineAndTheAnswerLineEndsBeforeEos() {
        // "d=8-1=7\n" is 8 tokens, "e=7-8=9\n" 8 more, "Answer: 9" 9 more, then EOS.
        StepSplitter.Split s = splitter.split(withEos("d=8-1=7\ne=7-8=9\nAnswer: 9"));
        assertEquals(List.of("d=8-1=7", "e=7-8=9", "Answer: 9"), s.steps());
        assertArrayEquals(new int[] {8, 16, 25}, s.tokenEnds());
    }

    @Test
    void blankLinesAreNotStepsAndATrailingNewlineEndsTheLastStep() {
        StepSplitter.Split s = splitter.split(withEos("\na=1\n\n  \nAnswer: 1\n"));
        assertEquals(List.of("a=1", "Answer: 1"), s.steps());
        // "\n" 1, "a=1\n" ends at 5, "\n" 6, "  \n" 9, "Answer: 1\n" ends at 19
        assertArrayEquals(new int[] {5, 19}, s.tokenEnds());
    }

    @Test
    void tokensAfterTheFirstEosAreIgnoredAndATruncatedResponseKeepsItsLastLine() {
        int[] ids = withEos("a=1\nb=2");
        int[] padded = java.util.Arrays.copyOf(ids, ids.length + 3);
        padded[ids.length] = TOKENIZER.id('x');
        assertEquals(List.of("a=1", "b=2"), splitter.split(padded).steps());
        StepSplitter.Split truncated = splitter.split(TOKENIZER.encode("a=1\nb=2"));
        assertEquals(List.of("a=1", "b=2"), truncated.steps());
        assertArrayEquals(new int[] {4, 7}, truncated.tokenEnds());
    }

    @Test
    void anEmptyResponseHasNoSteps() {
        StepSplitter.Split s = splitter.split(new int[] {CharTokenizer.EOS});
        assertEquals(List.of(), s.steps());
        assertEquals(0, s.tokenEnds().length);
    }

    @Test
    void stepTextsRejoinToTheDecodedResponseWithoutBlankLines() {
        String text = "d=8-1=7\ne=7-8=9\nf=9-8=1\ng=1-8=3\nAnswer: 3";
        int[] ids = withEos(text);
        StepSplitter.Split s = splitter.split(ids);
        assertEquals(text, String.join("\n", s.steps()));
        for (int i = 0; i < s.steps().size(); i++) {
            int from = i == 0 ? 0 : s.tokenEnds()[i - 1];
            assertEquals(s.steps().get(i), TOKENIZER.decode(ids, from, s.tokenEnds()[i]).strip());
        }
    }
}
