package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.verify.ExactNumber;
import dev.progrs.tasks.verify.LatexNormalizer;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a wrong answer from a gold answer: a number plus one; otherwise the last integer literal
 * plus one ({@code \frac{14}{3} → \frac{14}{4}}, {@code 3\sqrt{13} → 3\sqrt{14}}, {@code (3,4] → (3,5]});
 * a choice letter gets the next letter ({@code \text{(C)} → \text{(D)}}); a word answer gets another
 * word; an expression without digits gets {@code +1}.
 */
final class GoldPerturbation {

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern CHOICE = Pattern.compile("^\\\\text\\{\\(?([A-Z])\\)?\\}$");

    private GoldPerturbation() {
    }

    static String perturb(String gold) {
        Matcher choice = CHOICE.matcher(gold.strip());
        if (choice.matches()) {
            char letter = choice.group(1).charAt(0);
            return "\\text{(" + (char) (letter == 'Z' ? 'A' : letter + 1) + ")}";
        }
        String n = LatexNormalizer.normalize(gold);
        Optional<ExactNumber> num = ExactNumber.parse(n);
        if (num.isPresent()) {
            ExactNumber e = num.get();
            return e.denominator().equals(BigInteger.ONE)
                    ? e.numerator().add(BigInteger.ONE).toString()
                    : "\\frac{" + e.numerator().add(e.denominator()) + "}{" + e.denominator() + "}";
        }
        if (LatexNormalizer.isWord(n)) {
            return "\\text{" + n + "s}";
        }
        Matcher m = DIGITS.matcher(gold);
        int start = -1;
        int end = -1;
        while (m.find()) {
            start = m.start();
            end = m.end();
        }
        if (start >= 0) {
            return gold.substring(0, start) + new BigInteger(gold.substring(start, end)).add(BigInteger.ONE) + gold.substring(end);
        }
        return gold + "+1";
    }
}
