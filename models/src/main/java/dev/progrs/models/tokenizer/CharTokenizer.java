package dev.progrs.models.tokenizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Character-level tokenizer over a fixed alphabet.
 *
 * <p>Ids: {@code PAD = 0}, {@code BOS = 1}, {@code EOS = 2}, {@code UNK = 3}, then one id per
 * alphabet character in the order given ({@code id(alphabet[i]) = 4 + i}). The vocabulary size is
 * {@code 4 + alphabet.length()}.
 *
 * <p>Unknown characters: {@link UnknownCharacters#REFUSE} (the default) throws an
 * {@link IllegalArgumentException} naming the character, its code point and its position. A
 * silently replaced character could be a digit or an operator of the problem, and the policy never
 * sees {@code UNK} in training, so refusing is the safer default. {@link UnknownCharacters#MAP_TO_UNK}
 * is available for free-text prompts where a lossy encoding is acceptable.
 *
 * <p>The {@link #version()} string ({@code char-v1-} + 16 hex digits of SHA-256 over the special
 * tokens and the alphabet) goes into every checkpoint manifest; a checkpoint trained with another
 * vocabulary is refused on load.
 */
public final class CharTokenizer {

    /** What {@link #encode(String)} does with a character outside the alphabet. */
    public enum UnknownCharacters { REFUSE, MAP_TO_UNK }

    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    public static final int UNK = 3;
    private static final int FIRST_CHAR_ID = 4;
    private static final String[] SPECIAL_NAMES = {"<pad>", "<bos>", "<eos>", "<unk>"};

    private final String alphabet;
    private final Map<Character, Integer> ids = new HashMap<>();
    private final UnknownCharacters unknownCharacters;
    private final String version;

    /**
     * @param alphabet every character the tokenizer accepts, each once (order fixes the ids)
     * @param unknownCharacters what to do with a character outside the alphabet
     */
    public CharTokenizer(String alphabet, UnknownCharacters unknownCharacters) {
        Objects.requireNonNull(alphabet, "alphabet");
        this.unknownCharacters = Objects.requireNonNull(unknownCharacters, "unknownCharacters");
        if (alphabet.isEmpty()) {
            throw new IllegalArgumentException("tokenizer alphabet is empty; give at least one character");
        }
        for (int i = 0; i < alphabet.length(); i++) {
            char c = alphabet.charAt(i);
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("tokenizer alphabet holds a surrogate char at index " + i
                        + "; only characters of the Basic Multilingual Plane are accepted");
            }
            Integer previous = ids.put(c, FIRST_CHAR_ID + i);
            if (previous != null) {
                throw new IllegalArgumentException("tokenizer alphabet holds " + describe(c) + " twice (index "
                        + (previous - FIRST_CHAR_ID) + " and " + i + "); each character must appear once");
            }
        }
        this.alphabet = alphabet;
        this.version = "char-v1-" + sha256Hex(String.join(",", SPECIAL_NAMES) + "|" + alphabet).substring(0, 16);
    }

    /** A tokenizer that refuses characters outside {@code alphabet}. */
    public CharTokenizer(String alphabet) {
        this(alphabet, UnknownCharacters.REFUSE);
    }

    /** The same vocabulary with another unknown-character policy (the version is unchanged). */
    public CharTokenizer withUnknownCharacters(UnknownCharacters policy) {
        return new CharTokenizer(alphabet, policy);
    }

    /** Token ids of {@code text}, without BOS/EOS. */
    public int[] encode(String text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            Integer id = ids.get(c);
            if (id == null) {
                if (unknownCharacters == UnknownCharacters.REFUSE) {
                    throw new IllegalArgumentException("tokenizer " + version + " cannot encode " + describe(c)
                            + " at position " + i + " of \"" + abbreviate(text) + "\"; accepted characters: \""
                            + printable(alphabet) + "\"");
                }
                id = UNK;
            }
            out[i] = id;
        }
        return out;
    }

    /**
     * Text of {@code tokens}: stops at the first EOS, skips PAD and BOS, writes UNK as U+FFFD.
     */
    public String decode(int[] tokens) {
        return decode(tokens, 0, tokens.length);
    }

    /** Text of {@code tokens[from, to)}, with the rules of {@link #decode(int[])}. */
    public String decode(int[] tokens, int from, int to) {
        StringBuilder sb = new StringBuilder(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            int id = tokens[i];
            if (id == EOS) {
                break;
            }
            if (id == PAD || id == BOS) {
                continue;
            }
            if (id == UNK) {
                sb.append('\uFFFD');
            } else if (id >= FIRST_CHAR_ID && id < vocabSize()) {
                sb.append(alphabet.charAt(id - FIRST_CHAR_ID));
            } else {
                throw new IllegalArgumentException("token id " + id + " at index " + i
                        + " is outside the vocabulary [0, " + vocabSize() + ") of tokenizer " + version);
            }
        }
        return sb.toString();
    }

    /** Id of one alphabet character; throws naming the character if it is not in the alphabet. */
    public int id(char c) {
        Integer id = ids.get(c);
        if (id == null) {
            throw new IllegalArgumentException(describe(c) + " is not in the alphabet of tokenizer " + version);
        }
        return id;
    }

    public int vocabSize() {
        return FIRST_CHAR_ID + alphabet.length();
    }

    public String alphabet() {
        return alphabet;
    }

    public UnknownCharacters unknownCharacters() {
        return unknownCharacters;
    }

    /** Version tag recorded in checkpoints: {@code char-v1-<16 hex of sha256(specials|alphabet)>}. */
    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return "CharTokenizer[" + version + ", vocab " + vocabSize() + "]";
    }

    private static String describe(char c) {
        return "character '" + printable(String.valueOf(c)) + "' (U+" + String.format("%04X", (int) c) + ")";
    }

    private static String printable(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }

    private static String abbreviate(String text) {
        String p = printable(text);
        return p.length() <= 60 ? p : p.substring(0, 57) + "...";
    }

    private static String sha256Hex(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
