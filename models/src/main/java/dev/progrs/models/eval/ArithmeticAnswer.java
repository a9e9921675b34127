package dev.progrs.models.eval;

/**
 * The final answer of a solution in the suite's format: the text after the last
 * {@code "Answer:"}, up to the end of its line, trimmed; {@code null} when there is none.
 */
public final class ArithmeticAnswer {

    private static final String MARK = "Answer:";

    private ArithmeticAnswer() {
    }

    public static String extract(String solution) {
        int i = solution.lastIndexOf(MARK);
        if (i < 0) {
            return null;
        }
        int end = solution.indexOf('\n', i);
        String a = solution.substring(i + MARK.length(), end < 0 ? solution.length() : end).trim();
        return a.isEmpty() ? null : a;
    }

    public static boolean correct(String solution, String gold) {
        String a = extract(solution);
        return a != null && a.equals(gold.trim());
    }
}
