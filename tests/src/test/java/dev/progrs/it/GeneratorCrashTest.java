package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.stage.lifecycle.SimulatedCrash;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that dies half-way through a group leaves nothing of it visible to read_committed
 * consumers, and the prompt is re-run under a new group id.
 */
@Tag("slow")
class GeneratorCrashTest {

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

    private static List<Trajectory> of(List<ConsumerRecord<String, Trajectory>> records, String promptId) {
        return records.stream().map(ConsumerRecord::value).filter(t -> t.getPromptId().equals(promptId)).toList();
    }

    private static void assertOneWholeGroup(List<Trajectory> group, String what) {
        assertEquals(K, group.size(), what + ": " + group.size() + " records");
        assertEquals(1, group.stream().map(Trajectory::getGroupId).distinct().count(), what);
        assertEquals(Set.of(0, 1, 2, 3), group.stream().map(Trajectory::getSampleIndex).collect(Collectors.toSet()), what);
    }

    @Test
    void aKilledWorkerLeavesNoHalfGroupAndItsSuccessorRerunsThePromptUnderANewGroupId() throws Exception {
        Prompt crash = GeneratorFixture.prompts("crash-me", 1).get(0);
        AtomicReference<String> abortedGroup = new AtomicReference<>();
        try (GeneratorWorker doomed = fx.worker(GeneratorFixture.config("gen-crash", K, 1)).hook(sent -> {
            if (sent.promptId().equals(crash.getPromptId()) && sent.sampleIndex() == 1) {
                sent.flush(); // two of four samples are in the log, uncommitted
                abortedGroup.set(sent.groupId());
                throw new SimulatedCrash("killed after 2 of " + sent.groupSize() + " samples");
            }
        })) {
            Thread t = fx.start(doomed);
            fx.sendPrompts(List.of(crash));
            t.join(30_000);
            assertTrue(!t.isAlive(), "the crashed worker's thread ended");
        }
        assertNotNull(abortedGroup.get());
        List<Trajectory> dirty = of(fx.trajectories(false), crash.getPromptId());
        assertEquals(2, dirty.size(), "the half group was written (read_uncommitted sees it)");
        assertTrue(of(fx.trajectories(true), crash.getPromptId()).isEmpty(), "read_committed sees none of it");

        // A successor with the same generator id fences the dead one, aborting its transaction, and re-runs the prompt.
        try (GeneratorWorker successor = fx.worker(GeneratorFixture.config("gen-crash", K, 1))) {
            fx.start(successor);
            await("the prompt re-run", Duration.ofSeconds(30), () -> successor.stats().groups() >= 1);
        }
        List<Trajectory> rerun = of(fx.trajectories(true), crash.getPromptId());
        assertOneWholeGroup(rerun, "re-run group");
        assertNotEquals(abortedGroup.get(), rerun.get(0).getGroupId(), "the re-run has a new group id");
        assertTrue(of(fx.trajectories(false), crash.getPromptId()).stream()
                .filter(x -> x.getGroupId().equals(abortedGroup.get())).count() == 2, "the aborted attempt stays only in the uncommitted view");
    }

    @Test
    void aWorkerFailingMidGroupAbortsItsTransactionSoAnotherWorkerCanRerunThePrompt() throws Exception {
        Prompt failing = GeneratorFixture.prompts("fail-me", 1).get(0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (GeneratorWorker broken = fx.worker(GeneratorFixture.config("gen-broken", K, 1)).hook(sent -> {
            if (sent.promptId().equals(failing.getPromptId()) && sent.sampleIndex() == 2) {
                sent.flush();
                throw new IllegalStateException("a bug after 3 of " + sent.groupSize() + " samples");
            }
        })) {
            Thread t = new Thread(() -> {
                try {
                    broken.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            fx.sendPrompts(List.of(failing));
            t.join(30_000);
            assertTrue(!t.isAlive());
        }
        assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
        assertTrue(of(fx.trajectories(true), failing.getPromptId()).isEmpty(), "read_committed sees none of the failed attempt");

        // another worker (another id, so no fencing involved): the transaction was aborted, not left open
        try (GeneratorWorker other = fx.worker(GeneratorFixture.config("gen-other", K, 1))) {
            fx.start(other);
            await("the prompt re-run", Duration.ofSeconds(30), () -> other.stats().groups() >= 1);
        }
        assertOneWholeGroup(of(fx.trajectories(true), failing.getPromptId()), "re-run by another worker");
    }
}
