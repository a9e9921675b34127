package dev.progrs.learner.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.learner.TinyPolicy;
import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.wire.PolicyVersion;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingVersionTest {

    @Test
    void theManifestMetadataRestoresTheIdenticalAnnouncement() {
        PendingVersion p = new PendingVersion(7, 6, Map.of(new TopicPartition("progrs.advantages", 0), 12L,
                new TopicPartition("progrs.advantages", 2), 3L), 112, 896, 1_700_000_000_123L,
                Map.of("loss", -0.125, "clip-fraction-high", 0.01, "tokens", 5120.0));
        CheckpointManifest m = new CheckpointManifest(CheckpointManifest.FORMAT_VERSION, "policy", TinyPolicy.config(), "t", "abc", 7,
                "weights.params", "ff00", 10, 10, "2026-01-01T00:00:00Z", p.toManifestMetadata());
        PendingVersion back = PendingVersion.fromManifest(m).orElseThrow();
        assertEquals(p, back);
        URI uri = URI.create("file:///store/v00000007/");
        PolicyVersion a = p.announcement(uri, "ff00");
        assertEquals(a, back.announcement(uri, "ff00"));
        assertEquals(6L, a.getParentVersion());
        assertEquals(112, a.getGroupsConsumed());
        assertEquals(-0.125, a.getMetrics().get("loss"));
    }

    @Test
    void aManifestWithoutLearnerKeysHasNoPendingVersion() {
        CheckpointManifest m = new CheckpointManifest(CheckpointManifest.FORMAT_VERSION, "policy", TinyPolicy.config(), "t", "abc", 0,
                "weights.params", "ff00", 10, 10, "2026-01-01T00:00:00Z", Map.of("command", "progrs pretrain"));
        assertTrue(PendingVersion.fromManifest(m).isEmpty());
    }

    @Test
    void offsetsRoundTripThroughText() {
        Map<TopicPartition, Long> o = Map.of(new TopicPartition("a.b-c", 10), 5L, new TopicPartition("a.b-c", 2), 0L);
        assertEquals("a.b-c:2=0,a.b-c:10=5", PendingVersion.formatOffsets(o));
        assertEquals(o, PendingVersion.parseOffsets(PendingVersion.formatOffsets(o)));
    }
}
