package dev.progrs.cli.topics;

import dev.progrs.stage.topics.TopicLeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
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
            Map<String, TopicDescription> described = TopicLeaders.await(admin, names, timeout);
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
}
