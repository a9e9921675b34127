package dev.progrs.scorer.worker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a polled batch stops so that the scorer is handed whole groups. A generator publishes the K
 * samples of a group in one transaction, keyed by the group id, so they sit in one partition and
 * become visible together; but a poll can end inside a group (max-poll-records, fetch size), and
 * the two pieces would each encode the group's prompt, in two polls.
 *
 * <p>Per partition of the poll: a group is <em>incomplete</em> when the poll holds fewer distinct
 * sample indexes of it than its group size. The records from the first offset of the earliest
 * incomplete group onwards are held back — neither scored nor committed; the worker moves the
 * consumer back to that offset, so the next poll of the partition begins with the group. A group is
 * held back once: if the next poll of the partition begins with it and it is still incomplete
 * (samples lost upstream, a group larger than a poll), it is scored as it is, and only a later
 * incomplete group is held. So no record waits more than one extra poll. Records that did not decode
 * belong to no group; they go with the part of the poll they fall in.
 *
 * <p>Keeps, per partition, the offset it last held back from; used on the worker's thread only.
 */
final class WholeGroups {

    /** Per partition, where the previous poll was cut (absent: it was not). */
    private final Map<TopicPartition, Long> heldFrom = new HashMap<>();

    /**
     * One polled record: where it is and, if it decoded, which sample of which group it is.
     *
     * @param groupId null for a record that did not decode
     */
    record Polled(TopicPartition partition, long offset, String groupId, int sampleIndex, int groupSize) {

        static Polled undecoded(TopicPartition partition, long offset) {
            return new Polled(partition, offset, null, -1, 0);
        }
    }

    /**
     * Per partition that has records to hold back, the offset the next poll should read it from
     * (every record of the partition at or after it is held back); remembers it for the next poll.
     */
    Map<TopicPartition, Long> holdBack(List<Polled> polled) {
        Map<TopicPartition, List<Polled>> byPartition = new LinkedHashMap<>();
        for (Polled p : polled) {
            byPartition.computeIfAbsent(p.partition(), k -> new ArrayList<>()).add(p);
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        byPartition.forEach((tp, records) -> {
            Map<String, Long> first = new HashMap<>();
            Map<String, Set<Integer>> samples = new HashMap<>();
            Map<String, Integer> size = new HashMap<>();
            for (Polled p : records) {
                if (p.groupId() != null) {
                    first.merge(p.groupId(), p.offset(), Math::min);
                    samples.computeIfAbsent(p.groupId(), k -> new HashSet<>()).add(p.sampleIndex());
                    size.merge(p.groupId(), p.groupSize(), Math::max);
                }
            }
            Long heldBefore = heldFrom.get(tp);
            long cut = Long.MAX_VALUE;
            for (Map.Entry<String, Long> g : first.entrySet()) {
                boolean incomplete = samples.get(g.getKey()).size() < size.get(g.getKey());
                if (incomplete && !g.getValue().equals(heldBefore)) {
                    cut = Math.min(cut, g.getValue());
                }
            }
            if (cut != Long.MAX_VALUE) {
                out.put(tp, cut);
                heldFrom.put(tp, cut);
            } else {
                heldFrom.remove(tp);
            }
        });
        return out;
    }
}
