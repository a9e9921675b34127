package dev.progrs.centering.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the sample entries of {@link GroupState}: the prefix {@code 'S'}, the group id in UTF-8, then
 * the sample index as 4 bytes big-endian. The index has a fixed width, so two keys are equal only for
 * the same group and index; a group's samples are found from the indices its header records (point
 * reads, no range scan).
 */
final class SampleKey {

    private SampleKey() {
    }

    static Bytes of(byte[] groupIdUtf8, int sampleIndex) {
        return Bytes.wrap(ByteBuffer.allocate(1 + groupIdUtf8.length + Integer.BYTES).put(GroupState.SAMPLE).put(groupIdUtf8)
                .putInt(sampleIndex).array());
    }

    static Bytes of(String groupId, int sampleIndex) {
        return of(groupId.getBytes(StandardCharsets.UTF_8), sampleIndex);
    }
}
