package dev.progrs.tasks.verify;

/** One verifier for all test classes of the module (surefire reuses the JVM), so Symja warms once. */
public final class SharedVerifier {

    private static Verifier instance;

    private SharedVerifier() {
    }

    public static synchronized Verifier get() {
        if (instance == null) {
            instance = new Verifier();
        }
        return instance;
    }
}
