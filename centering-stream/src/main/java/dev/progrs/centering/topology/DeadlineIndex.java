package dev.progrs.centering.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the deadline entries of {@link GroupState}: the prefix {@code 'D'}, 8 bytes big-endian
 * deadline on the task's {@link dev.progrs.centering.group.GroupClock}, then the group id in UTF-8. Byte order equals time order for non-negative deadlines, so the punctuator reads only the
 * range from where its last sweep ended up to now, instead of scanning every group (or, in RocksDB,
 * every tombstone of the deadlines already handled).
 */
final class DeadlineIndex {

    /** The group's timeout: emit partial or drop. */
    static final byte TIMEOUT = 0;
    /** A closed group's marker has outlived its retention: delete it. */
    static final byte EXPIRE = 1;

    private DeadlineIndex() {
    }

    static Bytes key(long deadlineMs, String groupId) {
        byte[] id = groupId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES + id.length).put(GroupState.DEADLINE).putLong(Math.max(0, deadlineMs))
                .put(id).array());
    }

    static long deadline(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong(1);
    }

    static String groupId(Bytes key) {
        byte[] k = key.get();
        return new String(k, 1 + Long.BYTES, k.length - 1 - Long.BYTES, StandardCharsets.UTF_8);
    }
}
