package dev.progrs.tasks.arithmetic;

/**
 * Names of quantities: {@code a..z} for the first 26, then bijective base-26 like spreadsheet
 * columns ({@code aa, ab, ..., az, ba, ..., zz, aaa, ...}). Names only ever contain {@code a-z},
 * so the suite's alphabet does not grow with the number of quantities, and since a name is always
 * delimited by {@code = + - * , .} or a space, multi-letter names parse unambiguously.
 */
public final class VariableNames {

    private VariableNames() {
    }

    /** The name of the {@code index}-th quantity (0-based). */
    public static String name(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("variable index must be >= 0, got " + index);
        }
        StringBuilder sb = new StringBuilder();
        int n = index + 1;
        while (n > 0) {
            n--;
            sb.append((char) ('a' + n % 26));
            n /= 26;
        }
        return sb.reverse().toString();
    }

    /** Inverse of {@link #name(int)}. */
    public static int index(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("variable name must be non-empty letters a-z, got '" + name + "'");
        }
        long n = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 'a' || c > 'z') {
                throw new IllegalArgumentException("variable name must be letters a-z, got '" + name + "'");
            }
            n = n * 26 + (c - 'a' + 1);
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("variable name too long: '" + name + "'");
            }
        }
        return (int) (n - 1);
    }
}
