package dev.progrs.tasks.verify;

/**
 * One verifier for all test classes of the module (surefire reuses the JVM), so Symja warms once.
 * Its symbolic timeout and its budget are 10 s rather than 2 s and 200 ms so that equal-expression
 * cases do not flake on a loaded machine; the timeout is tested in {@code VerifierTest} with 300 ms,
 * the budget in {@code VerifierBudgetTest}.
 */
public final class SharedVerifier {

    private static Verifier instance;

    private SharedVerifier() {
    }

    public static synchronized Verifier get() {
        if (instance == null) {
            instance = new Verifier(new EquivalenceConfig(java.time.Duration.ofSeconds(10), 5, 42L, java.time.Duration.ofSeconds(10)));
        }
        return instance;
    }
}
