package dev.progrs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.stage.settings.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark of {@code progrs run} end to end: asynchronous against synchronous
 * ({@code --sync}) wall-clock for the same budget of trained rollouts, the wall-clock split by
 * stage of each, and the monitor's lag behind the live stream.
 *
 * <p>Each run is its own {@code progrs run --minutes 0 --rollouts N} JVM (embedded broker, fresh
 * run directory under {@code --data-dir}), the two modes alternated (async, sync, async, ...), the
 * same seed, prompts and settings (learning rate, temperature, steps and updates per batch pinned to the values
 * RESULTS.md was measured with, whatever the current defaults); held-out evaluation is cut to the minimum (7 problems, none during
 * training) so it does not compete for the cores. Every number comes from the run's
 * {@code report/stage-times.json}: W is the wall-clock from the pipeline's start to the moment the
 * learner has trained on N samples (checked once a second), the stage split and the monitor lag are
 * taken at that moment. Reported: medians over the runs of each mode, the ratio sync / async of the
 * median W, and the load average before and after each run.
 *
 * <p>The CLI is run from a directory of its own ({@code --cli}: {@code progrs-cli.jar} and
 * {@code lib/}), so a rebuild of {@code cli/target} during the benchmark does not pull classes from
 * under a running JVM; copy {@code cli/target/progrs-cli.jar} and {@code cli/target/lib} there first.
 * <p>Non-finite gradients: every attempt (a retried one too) is also checked for a non-finite GRPO step — the
 * {@code skippedSteps} of its stage-times.json, or the learner's "non-finite" log lines when the run
 * died before writing one — and the benchmark ends with one machine-readable line,
 * {@code non-finite-runs: {"dualClip":…,"async":{"runs":…,"nonFinite":…},"sync":{…}}}. The first
 * diagnostic line of each such run ({@code GrpoUpdater}'s {@code NonFiniteStep}) is printed with it.
 * {@code --dual-clip 3|off} is passed to every run; {@code --modes async} runs the asynchronous mode only.
 *
 * <p>Usage: {@code bench/run RunModesBenchmark [--rollouts 2560] [--runs 3] [--modes both|async|sync]
 * [--dual-clip 3|off] [--cli cli/target] [--data-dir /tmp/progrs-bench-runs] [--timeout-minutes 20]}.
 */
public final class RunModesBenchmark {

    private static final Pattern REPORT = Pattern.compile("^report: (.+)/report\\.md$", Pattern.MULTILINE);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A run that fails (a stage stopped) is run again, at most this many times in all. */
    private static final int MAX_ATTEMPTS = 3;

    /** The learner's log lines of a non-finite step (GrpoUpdater). */
    private static final Pattern NON_FINITE = Pattern.compile("^.*GrpoUpdater - GRPO (step \\d+ (skipped|recomputed): non-finite gradient|non-finite loss).*$",
            Pattern.MULTILINE);

    /**
     * One started {@code progrs run}, finished or failed: whether the learner met a non-finite loss or gradient.
     *
     * @param skippedSteps GRPO steps skipped (stage-times.json, else the count of log lines); -1 if unknown
     * @param recomputedSteps GRPO steps whose non-finite gradient was recomputed finite (stage-times.json; 0 if unknown)
     * @param firstNonFinite the first non-finite log line, or null
     */
    private record Attempt(boolean sync, int index, boolean completed, long skippedSteps, long recomputedSteps, String firstNonFinite, Path log) {
        boolean nonFinite() {
            return skippedSteps > 0 || recomputedSteps > 0 || firstNonFinite != null;
        }
    }

    /** One finished run: its mode, its stage-times.json, and the load average around it. */
    private record Run(boolean sync, int index, JsonNode times, String loadBefore, String loadAfter, Path report) {
        double wall() {
            return times.get("wallSeconds").asDouble();
        }

        JsonNode stage(String name) {
            for (JsonNode s : times.get("stages")) {
                if (s.get("stage").asText().equals(name)) {
                    return s;
                }
            }
            return null;
        }

        JsonNode lag() {
            return times.get("monitorLag");
        }
    }

    private RunModesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rollouts = BrokerThroughputBenchmark.intArg(args, "--rollouts", 2560);
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 3);
        int timeoutMinutes = BrokerThroughputBenchmark.intArg(args, "--timeout-minutes", 20);
        String modes = stringArg(args, "--modes", "both");
        String dualClip = stringArg(args, "--dual-clip", "3");
        Path cli = Path.of(stringArg(args, "--cli", "cli/target")).toAbsolutePath();
        Path dataDir = Path.of(stringArg(args, "--data-dir", "/tmp/progrs-bench-runs")).toAbsolutePath();
        if (!Files.isRegularFile(cli.resolve("progrs-cli.jar")) || !Files.isDirectory(cli.resolve("lib"))) {
            throw new IllegalArgumentException("--cli " + cli + " holds no progrs-cli.jar and lib/; build the cli module (mvn -q -B "
                    + "-pl cli -am package -DskipTests) and copy cli/target/progrs-cli.jar and cli/target/lib there");
        }
        boolean[] order = switch (modes) {
            case "both" -> new boolean[] {false, true};
            case "async" -> new boolean[] {false};
            case "sync" -> new boolean[] {true};
            default -> throw new InvalidSettingException("--modes", modes, "both, async or sync");
        };
        Files.createDirectories(dataDir);
        List<String> common = List.of("run", "--minutes", "0", "--rollouts", Integer.toString(rollouts), "--eval-problems", "7",
                "--eval-every", "PT10H", "--monitor-port", "0", "--lr", "5e-5", "--temperature", "1.0", "--steps", "4..7",
                "--updates-per-batch", "1", "--seed", "1", "--dual-clip", dualClip, "--data-dir", dataDir.toString());
        System.out.println("machine: " + Measurements.machine());
        System.out.println("command: progrs " + String.join(" ", common) + " [--sync]   (CLI from " + cli + ")");
        List<Run> all = new ArrayList<>();
        List<Attempt> attempts = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < runs; i++) {
            for (boolean sync : order) {
                List<String> cmd = new ArrayList<>(common);
                if (sync) {
                    cmd.add("--sync");
                }
                Run r = null;
                for (int attempt = 1; r == null && attempt <= MAX_ATTEMPTS; attempt++) {
                    try {
                        r = runOnce(cli, cmd, sync, i, dataDir, timeoutMinutes, attempts);
                    } catch (IllegalStateException e) {
                        failures++;
                        System.out.printf(Locale.ROOT, "run %d %-5s FAILED (attempt %d): %s%n", i + 1, sync ? "sync" : "async", attempt,
                                e.getMessage());
                    }
                    Attempt last = attempts.get(attempts.size() - 1);
                    if (last.nonFinite()) {
                        System.out.printf(Locale.ROOT, "run %d %-5s NON-FINITE: %d skipped, %d recomputed step(s); first: %s%n", i + 1,
                                sync ? "sync" : "async", last.skippedSteps(), last.recomputedSteps(), last.firstNonFinite() == null ? "(no log line)" : abbreviate(last.firstNonFinite(), 3000));
                    }
                }
                if (r == null) {
                    System.out.printf(Locale.ROOT, "run %d %-5s gave up after %d attempts%n", i + 1, sync ? "sync" : "async", MAX_ATTEMPTS);
                    continue;
                }
                all.add(r);
                System.out.printf(Locale.ROOT, "run %d %-5s W %.1f s, trained %d, generated %d, versions %d, skipped steps %d, load %s -> %s, %s%n",
                        i + 1, sync ? "sync" : "async", r.wall(), r.times().get("rolloutsTrained").asLong(),
                        r.times().get("rolloutsGenerated").asLong(), r.times().get("versions").asLong(),
                        r.times().path("skippedSteps").asLong(-1), r.loadBefore(), r.loadAfter(), r.report());
            }
        }
        List<Run> async = all.stream().filter(r -> !r.sync()).toList();
        List<Run> sync = all.stream().filter(Run::sync).toList();
        printModes(async, sync);
        printStages(async, sync);
        printLag(async, sync);
        System.out.println();
        System.out.println("failed runs (retried): " + failures);
        printNonFinite(attempts, dualClip);
    }

    /**
     * The count of attempts with a non-finite GRPO step, by mode, and the last line of the output:
     * {@code non-finite-runs: {"dualClip":"3","async":{"runs":20,"completed":20,"nonFinite":0,"skippedSteps":0},"sync":{…}}}.
     */
    private static void printNonFinite(List<Attempt> attempts, String dualClip) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dualClip", dualClip);
        System.out.println();
        System.out.println("== attempts with a non-finite GRPO loss or gradient (dual-clip " + dualClip + ") ==");
        for (boolean sync : new boolean[] {false, true}) {
            List<Attempt> mode = attempts.stream().filter(a -> a.sync() == sync).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runs", mode.size());
            m.put("completed", mode.stream().filter(Attempt::completed).count());
            m.put("nonFinite", mode.stream().filter(Attempt::nonFinite).count());
            m.put("skippedSteps", mode.stream().mapToLong(a -> Math.max(0, a.skippedSteps())).sum());
            m.put("recomputedSteps", mode.stream().mapToLong(Attempt::recomputedSteps).sum());
            result.put(sync ? "sync" : "async", m);
            System.out.printf(Locale.ROOT, "%-5s %d of %d attempts (%d completed), %d skipped and %d recomputed steps in all%n",
                    sync ? "sync" : "async", m.get("nonFinite"), m.get("runs"), m.get("completed"), m.get("skippedSteps"), m.get("recomputedSteps"));
        }
        try {
            System.out.println("non-finite-runs: " + JSON.writeValueAsString(result));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    /** The run's skipped steps and first non-finite log line, from its stage-times.json (if any) and its logs. */
    private static Attempt attempt(boolean sync, int index, boolean completed, JsonNode times, Path out, Path err) throws IOException {
        String logs = (Files.exists(out) ? Files.readString(out) : "") + "\n" + (Files.exists(err) ? Files.readString(err) : "");
        Matcher m = NON_FINITE.matcher(logs);
        String first = null;
        long lines = 0;
        while (m.find()) {
            lines++;
            if (first == null) {
                first = m.group();
            }
        }
        long skipped = times != null && times.has("skippedSteps") ? times.get("skippedSteps").asLong() : lines;
        long recomputed = times != null ? times.path("recomputedSteps").asLong(0) : 0;
        return new Attempt(sync, index, completed, skipped, recomputed, first, out);
    }

    private static Run runOnce(Path cli, List<String> args, boolean sync, int index, Path dataDir, int timeoutMinutes, List<Attempt> attempts)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx4g", "-cp",
                cli.resolve("progrs-cli.jar") + ":" + cli.resolve("lib") + "/*", "dev.progrs.cli.Main"));
        cmd.addAll(args);
        Path log = dataDir.resolve(String.format(Locale.ROOT, "run-%d-%s-%d.out", index + 1, sync ? "sync" : "async", System.currentTimeMillis()));
        Path errLog = dataDir.resolve(log.getFileName().toString().replace(".out", ".err"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(log.toFile()).redirectError(errLog.toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        pb.environment().remove("PYTORCH_VERSION");
        String before = loadAverage();
        Process p = pb.start();
        if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            attempts.add(attempt(sync, index, false, null, log, errLog));
            throw new IllegalStateException("progrs run did not finish within " + timeoutMinutes + " minutes; see " + log);
        }
        String after = loadAverage();
        String out = Files.readString(log);
        Matcher m = REPORT.matcher(out);
        JsonNode times = null;
        Path report = null;
        if (m.find()) {
            report = Path.of(m.group(1));
            Path json = report.resolve("stage-times.json");
            times = Files.exists(json) ? JSON.readTree(json.toFile()) : null;
        }
        boolean completed = p.exitValue() == 0 && times != null;
        attempts.add(attempt(sync, index, completed, times, log, errLog));
        if (!completed) {
            String why = out.lines().filter(l -> l.startsWith("a stage failed")).findFirst().orElse("no report line");
            throw new IllegalStateException("progrs run exited with " + p.exitValue() + " (" + why + "); see " + log);
        }
        return new Run(sync, index, times, before, after, report);
    }

    private static void printModes(List<Run> async, List<Run> sync) {
        if (async.isEmpty() || sync.isEmpty()) {
            printOneMode(async.isEmpty() ? sync : async);
            return;
        }
        System.out.println();
        System.out.println("== async vs sync wall-clock to the same budget (median of " + async.size() + " runs each, (min-max)) ==");
        System.out.println("| mode | W s | trained rollouts | trained rollouts/s | generated rollouts | policy versions | W / W(async) |");
        System.out.println("|---|---|---|---|---|---|---|");
        double asyncW = Measurements.median(col(async, Run::wall));
        for (List<Run> mode : List.of(async, sync)) {
            double w = Measurements.median(col(mode, Run::wall));
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2f |%n", mode.get(0).sync() ? "sync" : "async",
                    Measurements.describe(col(mode, Run::wall), "%.1f"),
                    Measurements.describe(col(mode, r -> r.times().get("rolloutsTrained").asDouble()), "%.0f"),
                    Measurements.describe(col(mode, r -> r.times().get("rolloutsTrained").asDouble() / r.wall()), "%.1f"),
                    Measurements.describe(col(mode, r -> r.times().get("rolloutsGenerated").asDouble()), "%.0f"),
                    Measurements.describe(col(mode, r -> r.times().get("versions").asDouble()), "%.0f"), w / asyncW);
        }
        // a pair runs back to back, so its ratio sees nearly the same background load
        double[] pairs = new double[Math.min(async.size(), sync.size())];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = sync.get(i).wall() / async.get(i).wall();
        }
        System.out.println("W(sync) / W(async) per back-to-back pair: " + Measurements.describe(pairs, "%.2f") + " (median (min-max))");
    }

    /** The wall-clock table of a benchmark that ran one mode only. */
    private static void printOneMode(List<Run> mode) {
        if (mode.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("== " + (mode.get(0).sync() ? "sync" : "async") + " wall-clock to the budget (median of " + mode.size()
                + " runs, (min-max)) ==");
        System.out.printf(Locale.ROOT, "W %s s, trained rollouts/s %s, policy versions %s%n", Measurements.describe(col(mode, Run::wall), "%.1f"),
                Measurements.describe(col(mode, r -> r.times().get("rolloutsTrained").asDouble() / r.wall()), "%.1f"),
                Measurements.describe(col(mode, r -> r.times().get("versions").asDouble()), "%.0f"));
    }

    private static void printStages(List<Run> async, List<Run> sync) {
        if (async.isEmpty() || sync.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("== wall-clock by stage: median busy / waiting seconds (share of W) ==");
        System.out.println("| stage | async busy | async waiting | sync busy | sync waiting |");
        System.out.println("|---|---|---|---|---|");
        Set<String> stages = new LinkedHashSet<>();
        for (JsonNode s : async.get(0).times().get("stages")) {
            stages.add(s.get("stage").asText());
        }
        for (String stage : stages) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", stage, share(async, stage, "busySeconds"),
                    share(async, stage, "waitingSeconds"), share(sync, stage, "busySeconds"), share(sync, stage, "waitingSeconds"));
        }
        System.out.printf(Locale.ROOT, "| Σ busy / W | %.2f | | %.2f | |%n",
                Measurements.median(col(async, r -> r.times().get("totalBusySeconds").asDouble() / r.wall())),
                Measurements.median(col(sync, r -> r.times().get("totalBusySeconds").asDouble() / r.wall())));
        System.out.println();
        System.out.println("activities (median seconds):");
        for (String stage : stages) {
            for (List<Run> mode : List.of(async, sync)) {
                Map<String, Double> med = new LinkedHashMap<>();
                for (String kind : List.of("busy", "waiting")) {
                    Set<String> names = new LinkedHashSet<>();
                    mode.forEach(r -> r.stage(stage).get(kind).fieldNames().forEachRemaining(names::add));
                    for (String a : names) {
                        med.put(kind + " " + a, Measurements.median(col(mode, r -> r.stage(stage).get(kind).path(a).asDouble(0))));
                    }
                }
                StringBuilder b = new StringBuilder();
                med.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s %.1f, ", k, v)));
                System.out.printf(Locale.ROOT, "  %-10s %-5s %s%n", stage, mode.get(0).sync() ? "sync" : "async",
                        b.length() > 2 ? b.substring(0, b.length() - 2) : "");
            }
        }
    }

    private static String share(List<Run> mode, String stage, String field) {
        double s = Measurements.median(col(mode, r -> r.stage(stage).get(field).asDouble()));
        double pct = Measurements.median(col(mode, r -> 100 * r.stage(stage).get(field).asDouble() / r.wall()));
        return String.format(Locale.ROOT, "%.1f (%.0f%%)", s, pct);
    }

    private static void printLag(List<Run> async, List<Run> sync) {
        if (async.isEmpty() || sync.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("== monitor lag behind the live stream (ms; medians over runs of each run's p50 / p95 / max) ==");
        System.out.println("| mode | scored p50 / p95 / max | advantages p50 / p95 / max | centering completion p50 | "
                + "advantages p50 / completion p50 | offset lag p50 / max (records) | s per monitor window | scored p50 / window |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (List<Run> mode : List.of(async, sync)) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %.2f | %.0f / %.0f | %.1f | %.4f |%n", mode.get(0).sync() ? "sync" : "async",
                    triple(mode, "progrs.scored"), triple(mode, "progrs.advantages"),
                    Measurements.median(col(mode, r -> r.lag().get("centeringCompletionP50Ms").asDouble())),
                    Measurements.median(col(mode, r -> r.lag().get("advantagesLagP50OverCompletionP50").asDouble(Double.NaN))),
                    Measurements.median(col(mode, r -> r.lag().get("offsetLagRecords").get("p50").asDouble())),
                    Measurements.median(col(mode, r -> r.lag().get("offsetLagRecords").get("max").asDouble())),
                    Measurements.median(col(mode, r -> r.lag().get("windowSeconds").asDouble(Double.NaN))),
                    Measurements.median(col(mode, r -> r.lag().get("scoredLagP50OverWindow").asDouble(Double.NaN))));
        }
    }

    private static String triple(List<Run> mode, String topic) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f",
                Measurements.median(col(mode, r -> r.lag().get("timeLagMs").get(topic).get("p50").asDouble())),
                Measurements.median(col(mode, r -> r.lag().get("timeLagMs").get(topic).get("p95").asDouble())),
                Measurements.median(col(mode, r -> r.lag().get("timeLagMs").get(topic).get("max").asDouble())));
    }

    private static double[] col(List<Run> runs, ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
