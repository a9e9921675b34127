package dev.progrs.tasks.arithmetic;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One binary operation of the arithmetic suite, evaluated modulo {@code m}:
 * {@code apply(a, b, m) = floorMod(a ∘ b, m)}, a value in {@code [0, m)}.
 */
public enum Operation {
    ADD('+') {
        @Override long raw(long a, long b) { return a + b; }
    },
    SUBTRACT('-') {
        @Override long raw(long a, long b) { return a - b; }
    },
    MULTIPLY('*') {
        @Override long raw(long a, long b) { return a * b; }
    };

    private final char symbol;

    Operation(char symbol) {
        this.symbol = symbol;
    }

    abstract long raw(long a, long b);

    /** The character written in problems and solutions. */
    public char symbol() {
        return symbol;
    }

    /** {@code floorMod(a ∘ b, modulus)}; operands are expected in {@code [0, modulus)}. */
    public int apply(int a, int b, int modulus) {
        return (int) Math.floorMod(raw(a, b), (long) modulus);
    }

    /** The operation written as {@code symbol}. */
    public static Operation ofSymbol(char symbol) {
        for (Operation op : values()) {
            if (op.symbol == symbol) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation symbol '" + symbol + "'; accepted: "
                + Arrays.stream(values()).map(o -> String.valueOf(o.symbol)).collect(Collectors.joining(" ")));
    }

    /** Parses a name such as {@code add}, {@code MULTIPLY} or a symbol {@code +}. */
    public static Operation parse(String text) {
        String t = text.trim();
        if (t.length() == 1 && !Character.isLetter(t.charAt(0))) {
            return ofSymbol(t.charAt(0));
        }
        for (Operation op : values()) {
            if (op.name().equalsIgnoreCase(t)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + text + "'; accepted: "
                + Arrays.stream(values()).map(o -> o.name().toLowerCase() + " (" + o.symbol + ")")
                .collect(Collectors.joining(", ")));
    }
}
