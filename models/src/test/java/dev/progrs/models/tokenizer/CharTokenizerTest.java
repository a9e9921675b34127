package dev.progrs.models.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import org.junit.jupiter.api.Test;

class CharTokenizerTest {

    private final CharTokenizer tok = new CharTokenizer(ArithmeticSuite.ALPHABET);

    @Test
    void encodeDecodeRoundTripsSuiteText() {
        String text = "a=8, b=1. c=a*b. What is c?\nc=8*1=8\nAnswer: 8";
        assertEquals(text, tok.decode(tok.encode(text)));
    }

    @Test
    void specialsHaveFixedIdsAndCharactersFollowInAlphabetOrder() {
        assertEquals(0, CharTokenizer.PAD);
        assertEquals(4, tok.id('\n'));
        assertEquals(4 + ArithmeticSuite.ALPHABET.length() - 1, tok.id('z'));
        assertEquals(4 + ArithmeticSuite.ALPHABET.length(), tok.vocabSize());
    }

    @Test
    void decodeStopsAtEosAndSkipsPadAndBos() {
        int[] ids = {CharTokenizer.BOS, tok.id('a'), CharTokenizer.PAD, tok.id('b'), CharTokenizer.EOS, tok.id('c')};
        assertEquals("ab", tok.decode(ids));
    }

    @Test
    void unknownCharacterIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tok.encode("a=7%3"));
        assertTrue(e.getMessage().contains("'%'"), e.getMessage());
        assertTrue(e.getMessage().contains("U+0025"), e.getMessage());
        assertTrue(e.getMessage().contains("position 3"), e.getMessage());
    }

    @Test
    void unknownCharacterMapsToUnkWhenAsked() {
        CharTokenizer lenient = tok.withUnknownCharacters(CharTokenizer.UnknownCharacters.MAP_TO_UNK);
        assertArrayEquals(new int[] {tok.id('a'), CharTokenizer.UNK}, lenient.encode("a%"));
        assertEquals(tok.version(), lenient.version());
    }

    @Test
    void versionDependsOnTheAlphabet() {
        assertTrue(tok.version().startsWith("char-v1-"));
        assertEquals(tok.version(), new CharTokenizer(ArithmeticSuite.ALPHABET).version());
        assertNotEquals(tok.version(), new CharTokenizer(ArithmeticSuite.ALPHABET + "#").version());
    }

    @Test
    void duplicateAlphabetCharacterIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CharTokenizer("abca"));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }
}
