package dev.progrs.stage.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until every partition of some topics has a leader that serves requests. Producing right
 * after {@code createTopics} can otherwise hit {@code NOT_LEADER_OR_FOLLOWER}, and a transactional
 * producer writing to a topic created a moment earlier can stall on out-of-order sequence errors
 * for ~100 s; a stage that prepares its topics waits here first.
 *
 * <p>Two checks, both retried until the deadline: the metadata names a leader for every partition,
 * and a ListOffsets request — which goes to the leader itself — succeeds, because the metadata can
 * name a leader a moment before that broker serves the partition.
 */
public final class TopicLeaders {

    private static final long RETRY_MS = 50;

    private TopicLeaders() {
    }

    /**
     * @return the descriptions of {@code topics}, once every partition's leader serves
     * @throws IllegalStateException if some partition has no serving leader after {@code timeout} (named in the message)
     * @throws ExecutionException    if the topics cannot be described until the deadline (e.g. one does not exist)
     */
    public static Map<String, TopicDescription> await(Admin admin, Collection<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, TopicDescription> described;
            try {
                described = admin.describeTopics(topics).allTopicNames().get();
            } catch (ExecutionException notYetKnown) {
                // a topic created a moment ago can be unknown to the broker's metadata cache for a while
                if (System.nanoTime() > deadline) {
                    throw notYetKnown;
                }
                Thread.sleep(RETRY_MS);
                continue;
            }
            List<String> leaderless = described.values().stream()
                    .flatMap(t -> t.partitions().stream().filter(p -> p.leader() == null || p.leader().isEmpty())
                            .map(p -> t.name() + "-" + p.partition()))
                    .toList();
            if (leaderless.isEmpty() && leadersServe(admin, described)) {
                return described;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + topics + " without a serving leader after " + timeout.toSeconds()
                        + " s" + (leaderless.isEmpty() ? "" : ": " + leaderless));
            }
            Thread.sleep(RETRY_MS);
        }
    }

    private static boolean leadersServe(Admin admin, Map<String, TopicDescription> described) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        described.values().forEach(t -> t.partitions().forEach(
                p -> request.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
        try {
            admin.listOffsets(request).all().get();
            return true;
        } catch (ExecutionException notServedYet) {
            return false;
        }
    }
}
