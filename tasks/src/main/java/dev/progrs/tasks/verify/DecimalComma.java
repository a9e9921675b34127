package dev.progrs.tasks.verify;

import dev.progrs.tasks.verify.AnswerEquivalence.Result;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A decimal comma ({@code 2,74} for 2.74, {@code 1000,99}, {@code 0,111}) read as such when the
 * other side is a single number. A comma is a decimal comma only where it cannot be a thousands
 * separator or a list: one comma, at least two digits after it, and not the grouping
 * {@code [1-9]\d{0,2},\d{3}} ({@code 1,000} stays one thousand, {@code 1,2} stays a list).
 */
final class DecimalComma {

    private static final Pattern CANDIDATE = Pattern.compile("^-?\\d+,\\d{2,}$");
    private static final Pattern THOUSANDS = Pattern.compile("^-?[1-9]\\d{0,2},\\d{3}$");

    private DecimalComma() {
    }

    /** The decimal-comma reading of two normalised answers, or {@code null} when it does not apply. */
    static Result compare(String gold, String pred) {
        String g = gold.replace(" ", "");
        String p = pred.replace(" ", "");
        String gd = asDecimal(g);
        String pd = asDecimal(p);
        if (gd == null && pd == null) {
            return null;
        }
        Optional<ExactNumber> ge = ExactNumber.parse(gd != null ? gd : g);
        Optional<ExactNumber> pe = ExactNumber.parse(pd != null ? pd : p);
        if (ge.isEmpty() || pe.isEmpty()) {
            return null;
        }
        boolean eq = ge.get().sameValue(pe.get());
        return new Result(eq, "decimal comma: " + pe.get() + (eq ? " = " : " ≠ ") + ge.get());
    }

    private static String asDecimal(String s) {
        return CANDIDATE.matcher(s).matches() && !THOUSANDS.matcher(s).matches() ? s.replace(',', '.') : null;
    }
}
