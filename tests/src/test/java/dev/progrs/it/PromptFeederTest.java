package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.stream.FeedCommand;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.generator.feeder.AdmissionControl;
import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.generator.feeder.FeederConfig;
import dev.progrs.generator.feeder.PromptFeeder;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/** The feeder publishes only while published < (max_staleness + v + 1)·batch, v read from progrs.policy. */
@Tag("slow")
class PromptFeederTest {

    @TempDir
    Path dir;

    private static PolicyVersion announcement(long version) {
        return PolicyVersion.newBuilder().setVersion(version).setCheckpointUri("file:///nowhere/v" + version)
                .setSha256("0".repeat(64)).setCreatedAtMs(System.currentTimeMillis()).build();
    }

    @Test
    void publicationFollowsThePolicyVersionAndARestartedFeederKeepsTheBound() throws Exception {
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 3);
             GeneratorFixture fx = new GeneratorFixture(stack, dir.resolve("checkpoints"))) {
            FeederConfig config = FeederConfig.of(new AdmissionControl(1, 4), 20).withPollInterval(Duration.ofMillis(100));
            try (PromptFeeder feeder = new PromptFeeder(config, fx.client(), stack.registry(),
                    new ArithmeticPromptSource(GeneratorFixture.SUITE, 6, 8, 0, 1))) {
                Thread t = new Thread(feeder);
                t.start();
                // no version yet = warm start: (1 + 0 + 1) * 4 = 8
                await("8 prompts", Duration.ofSeconds(20), () -> feeder.published() == 8);
                Thread.sleep(1_000);
                assertEquals(8, feeder.published(), "held at the bound");
                assertEquals(8, fx.promptsInTopic().size());

                fx.announce(announcement(1)); // (1 + 1 + 1) * 4 = 12
                await("12 prompts", Duration.ofSeconds(20), () -> feeder.published() == 12);
                Thread.sleep(500);
                assertEquals(12, feeder.published());

                fx.announce(announcement(5)); // bound 28, but --count 20 ends the run
                t.join(20_000);
                assertTrue(!t.isAlive(), "the feeder stops after --count prompts");
                assertEquals(20, feeder.publishedThisRun());
            }
            List<Prompt> prompts = fx.promptsInTopic().stream().map(ConsumerRecord::value).toList();
            assertEquals(20, prompts.size());
            assertEquals(20, prompts.stream().map(Prompt::getPromptId).distinct().count(), "distinct prompts");
            assertTrue(prompts.stream().allMatch(p -> p.getSuite().equals("arithmetic") && p.getSplit().equals("train")
                    && p.getDifficulty() >= 6 && p.getDifficulty() <= 8), prompts.toString());
            assertTrue(fx.promptsInTopic().stream().allMatch(r -> r.key().equals(r.value().getPromptId())), "key = prompt id");

            // A restarted feeder counts the 20 prompts in the topic: bound at version 5 is 28, so 8 more and no further.
            try (PromptFeeder again = new PromptFeeder(FeederConfig.of(new AdmissionControl(1, 4), -1).withPollInterval(Duration.ofMillis(100)),
                    fx.client(), stack.registry(), new ArithmeticPromptSource(GeneratorFixture.SUITE, 6, 8, 20, 1))) {
                Thread t = new Thread(again);
                t.start();
                await("28 counted", Duration.ofSeconds(20), () -> again.published() == 28);
                Thread.sleep(1_000);
                assertEquals(8, again.publishedThisRun());
                assertEquals(5, again.currentVersion());
            }
            assertEquals(28, fx.promptsInTopic().stream().map(r -> r.value().getPromptId()).collect(Collectors.toSet()).size());

            // The command: at version 5 the bound (2 + 5 + 1) * 4 = 32 leaves room for 4 without counting the topic.
            int code = new CommandLine(new FeedCommand()).execute("--bootstrap-servers", stack.bootstrapServers(), "--count", "4",
                    "--steps", "3", "--start-index", "500", "--max-staleness", "2", "--batch-groups", "4", "--no-count-existing");
            assertEquals(0, code);
            List<Prompt> all = fx.promptsInTopic().stream().map(ConsumerRecord::value).toList();
            assertEquals(32, all.size());
            assertEquals(4, all.stream().filter(p -> p.getPromptId().matches("arithmetic/train/s3/50[0-3]"))
                    .count(), all.stream().map(Prompt::getPromptId).toList().toString());
        }
    }
}
