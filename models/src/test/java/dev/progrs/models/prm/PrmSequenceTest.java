package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.progrs.models.tokenizer.CharTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrmSequenceTest {

    private static final CharTokenizer TOK = TinyPrms.TOKENIZER;
    private static final int NL = TOK.id('\n');

    @Test
    void everyNewlineEndsAStepAndTheFinalLineEndsAtItsLastToken() {
        int[] response = TOK.encode("d=1\ne=2\nAnswer: 2");
        // "d=1" newline at 3, "e=2" newline at 7, "Answer: 2" last token at 16
        assertArrayEquals(new int[] {3, 7, 16}, PrmSequence.boundariesOf(response, NL));
        assertArrayEquals(new int[] {3}, PrmSequence.boundariesOf(TOK.encode("d=1\n\n"), NL));
    }

    @Test
    void stepEndsBeforeOrAfterTheNewlineReadTheSamePosition() {
        int[] response = TOK.encode("d=1\ne=2\nAnswer: 2");
        assertArrayEquals(new int[] {3, 7, 16}, PrmSequence.boundariesFromEnds(response, new int[] {3, 7, 17}, NL));
        assertArrayEquals(new int[] {3, 7, 16}, PrmSequence.boundariesFromEnds(response, new int[] {4, 8, 17}, NL));
    }

    @Test
    void tokensAndTextGiveTheSameSequence() {
        String prompt = "a=1. b=a+1. What is b?";
        int[] promptIds = dev.progrs.models.policy.PromptFormat.promptIds(TOK, prompt);
        int[] response = dev.progrs.models.policy.PromptFormat.completionIds(TOK, "b=1+1=2\nAnswer: 2");
        PrmSequence fromTokens = PrmSequence.of(promptIds, response, new int[0], NL);
        PrmSequence fromText = PrmSequence.ofText(TOK, prompt, List.of("b=1+1=2", "Answer: 2"));
        assertArrayEquals(fromText.tokenIds(), fromTokens.tokenIds());
        assertArrayEquals(fromText.boundaries(), fromTokens.boundaries());
    }

    @Test
    void boundariesMustIncreaseAndStayInside() {
        assertThrows(IllegalArgumentException.class, () -> new PrmSequence(new int[] {1, 5, 6}, new int[] {2, 2}));
        assertThrows(IllegalArgumentException.class, () -> new PrmSequence(new int[] {1, 5, 6}, new int[] {3}));
    }
}
