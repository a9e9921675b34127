package dev.progrs.cli.run;

import dev.progrs.stage.clock.StageClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the wall-clock of a run went, stage by stage: each stage's busy and waiting time (from its
 * {@link StageClock}) against the run's wall-clock {@code W} (pipeline start to the end of the
 * budget, before closing). A stage's busy share is {@code busy / W}; {@code Σ busy / W} is how
 * many stages were busy at once on average. The stages share the machine's cores (and PyTorch
 * runs its own threads under the generator and the learner), so the busy times can add up to more
 * than {@code W}, and a busy stage may still have been waiting for a core.
 *
 * @param wallSeconds       W
 * @param sync              whether the run was synchronous
 * @param rolloutsTrained   samples the learner trained on within W
 * @param rolloutsGenerated samples the generators committed within W
 * @param versions          policy versions published within W
 * @param stages            generation, scoring, centering, learning, feeding, monitor (those that ran)
 */
record StageTimes(double wallSeconds, boolean sync, long rolloutsTrained, long rolloutsGenerated, long versions,
                  List<StageClock.Snapshot> stages) {

    StageTimes {
        stages = List.copyOf(stages);
    }

    /** The pipeline's stage clocks now, the generators summed into one "generation" stage. */
    static StageTimes of(Pipeline p, RunSettings s, double wallSeconds) {
        List<StageClock.Snapshot> stages = new ArrayList<>();
        StageClock.Snapshot generation = null;
        for (var g : p.generators()) {
            StageClock.Snapshot one = g.clock().snapshot();
            generation = generation == null ? renamed(one, "generation") : generation.plus(one, "generation");
        }
        if (generation != null) {
            stages.add(generation);
        }
        stages.add(renamed(p.scorer().clock().snapshot(), "scoring"));
        if (p.centering() != null) {
            stages.add(renamed(p.centering().stageTime(), "centering"));
        }
        stages.add(renamed(p.learner().clock().snapshot(), "learning"));
        stages.add(renamed(p.feeder().clock().snapshot(), "feeding"));
        if (p.monitor() != null) {
            stages.add(renamed(p.monitor().stageTime(), "monitor"));
        }
        long generated = p.generators().stream().mapToLong(g -> g.stats().samples()).sum();
        return new StageTimes(wallSeconds, s.sync(), p.learner().stats().groupsTrained() * s.groupSize(), generated,
                p.learner().stats().versionsPublished(), stages);
    }

    private static StageClock.Snapshot renamed(StageClock.Snapshot s, String name) {
        return new StageClock.Snapshot(name, s.aliveSeconds(), s.busySeconds(), s.waitingSeconds());
    }

    /** Σ busy over stages. */
    double totalBusy() {
        return stages.stream().mapToDouble(StageClock.Snapshot::busy).sum();
    }

    /** The Markdown section of the report. */
    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## Where the time went (wall-clock by stage)\n\n");
        b.append(String.format(Locale.ROOT, "Wall-clock W = %.1f s from the pipeline's start to the end of the budget (%s, %d rollouts "
                + "trained, %d generated, %d versions). Busy = the stage doing its own work, waiting = blocked on another "
                + "stage or on Kafka; alive − busy − waiting is untimed loop overhead. The stages share the machine's %d cores "
                + "(PyTorch adds its own threads under the generator and the learner), so busy times can sum to more than W "
                + "(Σ busy / W = %.2f stages busy at once on average) and a busy stage may have been waiting for a core.%n%n",
                wallSeconds, sync ? "synchronous" : "asynchronous", rolloutsTrained, rolloutsGenerated, versions,
                Runtime.getRuntime().availableProcessors(), totalBusy() / wallSeconds));
        b.append("| stage | alive s | busy s | busy / W | waiting s | waiting / W | busy by activity (s) | waiting by activity (s) |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (StageClock.Snapshot s : stages) {
            b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f%% | %.1f | %.0f%% | %s | %s |%n", s.stage(), s.aliveSeconds(),
                    s.busy(), 100 * s.busy() / wallSeconds, s.waiting(), 100 * s.waiting() / wallSeconds, activities(s.busySeconds()),
                    activities(s.waitingSeconds())));
        }
        b.append(String.format(Locale.ROOT, "| **all stages** | | %.1f | %.0f%% | | | | |%n%n", totalBusy(), 100 * totalBusy() / wallSeconds));
        b.append("Centering: processing is the processor's own time; its exactly-once commits and input wait come from the "
                + "Kafka Streams metrics (producer transaction time; the threads' blocked time minus it). Several generators are "
                + "summed (alive in thread-seconds). Machine-readable: `stage-times.json`.\n\n");
        return b.toString();
    }

    /** Lines for the console summary. */
    List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "wall-clock by stage (W = %.1f s to the budget; busy / waiting, %% of W; Σ busy / W = %.2f):",
                wallSeconds, totalBusy() / wallSeconds));
        for (StageClock.Snapshot s : stages) {
            out.add(String.format(Locale.ROOT, "  %-10s busy %6.1f s (%3.0f%%)  waiting %6.1f s (%3.0f%%)  %s%s", s.stage(), s.busy(),
                    100 * s.busy() / wallSeconds, s.waiting(), 100 * s.waiting() / wallSeconds, activities(s.busySeconds()),
                    s.waitingSeconds().isEmpty() ? "" : "; waiting: " + activities(s.waitingSeconds())));
        }
        return out;
    }

    /** The split as plain maps and lists, for {@code stage-times.json}. */
    Map<String, Object> asJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wallSeconds", wallSeconds);
        m.put("sync", sync);
        m.put("rolloutsTrained", rolloutsTrained);
        m.put("rolloutsGenerated", rolloutsGenerated);
        m.put("versions", versions);
        m.put("totalBusySeconds", totalBusy());
        List<Map<String, Object>> list = new ArrayList<>();
        for (StageClock.Snapshot s : stages) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("stage", s.stage());
            e.put("aliveSeconds", s.aliveSeconds());
            e.put("busySeconds", s.busy());
            e.put("waitingSeconds", s.waiting());
            e.put("busy", s.busySeconds());
            e.put("waiting", s.waitingSeconds());
            list.add(e);
        }
        m.put("stages", list);
        return m;
    }

    private static String activities(Map<String, Double> m) {
        return m.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
