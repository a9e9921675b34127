package dev.progrs.centering.topology;

import dev.progrs.centering.store.BufferedSample;
import dev.progrs.centering.store.GroupHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The topology's one state store, holding three kinds of entry under a one-byte prefix:
 *
 * <pre>
 *   'H' group id                    → GroupHeader (Avro binary)       the small per-group header
 *   'S' group id, index (int32 BE)  → BufferedSample (Avro binary)    one entry per buffered sample
 *   'D' deadline (int64 BE), id     → kind byte                       the deadline index ({@link DeadlineIndex})
 *   'C'                             → clock, last timestamp (2 × int64 BE)   the task's {@link dev.progrs.centering.group.GroupClock}
 * </pre>
 *
 * The clock entry is written at each sweep of the deadlines, so a restored task continues the clock
 * its deadlines were set on.
 *
 * One store rather than three: every exactly-once transaction writes to each changelog partition it
 * touched and the broker adds each one to the transaction and writes a marker to it, so a single
 * changelog halves that per-commit work; it is also one RocksDB instance and one cache namespace per
 * task instead of three.
 */
final class GroupState {

    static final byte HEADER = 'H';
    static final byte SAMPLE = 'S';
    static final byte DEADLINE = 'D';
    static final byte CLOCK = 'C';
    private static final Bytes CLOCK_KEY = Bytes.wrap(new byte[] {CLOCK});

    private final KeyValueStore<Bytes, byte[]> store;
    private final StoreAvroSerde<GroupHeader> headerSerde = new StoreAvroSerde<>(GroupHeader.class);
    private final StoreAvroSerde<BufferedSample> sampleSerde = new StoreAvroSerde<>(BufferedSample.class);

    GroupState(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    static Bytes headerKey(String groupId) {
        byte[] id = groupId.getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[1 + id.length];
        k[0] = HEADER;
        System.arraycopy(id, 0, k, 1, id.length);
        return Bytes.wrap(k);
    }

    GroupHeader header(String groupId) {
        byte[] v = store.get(headerKey(groupId));
        return v == null ? null : headerSerde.decode(v);
    }

    void putHeader(GroupHeader header) {
        store.put(headerKey(header.getGroupId()), headerSerde.encode(header));
    }

    void deleteHeader(String groupId) {
        store.delete(headerKey(groupId));
    }

    BufferedSample sample(byte[] groupIdUtf8, int index) {
        byte[] v = store.get(SampleKey.of(groupIdUtf8, index));
        return v == null ? null : sampleSerde.decode(v);
    }

    void putSample(byte[] groupIdUtf8, BufferedSample sample) {
        store.put(SampleKey.of(groupIdUtf8, sample.getSampleIndex()), sampleSerde.encode(sample));
    }

    void deleteSample(byte[] groupIdUtf8, int index) {
        store.delete(SampleKey.of(groupIdUtf8, index));
    }

    void putDeadline(long deadlineMs, String groupId, byte kind) {
        store.put(DeadlineIndex.key(deadlineMs, groupId), new byte[] {kind});
    }

    void deleteDeadline(Bytes key) {
        store.delete(key);
    }

    /** @return {clock, last timestamp} as last saved, or null */
    long[] clock() {
        byte[] v = store.get(CLOCK_KEY);
        if (v == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        return new long[] {b.getLong(), b.getLong()};
    }

    void putClock(long now, long lastTimestamp) {
        store.put(CLOCK_KEY, ByteBuffer.allocate(2 * Long.BYTES).putLong(now).putLong(lastTimestamp).array());
    }

    /** @return the deadline entries with a deadline in [from, to], in deadline order */
    List<KeyValue<Bytes, byte[]>> deadlines(long from, long to) {
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(DeadlineIndex.key(from, ""), DeadlineIndex.key(to + 1, ""))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                if (DeadlineIndex.deadline(entry.key) > to) {
                    break;
                }
                due.add(entry);
            }
        }
        return due;
    }

    /** @return the keys of every buffered sample, in key order (tests) */
    static List<Bytes> sampleKeys(KeyValueStore<Bytes, byte[]> store) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(new byte[] {SAMPLE}), Bytes.wrap(new byte[] {SAMPLE + 1}))) {
            while (it.hasNext()) {
                Bytes k = it.next().key;
                if (k.get().length > 1 && k.get()[0] == SAMPLE) {
                    keys.add(k);
                }
            }
        }
        return keys;
    }

    /** @return the header of {@code groupId} in {@code store}, or null (tests) */
    static GroupHeader header(KeyValueStore<Bytes, byte[]> store, String groupId) {
        return new GroupState(store).header(groupId);
    }

    /** @return the sample entry of {@code groupId}, {@code index} in {@code store}, or null (tests) */
    static BufferedSample sample(KeyValueStore<Bytes, byte[]> store, String groupId, int index) {
        return new GroupState(store).sample(groupId.getBytes(StandardCharsets.UTF_8), index);
    }
}
