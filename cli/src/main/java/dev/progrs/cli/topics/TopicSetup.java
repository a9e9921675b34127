package dev.progrs.cli.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the pipeline's topics that are missing, checks the ones that exist, and waits until every
 * partition has a leader (producing right after {@code createTopics} can otherwise hit
 * {@code NOT_LEADER_OR_FOLLOWER} and leave an idempotent producer retrying for ~100 s).
 */
public final class TopicSetup {
    /** What happened to one topic. */
    public record Outcome(String topic, int partitions, boolean created, List<String> warnings) {
    }

    private TopicSetup() {
    }

    /** Ensures every topic of {@code specs} exists and is led; returns one outcome per topic. */
    public static List<Outcome> ensure(Admin admin, Collection<TopicSpec> specs, short replicationFactor, Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = specs.stream().filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), s.partitions(), replicationFactor).configs(s.configs()))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Set<String> names = specs.stream().map(TopicSpec::name).collect(Collectors.toSet());
            Map<String, TopicDescription> described = awaitLeaders(admin, names, timeout);
            List<Outcome> outcomes = new ArrayList<>();
            for (TopicSpec spec : specs) {
                TopicDescription d = described.get(spec.name());
                List<String> warnings = new ArrayList<>();
                if (d.partitions().size() != spec.partitions()) {
                    warnings.add("has " + d.partitions().size() + " partitions, layout says " + spec.partitions());
                }
                outcomes.add(new Outcome(spec.name(), d.partitions().size(), !existing.contains(spec.name()), warnings));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("topic set-up failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The metadata can name a leader a moment before that broker serves the partition; a
     * ListOffsets request goes to the leader itself and fails until it does.
     */
    private static boolean leadersServe(Admin admin, Map<String, TopicDescription> described) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.values().forEach(t -> t.partitions().forEach(
                p -> request.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
        try {
            admin.listOffsets(request).all().get();
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Waits until every partition of {@code topics} has a leader, or fails naming the ones that do not. */
    public static Map<String, TopicDescription> awaitLeaders(Admin admin, Set<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, TopicDescription> d;
            try {
                d = admin.describeTopics(topics).allTopicNames().get();
            } catch (ExecutionException e) {
                // metadata of just-created topics can lag behind; retry until the deadline
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
                continue;
            }
            List<String> leaderless = d.values().stream()
                    .flatMap(t -> t.partitions().stream().filter(p -> p.leader() == null || p.leader().isEmpty())
                            .map((TopicPartitionInfo p) -> t.name() + "-" + p.partition()))
                    .toList();
            if (leaderless.isEmpty() && leadersServe(admin, d)) {
                return d;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions without a leader after " + timeout.toSeconds() + " s: " + leaderless);
            }
            Thread.sleep(50);
        }
    }
}
