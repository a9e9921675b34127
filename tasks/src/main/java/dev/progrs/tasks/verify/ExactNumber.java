package dev.progrs.tasks.verify;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rational literal read exactly from a normalised answer: {@code p / q} with {@code q > 0}.
 * Accepted forms (spaces ignored): integers and decimals ({@code 27}, {@code 27.0}, {@code .35},
 * {@code -3}, {@code 025}, {@code 4.5e33}), {@code a/b}, {@code \frac{a}{b}} with integer or decimal
 * parts, mixed numbers {@code 1\frac{4}{5}} (= 9/5), and {@code a\times10^{b}} / {@code a\cdot10^{b}}
 * / {@code 10^{b}}. Two literals are equal iff {@code p₁·q₂ = p₂·q₁}: no tolerance, no CAS.
 *
 * @param numerator   p
 * @param denominator q &gt; 0
 */
public record ExactNumber(BigInteger numerator, BigInteger denominator) {

    private static final String DEC = "(\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE]([+-]?\\d{1,4}))?";
    private static final Pattern DECIMAL = Pattern.compile("^([+-]?)" + DEC + "$");
    private static final Pattern SLASH = Pattern.compile("^([+-]?)(\\d+(?:\\.\\d+)?)/(\\d+(?:\\.\\d+)?)$");
    private static final Pattern FRAC = Pattern.compile("^([+-]?)(\\d+)?\\\\frac\\{([+-]?)(\\d+(?:\\.\\d+)?)\\}\\{([+-]?)(\\d+(?:\\.\\d+)?)\\}$");
    private static final Pattern SCIENTIFIC = Pattern.compile("^([+-]?)(?:(\\d+(?:\\.\\d+)?)(?:\\\\times|\\\\cdot|\\*|x))?10\\^\\{?([+-]?\\d{1,4})\\}?$");

    /** Parses {@code s} (already normalised), or empty when it is not a rational literal. */
    public static Optional<ExactNumber> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.replace(" ", "");
        if (t.isEmpty() || t.length() > 400) {
            return Optional.empty();
        }
        char c0 = t.charAt(0);
        if (!(Character.isDigit(c0) || c0 == '-' || c0 == '+' || c0 == '.' || c0 == '\\')) {
            return Optional.empty();
        }
        try {
            Matcher m = DECIMAL.matcher(t);
            if (m.matches()) {
                BigDecimal d = new BigDecimal(m.group(2).startsWith(".") ? "0" + m.group(2) : m.group(2));
                if (m.group(3) != null) {
                    d = d.scaleByPowerOfTen(Integer.parseInt(m.group(3)));
                }
                return Optional.of(of(d, BigDecimal.ONE, "-".equals(m.group(1))));
            }
            m = SLASH.matcher(t);
            if (m.matches()) {
                return Optional.ofNullable(ofChecked(new BigDecimal(m.group(2)), new BigDecimal(m.group(3)), "-".equals(m.group(1))));
            }
            m = FRAC.matcher(t);
            if (m.matches()) {
                boolean neg = "-".equals(m.group(1)) ^ "-".equals(m.group(3)) ^ "-".equals(m.group(5));
                ExactNumber frac = ofChecked(new BigDecimal(m.group(4)), new BigDecimal(m.group(6)), false);
                if (frac == null) {
                    return Optional.empty();
                }
                if (m.group(2) != null) {
                    if (m.group(3).equals("-") || m.group(5).equals("-")) {
                        return Optional.empty();
                    }
                    frac = frac.plus(new BigInteger(m.group(2)));
                }
                return Optional.of(neg ? frac.negate() : frac);
            }
            m = SCIENTIFIC.matcher(t);
            if (m.matches()) {
                BigDecimal mant = m.group(2) == null ? BigDecimal.ONE : new BigDecimal(m.group(2));
                BigDecimal d = mant.scaleByPowerOfTen(Integer.parseInt(m.group(3)));
                return Optional.of(of(d, BigDecimal.ONE, "-".equals(m.group(1))));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** True when {@code s} is a rational literal. */
    public static boolean isLiteral(String s) {
        return parse(s).isPresent();
    }

    /** Exact equality of values. */
    public boolean sameValue(ExactNumber o) {
        return numerator.multiply(o.denominator).equals(o.numerator.multiply(denominator));
    }

    public double toDouble() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), java.math.MathContext.DECIMAL64).doubleValue();
    }

    ExactNumber negate() {
        return new ExactNumber(numerator.negate(), denominator);
    }

    ExactNumber plus(BigInteger whole) {
        return new ExactNumber(numerator.add(whole.multiply(denominator)), denominator);
    }

    private static ExactNumber ofChecked(BigDecimal p, BigDecimal q, boolean negative) {
        return q.signum() == 0 ? null : of(p, q, negative);
    }

    private static ExactNumber of(BigDecimal p, BigDecimal q, boolean negative) {
        // p/q with decimals: scale both to integers
        int scale = Math.max(Math.max(p.scale(), q.scale()), 0);
        BigInteger pi = p.movePointRight(scale).toBigIntegerExact();
        BigInteger qi = q.movePointRight(scale).toBigIntegerExact();
        if (qi.signum() < 0) {
            pi = pi.negate();
            qi = qi.negate();
        }
        BigInteger g = pi.gcd(qi);
        if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
            pi = pi.divide(g);
            qi = qi.divide(g);
        }
        return new ExactNumber(negative ? pi.negate() : pi, qi);
    }

    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
    }
}
