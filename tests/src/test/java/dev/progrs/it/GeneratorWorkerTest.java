package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.stream.GeneratorCommand;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.stage.deadletter.DeadLetters;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.generator.rollout.OutcomeRule;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.tasks.verify.Verdict;
import dev.progrs.tasks.verify.Verifier;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** The generator against the embedded broker. */
@Tag("slow")
class GeneratorWorkerTest {

    private static final int K = 4;

    @TempDir
    static Path dir;
    static LocalStack stack;
    static GeneratorFixture fx;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 3);
        fx = new GeneratorFixture(stack, dir.resolve("checkpoints"));
        fx.publishPolicy(0, 11);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static Map<String, List<Trajectory>> byPrompt(List<ConsumerRecord<String, Trajectory>> records, Set<String> promptIds) {
        return records.stream().map(ConsumerRecord::value).filter(t -> promptIds.contains(t.getPromptId()))
                .collect(Collectors.groupingBy(Trajectory::getPromptId, TreeMap::new, Collectors.toList()));
    }

    @Test
    void publishesKTrajectoriesPerPromptKeyedByGroupIdWithRecomputableVerdicts() throws Exception {
        List<Prompt> prompts = GeneratorFixture.prompts("plain", 5);
        Set<String> ids = prompts.stream().map(Prompt::getPromptId).collect(Collectors.toSet());
        fx.sendPrompts(prompts);
        try (GeneratorWorker worker = fx.worker(GeneratorFixture.config("gen-plain", K, 2))) {
            fx.start(worker);
            await("5 groups", Duration.ofSeconds(30), () -> worker.stats().groups() >= 5);
        }
        List<ConsumerRecord<String, Trajectory>> records = fx.trajectories(true);
        Map<String, List<Trajectory>> groups = byPrompt(records, ids);
        assertEquals(ids, groups.keySet());
        Map<String, Prompt> promptById = prompts.stream().collect(Collectors.toMap(Prompt::getPromptId, p -> p));
        int correct = 0;
        try (Verifier verifier = new Verifier()) {
            for (ConsumerRecord<String, Trajectory> r : records) {
                Trajectory t = r.value();
                if (!ids.contains(t.getPromptId())) {
                    continue;
                }
                Prompt p = promptById.get(t.getPromptId());
                assertEquals(t.getGroupId(), r.key(), "key = group id");
                assertTrue(t.getGroupId().startsWith(t.getPromptId() + "|gen-plain."), t.getGroupId());
                assertEquals(0L, t.getPolicyVersion());
                assertEquals(K, t.getGroupSize());
                assertEquals(p.getProblem(), t.getPromptText());
                assertEquals(p.getGoldAnswer(), t.getGoldAnswer());
                assertEquals(p.getDifficulty(), t.getDifficulty());
                assertEquals("gen-plain", t.getGeneratorId());
                assertEquals(p.getCreatedAtMs(), t.getPromptPublishedAtMs());
                assertTrue(t.getGeneratedAtMs() >= t.getGenerationStartedAtMs() && t.getGenerationMs() > 0);
                assertArrayEquals(PromptFormat.promptIds(GeneratorFixture.TOKENIZER, p.getProblem()),
                        t.getPromptTokenIds().stream().mapToInt(Integer::intValue).toArray());
                int[] response = t.getResponseTokenIds().stream().mapToInt(Integer::intValue).toArray();
                assertEquals(GeneratorFixture.TOKENIZER.decode(response), t.getResponseText());
                assertEquals(response.length, t.getBehaviourLogProbs().size());
                assertTrue(t.getBehaviourLogProbs().stream().allMatch(lp -> lp <= 0 && Float.isFinite(lp)));
                assertEquals(t.getSteps().size(), t.getStepTokenEnds().size());
                assertEquals(String.join("\n", t.getSteps()), t.getResponseText().lines().filter(l -> !l.isBlank())
                        .collect(Collectors.joining("\n")));
                assertEquals(1f, t.getTemperature());
                assertEquals(t.getTruncated(), response.length == 0 || response[response.length - 1] != 2, "truncated <=> no EOS");
                Verdict v = OutcomeRule.forSuite(t.getSuite()).judge(t.getResponseText(), t.getGoldAnswer(), verifier);
                assertEquals(v.correct() ? 1.0 : 0.0, t.getOutcomeReward(), t.getResponseText());
                assertEquals(v.extracted(), t.getExtractedAnswer());
                assertEquals(v.rule(), t.getVerifierRule());
                // the built-in suite is rewarded by held-out evaluation's exact Answer: rule
                assertTrue(Set.of("answer-line-exact", "none").contains(t.getVerifierRule()), t.getVerifierRule());
                assertEquals(v.reason(), t.getVerifierReason());
                correct += v.correct() ? 1 : 0;
            }
        }
        for (List<Trajectory> g : groups.values()) {
            assertEquals(K, g.size(), "K samples per prompt");
            assertEquals(1, g.stream().map(Trajectory::getGroupId).distinct().count(), "one group per prompt");
            assertEquals(Set.of(0, 1, 2, 3), g.stream().map(Trajectory::getSampleIndex).collect(Collectors.toSet()));
        }
        // every record of a group is in one partition
        Map<String, Set<Integer>> partitions = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())));
        assertTrue(partitions.values().stream().allMatch(s -> s.size() == 1));
        System.out.println("verdicts: " + correct + " of " + 5 * K + " correct (random tiny policy)");
        // the prompts' offsets were committed with the groups
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("progrs-generator")
                    .partitionsToOffsetAndMetadata().get();
            long committed = offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.PROMPTS))
                    .mapToLong(e -> e.getValue().offset()).sum();
            assertTrue(committed >= 5, "committed prompt offsets " + offsets);
        }
    }

    @Test
    void poisonPromptsGoToTheDlqWithTheirBytesAndReasonAndTheWorkerContinues() throws Exception {
        byte[] garbage = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        fx.sendRaw(Topics.PROMPTS, "poison-bytes".getBytes(StandardCharsets.UTF_8), garbage);
        Prompt untokenizable = GeneratorFixture.prompt("poison-chars", GeneratorFixture.SUITE.trainProblem(5, 2));
        untokenizable.setProblem("Wie viel ist ÿ + 1?");
        fx.sendPrompts(List.of(untokenizable));
        List<Prompt> after = GeneratorFixture.prompts("after-poison", 2);
        fx.sendPrompts(after);
        try (GeneratorWorker worker = fx.worker(GeneratorFixture.config("gen-dlq", K, 1))) {
            fx.start(worker);
            await("2 dead letters and 2 groups", Duration.ofSeconds(30),
                    () -> worker.stats().deadLetters() >= 2 && worker.stats().groups() >= 2);
        }
        List<ConsumerRecord<byte[], byte[]>> dead = fx.raw(Topics.DLQ);
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = dead.stream()
                .collect(Collectors.toMap(r -> new String(r.key(), StandardCharsets.UTF_8), r -> r, (a, b) -> a));
        ConsumerRecord<byte[], byte[]> bytes = byKey.get("poison-bytes");
        assertNotNull(bytes, "dead letters: " + byKey.keySet());
        assertArrayEquals(garbage, bytes.value(), "original bytes");
        assertEquals("generator", DeadLetters.text(bytes.headers(), DeadLetters.STAGE));
        assertEquals(Topics.PROMPTS, DeadLetters.text(bytes.headers(), DeadLetters.SOURCE_TOPIC));
        assertNotNull(DeadLetters.text(bytes.headers(), DeadLetters.SOURCE_OFFSET));
        String reason = DeadLetters.text(bytes.headers(), DeadLetters.REASON);
        assertTrue(reason.contains("topic progrs.prompts partition") && reason.contains("magic"), reason);

        ConsumerRecord<byte[], byte[]> chars = byKey.get("poison-chars");
        assertNotNull(chars, "dead letters: " + byKey.keySet());
        Prompt decoded = AvroSerde.of(Prompt.class, stack.registry()).deserializer().deserialize(Topics.DLQ, chars.value());
        assertEquals(untokenizable, decoded, "original prompt bytes kept");
        String charsReason = DeadLetters.text(chars.headers(), DeadLetters.REASON);
        assertTrue(charsReason.contains("poison-chars") && charsReason.contains("cannot be sampled"), charsReason);

        Set<String> afterIds = new HashSet<>(after.stream().map(Prompt::getPromptId).toList());
        Map<String, List<Trajectory>> groups = byPrompt(fx.trajectories(true), afterIds);
        assertEquals(afterIds, groups.keySet(), "prompts after the poison ones were generated");
        groups.values().forEach(g -> assertEquals(K, g.size()));
        assertTrue(fx.trajectories(true).stream().noneMatch(r -> r.value().getPromptId().startsWith("poison")));
    }

    @Test
    void theGeneratorCommandRunsAWorkerUntilMaxGroupsAndReturns() throws Exception {
        List<Prompt> prompts = GeneratorFixture.prompts("command", 2);
        fx.sendPrompts(prompts);
        int code = new CommandLine(new GeneratorCommand()).execute("--bootstrap-servers", stack.bootstrapServers(),
                "--generator-id", "gen-cmd", "--checkpoint-dir", fx.store.root().toString(), "--group-size", "2",
                "--max-new-tokens", "16", "--max-groups", "2", "--stats-every", "0", "--run-for", "60");
        assertEquals(0, code);
        Set<String> ids = prompts.stream().map(Prompt::getPromptId).collect(Collectors.toSet());
        Map<String, List<Trajectory>> groups = byPrompt(fx.trajectories(true), ids);
        assertEquals(ids, groups.keySet());
        groups.values().forEach(g -> {
            assertEquals(2, g.size());
            assertTrue(g.get(0).getGroupId().contains("|gen-cmd."), g.get(0).getGroupId());
        });
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("progrs-generator-gen-cmd")),
                "no generator thread left running");
    }
}
