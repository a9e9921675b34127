package dev.progrs.tasks.verify;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Exact value of arithmetic on rational literals — {@code 9+1}, {@code (1/2)\cdot 4},
 * {@code \frac{3}{4}-\frac{1}{4}}, {@code 2^{10}} — so that a computation left unsimplified is
 * compared with a numeric gold without the CAS. Grammar (spaces ignored):
 * <pre>
 *   expr   := term (('+' | '-') term)*
 *   term   := power (('*' | '\cdot' | '\times' | '/') power)*
 *   power  := unary ('^' ('{' integer '}' | digit))?
 *   unary  := ('+' | '-') unary | number | '(' expr ')' | '{' expr '}' | '\frac{' expr '}{' expr '}'
 *   number := digits ('.' digits)?
 * </pre>
 * Anything else (a letter, {@code \sqrt}, a function) is not arithmetic: {@code \sqrt{4}} stays
 * unequal to 2, as the verifier wants of answers that are not simplified past a root. Exponents are
 * bounded by {@value #MAX_EXPONENT} and results by {@value #MAX_BITS} bits, so the cost stays small.
 */
final class ExactArithmetic {

    static final int MAX_EXPONENT = 64;
    static final int MAX_BITS = 4096;

    private final String s;
    private int i;

    private ExactArithmetic(String s) {
        this.s = s;
    }

    /** The value of {@code text} when it is such arithmetic, else empty. */
    static Optional<ExactNumber> evaluate(String text) {
        String t = text.replace(" ", "");
        if (t.isEmpty() || t.length() > 200) {
            return Optional.empty();
        }
        try {
            ExactArithmetic p = new ExactArithmetic(t);
            ExactNumber v = p.expr();
            return p.i == t.length() ? Optional.of(v) : Optional.empty();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private ExactNumber expr() {
        ExactNumber v = term();
        while (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            boolean minus = s.charAt(i++) == '-';
            ExactNumber w = term();
            v = add(v, minus ? w.negate() : w);
        }
        return v;
    }

    private ExactNumber term() {
        ExactNumber v = power();
        while (true) {
            if (eat("*") || eat("\\cdot") || eat("\\times")) {
                v = multiply(v, power());
            } else if (eat("/")) {
                v = divide(v, power());
            } else {
                return v;
            }
        }
    }

    private ExactNumber power() {
        ExactNumber base = unary();
        if (!eat("^")) {
            return base;
        }
        int e;
        if (eat("{")) {
            int from = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            e = parseExponent(s.substring(from, i));
            expect("}");
        } else {
            e = parseExponent(i < s.length() ? s.substring(i, ++i) : "");
        }
        return check(new ExactNumber(base.numerator().pow(e), base.denominator().pow(e)));
    }

    private ExactNumber unary() {
        if (eat("-")) {
            return unary().negate();
        }
        if (eat("+")) {
            return unary();
        }
        if (eat("(")) {
            ExactNumber v = expr();
            expect(")");
            return v;
        }
        if (eat("\\frac{")) {
            ExactNumber num = expr();
            expect("}");
            expect("{");
            ExactNumber den = expr();
            expect("}");
            return divide(num, den);
        }
        if (eat("{")) {
            ExactNumber v = expr();
            expect("}");
            return v;
        }
        int from = i;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        return ExactNumber.parse(s.substring(from, i)).orElseThrow(() -> new IllegalArgumentException("not a number at " + from));
    }

    private static int parseExponent(String digits) {
        if (digits.isEmpty() || digits.length() > 2 || Integer.parseInt(digits) > MAX_EXPONENT) {
            throw new IllegalArgumentException("exponent " + digits);
        }
        return Integer.parseInt(digits);
    }

    private boolean eat(String token) {
        if (s.startsWith(token, i) && !(token.startsWith("\\") && !token.endsWith("{") && i + token.length() < s.length()
                && Character.isLetter(s.charAt(i + token.length())))) {
            i += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!eat(token)) {
            throw new IllegalArgumentException("expected " + token + " at " + i);
        }
    }

    private static ExactNumber add(ExactNumber a, ExactNumber b) {
        return reduce(a.numerator().multiply(b.denominator()).add(b.numerator().multiply(a.denominator())), a.denominator().multiply(b.denominator()));
    }

    private static ExactNumber multiply(ExactNumber a, ExactNumber b) {
        return reduce(a.numerator().multiply(b.numerator()), a.denominator().multiply(b.denominator()));
    }

    private static ExactNumber divide(ExactNumber a, ExactNumber b) {
        if (b.numerator().signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return reduce(a.numerator().multiply(b.denominator()), a.denominator().multiply(b.numerator()));
    }

    private static ExactNumber reduce(BigInteger p, BigInteger q) {
        if (q.signum() < 0) {
            p = p.negate();
            q = q.negate();
        }
        BigInteger g = p.gcd(q);
        return check(g.signum() == 0 || g.equals(BigInteger.ONE) ? new ExactNumber(p, q) : new ExactNumber(p.divide(g), q.divide(g)));
    }

    private static ExactNumber check(ExactNumber v) {
        if (v.numerator().bitLength() > MAX_BITS || v.denominator().bitLength() > MAX_BITS) {
            throw new ArithmeticException("value too large");
        }
        return v;
    }
}
