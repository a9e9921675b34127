package dev.progrs.tasks.verify;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a decimal literal counts as the value of an exact number it is not equal to. Two rules, both
 * in exact arithmetic:
 * <ol>
 *   <li><b>a decimal for a fraction that has no finite decimal</b>: one side is a decimal literal
 *       {@code d}, the other a rational {@code q} whose reduced denominator has a prime factor other
 *       than 2 and 5; equal when {@code |d − q| ≤ 10⁻⁴ · max(|d|, |q|)} — four significant digits,
 *       the tolerance the symbolic comparison allows rounded answers ({@code 0.0833333} = 1/12,
 *       {@code 2.6667} = 8/3, but {@code 0.33} ≠ 1/3);</li>
 *   <li><b>a gold stated to k decimal places</b> (k ≥ 1) and a predicted decimal carrying at least
 *       {@code k + 3} places (a computed value such as {@code 0.290243531202435}): equal when the
 *       prediction rounded half-up to k places is the gold ({@code 0.29}). An integer gold states no
 *       precision and is never matched by rounding; a prediction with fewer extra places
 *       ({@code 2.54} for {@code 2.5}) is a different answer.</li>
 * </ol>
 */
final class DecimalApproximation {

    private static final Pattern DECIMAL = Pattern.compile("^[+-]?\\d*\\.(\\d+)$");
    private static final BigInteger TWO = BigInteger.TWO;
    private static final BigInteger FIVE = BigInteger.valueOf(5);
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private DecimalApproximation() {
    }

    /** How {@code pred} approximates {@code gold} by a rule above, or {@code null} when neither applies. */
    static String explain(String goldText, ExactNumber gold, String predText, ExactNumber pred) {
        Matcher gm = DECIMAL.matcher(goldText.replace(" ", ""));
        Matcher pm = DECIMAL.matcher(predText.replace(" ", ""));
        boolean gd = gm.matches();
        boolean pd = pm.matches();
        if (gd != pd && !terminates(gd ? pred : gold) && withinFourDigits(gold, pred)) {
            return (pd ? predText : goldText) + " is " + (pd ? gold : pred) + " to 4 significant digits";
        }
        if (gd && pd && pm.group(1).length() >= gm.group(1).length() + 3) {
            int k = gm.group(1).length();
            BigDecimal rounded = new BigDecimal(predText.replace(" ", "")).setScale(k, RoundingMode.HALF_UP);
            if (rounded.compareTo(new BigDecimal(goldText.replace(" ", ""))) == 0) {
                return predText + " rounds to the gold's " + k + " places: " + rounded.toPlainString();
            }
        }
        return null;
    }

    /** Whether the reduced fraction has a finite decimal expansion (denominator 2^a·5^b). */
    private static boolean terminates(ExactNumber q) {
        BigInteger d = q.denominator();
        while (d.mod(TWO).signum() == 0) {
            d = d.divide(TWO);
        }
        while (d.mod(FIVE).signum() == 0) {
            d = d.divide(FIVE);
        }
        return d.equals(BigInteger.ONE);
    }

    /** {@code |a − b| · 10⁴ ≤ max(|a|, |b|)}, exactly: {@code |a_n b_d − b_n a_d| · 10⁴ ≤ max(|a_n| b_d, |b_n| a_d)}. */
    private static boolean withinFourDigits(ExactNumber a, ExactNumber b) {
        BigInteger an = a.numerator().multiply(b.denominator());
        BigInteger bn = b.numerator().multiply(a.denominator());
        BigInteger diff = an.subtract(bn).abs().multiply(TEN_THOUSAND);
        return diff.compareTo(an.abs().max(bn.abs())) <= 0;
    }
}
