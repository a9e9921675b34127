package dev.progrs.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad setting is refused with exit code 2 and a message naming the value and what is accepted, before the
 * command touches a model, a broker or a directory: no directory appears, no thread is left behind, and the
 * cluster address given (a port nothing listens on) is never dialled, so the answer comes at once.
 */
class SettingsValidatedFirstTest {

    private static final long LIMIT_MILLIS = 3_000;

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    }

    private static void refusedAtOnce(Path touched, String expectedValue, String expectedAccepted, String... args) {
        Set<String> before = threadNames();
        long t0 = System.nanoTime();
        CommandRun r = CommandRun.of(args);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2, r.code(), r.err());
        assertTrue(millis < LIMIT_MILLIS, "refused after " + millis + " ms");
        assertTrue(r.err().contains(expectedValue), r.err());
        assertTrue(r.err().contains(expectedAccepted), r.err());
        assertFalse(Files.exists(touched), touched + " was created before the setting was checked");
        Set<String> started = threadNames();
        started.removeAll(before);
        assertTrue(started.isEmpty(), "threads started: " + started);
    }

    @Test
    void runRefusesANegativeLambdaBeforeAnythingStarts(@TempDir Path dir) {
        Path data = dir.resolve("data");
        refusedAtOnce(data, "'-1'", "a finite number >= 0", "run", "--lambda", "-1", "--data-dir", data.toString(),
                "--bootstrap-servers", "127.0.0.1:1", "--warm-policy", dir.resolve("no-policy").toString());
    }

    @Test
    void runRefusesEveryKindOfBadSettingTheSameWay(@TempDir Path dir) {
        Path data = dir.resolve("data");
        String[] common = {"--data-dir", data.toString(), "--bootstrap-servers", "127.0.0.1:1", "--warm-policy",
                dir.resolve("no-policy").toString()};
        refusedAtOnce(data, "'foo'", "incorrect", concat(new String[] {"run", "--centering", "foo"}, common));
        refusedAtOnce(data, "0.5", "c > 1", concat(new String[] {"run", "--dual-clip", "0.5"}, common));
        refusedAtOnce(data, "Invalid value '1' for configuration '--group-size'", "an integer >= 2",
                concat(new String[] {"run", "--group-size", "1"}, common));
        refusedAtOnce(data, "-0.001", "> 0", concat(new String[] {"run", "--lr", "-0.001"}, common));
        refusedAtOnce(data, "'sometimes'", "on, off", concat(new String[] {"run", "--dominance-guard", "sometimes"}, common));
    }

    @Test
    void centeringRefusesAnUnknownModeBeforeAnythingStarts(@TempDir Path dir) {
        Path state = dir.resolve("streams");
        refusedAtOnce(state, "'foo'", "incorrect, both, group, none", "centering", "--centering", "foo",
                "--bootstrap-servers", "127.0.0.1:1", "--state-dir", state.toString(), "--run-for", "1");
    }

    @Test
    void learnerRefusesABadDualClipBeforeAnythingStarts(@TempDir Path dir) {
        Path checkpoints = dir.resolve("checkpoints");
        refusedAtOnce(checkpoints, "0.5", "c > 1", "learner", "--dual-clip", "0.5", "--bootstrap-servers", "127.0.0.1:1",
                "--checkpoint-dir", checkpoints.toString(), "--run-for", "1");
    }

    @Test
    void generatorRefusesNegativeSyncGroupsBeforeAnythingStarts(@TempDir Path dir) {
        Path checkpoints = dir.resolve("checkpoints");
        refusedAtOnce(checkpoints, "Invalid value '-1' for configuration '--sync-groups'", "0 (asynchronous) or an integer >= 1",
                "generator", "--sync-groups", "-1", "--bootstrap-servers", "127.0.0.1:1", "--checkpoint-dir", checkpoints.toString(),
                "--run-for", "1");
    }

    @Test
    void tasksSampleRefusesANegativeCount(@TempDir Path dir) {
        refusedAtOnce(dir.resolve("untouched"), "Invalid value '-1' for configuration '--n'", "an integer >= 0",
                "tasks", "sample", "--n", "-1");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
