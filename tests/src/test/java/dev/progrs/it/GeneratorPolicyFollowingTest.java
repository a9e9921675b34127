package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy version published mid-run is picked up between groups; a bad one is refused. */
@Tag("slow")
class GeneratorPolicyFollowingTest {

    private static final int K = 3;

    @TempDir
    Path dir;

    private static long sequence(String groupId) {
        return Long.parseLong(groupId.substring(groupId.lastIndexOf('.') + 1));
    }

    @Test
    void newVersionsAreLoadedBetweenGroupsAndARefusedOneHoldsPromptsBackUntilAGoodOneArrives() throws Exception {
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 3);
             GeneratorFixture fx = new GeneratorFixture(stack, dir.resolve("checkpoints"))) {
            fx.publishPolicy(0, 11);
            List<Prompt> before = GeneratorFixture.prompts("before", 4);
            List<Prompt> after = GeneratorFixture.prompts("after", 4);
            List<Prompt> held = GeneratorFixture.prompts("held", 2);
            try (GeneratorWorker worker = fx.worker(GeneratorFixture.config("gen-follow", K, 1))) {
                fx.start(worker);
                fx.sendPrompts(before);
                await("2 groups under version 0", Duration.ofSeconds(30), () -> worker.stats().groups() >= 2);

                PolicyVersion v1 = fx.publishPolicy(1, 22);
                await("version 1 loaded", Duration.ofSeconds(20), () -> worker.stats().loadedVersion() == 1);
                fx.sendPrompts(after);
                await("8 groups", Duration.ofSeconds(30), () -> worker.stats().groups() >= 8);

                // Version 4 announces v1's checkpoint with another sha256: refused; 4 - 1 > max-staleness 2, so the worker pauses.
                fx.announce(PolicyVersion.newBuilder(v1).setVersion(4).setSha256("0".repeat(64)).build());
                await("version 4 refused", Duration.ofSeconds(20), () -> worker.stats().loadFailures() >= 1);
                fx.sendPrompts(held);
                Thread.sleep(2_000);
                assertEquals(8, worker.stats().groups(), "no prompt taken while 3 versions behind");
                assertEquals(1, worker.stats().loadedVersion());

                fx.publishPolicy(5, 33);
                await("held prompts generated", Duration.ofSeconds(30), () -> worker.stats().groups() >= 10);
            }

            List<Trajectory> all = fx.trajectories(true).stream().map(ConsumerRecord::value).toList();
            assertEquals(10 * K, all.size());
            Map<String, List<Trajectory>> groups = all.stream().collect(Collectors.groupingBy(Trajectory::getGroupId));
            assertEquals(10, groups.size());
            TreeMap<Long, Long> versionBySequence = new TreeMap<>();
            for (List<Trajectory> g : groups.values()) {
                assertEquals(K, g.size());
                Set<Long> versions = g.stream().map(Trajectory::getPolicyVersion).collect(Collectors.toSet());
                assertEquals(1, versions.size(), "a group never mixes versions: " + g.get(0).getGroupId() + " " + versions);
                versionBySequence.put(sequence(g.get(0).getGroupId()), versions.iterator().next());
            }
            Map<String, Long> versionByPrompt = all.stream().collect(Collectors.toMap(Trajectory::getPromptId, Trajectory::getPolicyVersion, (a, b) -> a));
            before.forEach(p -> assertTrue(Set.of(0L, 1L).contains(versionByPrompt.get(p.getPromptId())), p.getPromptId()));
            after.forEach(p -> assertEquals(1L, versionByPrompt.get(p.getPromptId()), p.getPromptId()));
            held.forEach(p -> assertEquals(5L, versionByPrompt.get(p.getPromptId()), p.getPromptId()));
            List<Long> inOrder = List.copyOf(versionBySequence.values());
            for (int i = 1; i < inOrder.size(); i++) {
                assertTrue(inOrder.get(i) >= inOrder.get(i - 1), "versions never go back: " + versionBySequence);
            }
            assertEquals(List.of(0L, 1L, 5L), inOrder.stream().distinct().toList(), "version 4 was never used: " + versionBySequence);
        }
    }
}
