package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.generator.feeder.AdmissionControl;
import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.generator.feeder.FeederConfig;
import dev.progrs.generator.feeder.PromptFeeder;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.learner.worker.LearnerConfig;
import dev.progrs.learner.worker.LearnerWorker;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.fixtures.ScorerFixtures;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances: two generators, two scorers and two centering instances as separate JVMs
 * ({@code progrs generator|scorer|centering}) against one embedded broker on loopback, with the
 * prompt feeder and the learner in this JVM. Shows the work spread across the instances (per-instance
 * counts from the generatorId / scorerId fields of the records and from the centering instances'
 * stats lines) and that the result is what one instance of each would give: every prompt's group
 * once in {@code progrs.advantages}, each group sampled by one generator, every process score equal
 * to a re-score by one in-process scorer, every advantage equal to the pure function, consecutive
 * policy versions. What cannot be compared: the sampled texts themselves, which depend on which
 * generator (seed) took the prompt and on the policy version it had loaded at the time.
 */
@Tag("slow")
class MultiInstanceTest {

    private static final int K = 4;
    private static final int PROMPTS = 16;
    private static final int BATCH_GROUPS = 8;

    @TempDir
    Path dir;

    @Test
    void twoOfEachStageSpreadTheWorkAndGiveTheSameResultsAsOne() throws Exception {
        long t0 = System.currentTimeMillis();
        Path prmDir = ScorerFixtures.tinyPrm(dir.resolve("prm"), 5);
        Path storeDir = dir.resolve("store");
        Path init = dir.resolve("init");
        try (PolicyModel m = PolicyModel.create(GeneratorFixture.tinyArchitecture(), GeneratorFixture.TOKENIZER, Device.cpu(), 5)) {
            PolicyCheckpoint.save(m, init, Map.of("test", "initial tiny policy"));
        }
        File logs = Path.of("target").toFile();
        Map<String, Process> jvms = new LinkedHashMap<>();
        Map<String, File> logOf = new LinkedHashMap<>();
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 4)) {
            String bootstrap = stack.bootstrapServers();
            Properties client = new Properties();
            client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);

            // learner first: it announces version 0 (the initial checkpoint) the generators wait for
            GrpoConfig grpo = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 1e-4f, BATCH_GROUPS, 1, 10, 1f);
            LearnerWorker learner = new LearnerWorker(LearnerConfig.defaults(grpo).withPollTimeout(Duration.ofMillis(100)), client,
                    stack.registry(), new SharedDirectoryCheckpointStore(storeDir), Device.cpu(), init, null);
            Thread learnerThread = new Thread(learner, "learner-multi");
            learnerThread.start();
            PromptFeeder feeder = new PromptFeeder(FeederConfig.of(new AdmissionControl(10, BATCH_GROUPS), PROMPTS), client,
                    stack.registry(), new ArithmeticPromptSource(GeneratorFixture.SUITE, 2, 3, 0, 1));
            Thread feederThread = new Thread(feeder, "feeder-multi");
            try {
                for (String id : List.of("a", "b")) {
                    start(jvms, logOf, logs, "gen-" + id, List.of("generator", "--bootstrap-servers", bootstrap, "--generator-id", "gen-" + id,
                            "--checkpoint-dir", storeDir.toString(), "--group-size", Integer.toString(K), "--prompts-per-batch", "2",
                            "--max-new-tokens", "24", "--max-staleness", "10", "--seed", id.equals("a") ? "11" : "12",
                            "--stats-every", "2"));
                    start(jvms, logOf, logs, "scorer-" + id, List.of("scorer", "--bootstrap-servers", bootstrap, "--prm", prmDir.toString(),
                            "--scorer-id", "scorer-" + id, "--batch-size", "8", "--metrics-every", "2"));
                    start(jvms, logOf, logs, "centering-" + id, List.of("centering", "--bootstrap-servers", bootstrap,
                            "--application-id", "multi-centering", "--state-dir", dir.resolve("state-" + id).toString(),
                            "--metrics-every", "2",
                            "--streams-config", "consumer.session.timeout.ms=6000",
                            "--streams-config", "consumer.heartbeat.interval.ms=1000"));
                }
                // every JVM up before the prompts flow (on a loaded 2-core machine a JVM with DJL and Kafka takes minutes)
                for (String name : jvms.keySet()) {
                    String marker = name.startsWith("gen") ? "loaded policy version" : name.startsWith("scorer") ? "scored=" : "groups-completed=";
                    FaultHarness.awaitLine(logOf.get(name), marker, Duration.ofSeconds(300), jvms.get(name));
                }
                // Barrier: each stage's consumer group has both members holding partitions before any prompt
                // flows; otherwise the first member to join can take every prompt before the second is assigned.
                awaitMembersWithPartitions(bootstrap, dev.progrs.generator.worker.GeneratorConfig.DEFAULT_CONSUMER_GROUP, 2, jvms, logOf);
                awaitMembersWithPartitions(bootstrap, dev.progrs.scorer.worker.ScorerWorkerConfig.DEFAULT_GROUP, 2, jvms, logOf);
                awaitMembersWithPartitions(bootstrap, "multi-centering", 2, jvms, logOf);
                long tUp = System.currentTimeMillis();
                feederThread.start();
                try (FaultHarness.AdvantagesVerifier v = new FaultHarness.AdvantagesVerifier(bootstrap, stack.registry())) {
                    int seen = v.pollUntil(PROMPTS, Duration.ofSeconds(180));
                    long tAll = System.currentTimeMillis();
                    jvms.forEach((name, p) -> assertTrue(p.isAlive(), name + " died; see " + logOf.get(name)));
                    assertEquals(PROMPTS, seen, "groups in progrs.advantages; logs in target/multi-*.log");
                    await("the learner to publish version " + PROMPTS / BATCH_GROUPS, Duration.ofSeconds(30),
                            () -> learner.stats().currentVersion() >= PROMPTS / BATCH_GROUPS);
                    v.settle(Duration.ofSeconds(1));
                    assertEquals(List.of(), v.duplicates());

                    // what one instance would give: one group per prompt
                    RecordDecoder<Prompt> promptDecoder = RecordDecoder.of(Prompt.class, stack.registry());
                    Set<String> fed = new TreeSet<>();
                    for (ConsumerRecord<byte[], byte[]> r : FaultHarness.readCommitted(bootstrap, Topics.PROMPTS)) {
                        fed.add(promptDecoder.decode(r).getPromptId().toString());
                    }
                    assertEquals(PROMPTS, fed.size());
                    assertEquals(fed, v.groups.values().stream().map(g -> g.getPromptId().toString())
                            .collect(Collectors.toCollection(TreeSet::new)), "one group per prompt");
                    v.assertAdvantagesArePure();

                    // spread: generators by the generatorId of the trajectories, scorers by the scorerId of the scored records
                    RecordDecoder<Trajectory> trajDecoder = RecordDecoder.of(Trajectory.class, stack.registry());
                    Map<String, Trajectory> trajectories = new HashMap<>();
                    Map<String, Set<String>> generatorsOfGroup = new HashMap<>();
                    Map<String, Integer> groupsPerGenerator = new TreeMap<>();
                    for (ConsumerRecord<byte[], byte[]> r : FaultHarness.readCommitted(bootstrap, Topics.TRAJECTORIES)) {
                        Trajectory t = trajDecoder.decode(r);
                        trajectories.put(t.getGroupId() + "/" + t.getSampleIndex(), t);
                        generatorsOfGroup.computeIfAbsent(t.getGroupId().toString(), g -> new TreeSet<>()).add(t.getGeneratorId().toString());
                        if (t.getSampleIndex() == 0) {
                            groupsPerGenerator.merge(t.getGeneratorId().toString(), 1, Integer::sum);
                        }
                    }
                    generatorsOfGroup.forEach((g, gens) -> assertEquals(1, gens.size(), "generators of group " + g));
                    assertEquals(PROMPTS * K, trajectories.size(), "trajectories");
                    RecordDecoder<ScoredTrajectory> scoredDecoder = RecordDecoder.of(ScoredTrajectory.class, stack.registry());
                    Map<String, Integer> perScorer = new TreeMap<>();
                    Map<String, Double> processScore = new HashMap<>();
                    for (ConsumerRecord<byte[], byte[]> r : FaultHarness.readCommitted(bootstrap, Topics.SCORED)) {
                        ScoredTrajectory s = scoredDecoder.decode(r);
                        perScorer.merge(s.getScorerId().toString(), 1, Integer::sum);
                        processScore.put(s.getTrajectory().getGroupId() + "/" + s.getTrajectory().getSampleIndex(), s.getProcessScore());
                    }
                    assertEquals(PROMPTS * K, processScore.size(), "scored samples");

                    // the same process scores as one in-process scorer gives for the same trajectories
                    double maxDiff = 0;
                    try (FrozenPrm prm = FrozenPrm.load(prmDir, Device.cpu())) {
                        TrajectoryScorer one = new TrajectoryScorer(prm, StepConfidence.median(), CoherenceConfig.defaults(), "one", 8,
                                System::currentTimeMillis);
                        List<String> keys = new ArrayList<>(trajectories.keySet());
                        List<TrajectoryScorer.Result> results = one.score(keys.stream().map(trajectories::get).toList());
                        for (int i = 0; i < keys.size(); i++) {
                            maxDiff = Math.max(maxDiff, Math.abs(results.get(i).scored().getProcessScore() - processScore.get(keys.get(i))));
                        }
                    }
                    assertTrue(maxDiff < 1e-5, "process scores differ from one scorer's by up to " + maxDiff);
                    // ... and the advantages records carry exactly those outcomes and scores
                    for (GroupAdvantages g : v.groups.values()) {
                        for (SampleAdvantage s : g.getSamples()) {
                            String key = g.getGroupId() + "/" + s.getSampleIndex();
                            assertEquals(trajectories.get(key).getOutcomeReward(), s.getOutcome(), 0.0, "outcome of " + key);
                            assertEquals(processScore.get(key), s.getProcessScore(), 0.0, "process score of " + key);
                        }
                    }

                    // stop every JVM cleanly: each prints its final stats line
                    for (Map.Entry<String, Process> e : jvms.entrySet()) {
                        e.getValue().destroy();
                    }
                    for (Map.Entry<String, Process> e : jvms.entrySet()) {
                        FaultHarness.stop(e.getValue(), Duration.ofSeconds(20));
                    }
                    Map<String, String> lastLines = new LinkedHashMap<>();
                    Map<String, Long> groupsPerCentering = new TreeMap<>();
                    for (String name : jvms.keySet()) {
                        String last = lastStatsLine(logOf.get(name).toPath(), name);
                        lastLines.put(name, last);
                        if (name.startsWith("centering")) {
                            groupsPerCentering.put(name, field(last, "groups-completed"));
                        }
                    }
                    System.out.printf("multi-instance: JVMs up after %d ms; %d groups once, all visible %d ms after the first prompt; per generator %s, per scorer %s, "
                                    + "per centering instance %s; max |process score - one scorer's| %.2e; learner at version %d%n",
                            tUp - t0, PROMPTS, tAll - tUp, groupsPerGenerator, perScorer, groupsPerCentering, maxDiff, learner.stats().currentVersion());
                    lastLines.forEach((n, l) -> System.out.println("  " + n + ": " + l));
                    assertEquals(Set.of("gen-a", "gen-b"), groupsPerGenerator.keySet(), "both generators sampled groups");
                    assertEquals(Set.of("scorer-a", "scorer-b"), perScorer.keySet(), "both scorers scored");
                    assertTrue(groupsPerCentering.values().stream().allMatch(n -> n > 0), "both centering instances emitted groups: "
                            + groupsPerCentering);
                    assertEquals(PROMPTS, groupsPerCentering.values().stream().mapToLong(Long::longValue).sum(), "groups completed");
                }
            } finally {
                for (Process p : jvms.values()) {
                    FaultHarness.stop(p, Duration.ofSeconds(15));
                }
                feeder.shutdown();
                feederThread.join(10_000);
                feeder.close();
                learner.shutdown();
                learnerThread.join(30_000);
                learner.close();
            }
        }
    }

    /** Waits until consumer group {@code group} is stable with {@code members} members that each hold at least one partition. */
    private static void awaitMembersWithPartitions(String bootstrap, String group, int members, Map<String, Process> jvms,
                                                   Map<String, File> logOf) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.currentTimeMillis() + 120_000;
            String last = "";
            while (true) {
                org.apache.kafka.clients.admin.ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get();
                long holding = d.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                last = d.groupState() + ", " + d.members().size() + " members, " + holding + " holding partitions";
                if (d.groupState() == org.apache.kafka.common.GroupState.STABLE && holding == members) {
                    return;
                }
                jvms.forEach((name, p) -> assertTrue(p.isAlive(), name + " died; see " + logOf.get(name)));
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("consumer group " + group + " never had " + members + " members holding partitions: " + last);
                }
                Thread.sleep(200);
            }
        }
    }

    private static void start(Map<String, Process> jvms, Map<String, File> logOf, File logs, String name, List<String> args) throws Exception {
        File log = new File(logs, "multi-" + name + ".log");
        logOf.put(name, log);
        jvms.put(name, FaultHarness.startJvm(log, "dev.progrs.cli.Main", args));
    }

    /** The last stats line a command printed: {@code groups-completed=...} for centering, {@code scored=...}, {@code N groups}. */
    private static String lastStatsLine(Path log, String name) throws IOException {
        List<String> lines = Files.readAllLines(log);
        String marker = name.startsWith("centering") ? "groups-completed=" : name.startsWith("scorer") ? "scored=" : " groups (";
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(marker)) {
                return lines.get(i).trim();
            }
        }
        return "(no stats line in " + log + ")";
    }

    private static long field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Long.parseLong(part.substring(key.length() + 1));
            }
        }
        return -1;
    }
}
