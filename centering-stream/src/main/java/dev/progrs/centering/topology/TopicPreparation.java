package dev.progrs.centering.topology;

import dev.progrs.stage.topics.TopicLeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates, before the stream starts, the topics it would otherwise create itself — the store
 * changelogs and a missing output topic — with the input topic's partition count, and waits until
 * every partition's leader serves requests. On this broker a transactional producer that writes to
 * a topic created a moment earlier can hit {@code NOT_LEADER_OR_FOLLOWER}/out-of-order sequence
 * errors and stall for ~100 s (docs/architecture.md, topic layout and creation); doing it here avoids that.
 */
final class TopicPreparation {

    private TopicPreparation() {
    }

    /** @return the changelog topic Kafka Streams uses for {@code store} under {@code applicationId} */
    static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    static void prepare(CenteringAppConfig config, Duration timeout) {
        try (Admin admin = Admin.create(config.adminProperties())) {
            String input = config.topology().inputTopic();
            Map<String, TopicDescription> inputs = admin.describeTopics(List.of(input)).allTopicNames().get();
            int partitions = inputs.get(input).partitions().size();
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String store : List.of(CenteringTopology.GROUPS_STORE)) {
                String name = changelog(config.applicationId(), store);
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, Optional.of(partitions), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
                }
            }
            for (String topic : List.of(config.topology().outputTopic(), config.topology().dlqTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<String> all = new ArrayList<>(missing.stream().map(NewTopic::name).toList());
            all.add(input);
            TopicLeaders.await(admin, all, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot prepare the topics of " + config.applicationId() + " on "
                    + config.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
