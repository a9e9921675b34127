package dev.progrs.tasks.verify;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multiple-choice letters. A gold answer is a choice when it is one capital letter A–E, bare or as
 * {@code (C)}, {@code \text{(C)}}, {@code \textbf{C}}. For such a gold the verifier looks for the
 * letter the output chose when the extracted answer is not itself a letter:
 * <ol>
 *   <li>an output that opens with a letter and {@code .}, {@code )} or {@code :} ("A. Because …");</li>
 *   <li>otherwise the last capital A–E standing alone (not part of a word, not a variable in a
 *       math span such as {@code $A$} next to other symbols), as in "Because B is valid".</li>
 * </ol>
 * Capitals only: "a" in prose is an article, not option A.
 */
final class ChoiceLetters {

    private static final Pattern GOLD = Pattern.compile("^\\(?([A-E])\\)?$");
    private static final Pattern OPENING = Pattern.compile("^\\s*\\(?([A-E])[.):]");
    private static final Pattern STANDALONE = Pattern.compile("(?<![A-Za-z\\\\])\\(?([A-E])\\)?(?![A-Za-z0-9_^{(])");

    private ChoiceLetters() {
    }

    /** The letter of a choice gold ({@code \text{(C)}} → {@code C}), or empty when the gold is not a choice. */
    static Optional<String> ofGold(String gold) {
        Matcher m = GOLD.matcher(LatexNormalizer.key(LatexNormalizer.normalize(gold)));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The letter {@code output} chose by the rules above, or empty. Linear: one regex pass without backtracking. */
    static Optional<String> chosen(String output) {
        Matcher o = OPENING.matcher(output);
        if (o.find()) {
            return Optional.of(o.group(1));
        }
        Matcher m = STANDALONE.matcher(output);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return Optional.ofNullable(last);
    }
}
