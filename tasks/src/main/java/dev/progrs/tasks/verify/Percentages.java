package dev.progrs.tasks.verify;

import dev.progrs.tasks.verify.AnswerEquivalence.Result;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Percentages. The normaliser drops the percent sign, so {@code 10\%} already equals {@code 10} (the
 * MATH convention). This adds the other reading: when exactly one side is marked as a percentage
 * ({@code %}, {@code \%}, "percent", "pct", "percentage"), its number {@code p} also stands for the
 * fraction {@code p/100}, so {@code 10\%} equals {@code 0.1} and {@code 12.5%} equals {@code \frac18}.
 * A side without a mark is never scaled: {@code 10} and {@code 0.1} stay different.
 */
final class Percentages {

    private static final Pattern MARK = Pattern.compile("%|(?<![A-Za-z])(?:percent(?:age)?|pct)(?![A-Za-z])", Pattern.CASE_INSENSITIVE);
    private static final BigInteger HUNDRED = BigInteger.valueOf(100);

    private Percentages() {
    }

    /** Whether {@code raw} (before normalisation) is marked as a percentage. */
    static boolean marked(String raw) {
        return MARK.matcher(raw).find();
    }

    /**
     * The percentage reading of {@code gold} and {@code pred} (raw, then normalised), or {@code null}
     * when neither or both are marked or either is not a rational literal.
     */
    static Result compare(String rawGold, String rawPred, String gold, String pred) {
        boolean g = marked(rawGold);
        boolean p = marked(rawPred);
        if (g == p) {
            return null;
        }
        Optional<ExactNumber> ge = ExactNumber.parse(gold);
        Optional<ExactNumber> pe = ExactNumber.parse(pred);
        if (ge.isEmpty() || pe.isEmpty()) {
            return null;
        }
        ExactNumber percent = g ? ge.get() : pe.get();
        ExactNumber other = g ? pe.get() : ge.get();
        ExactNumber fraction = new ExactNumber(percent.numerator(), percent.denominator().multiply(HUNDRED));
        boolean eq = fraction.sameValue(other);
        return new Result(eq, "percentage: " + percent + "% = " + fraction + (eq ? " = " : " ≠ ") + other);
    }
}
