package dev.progrs.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckpointDigestTest {

    private static final String WEIGHTS = "95987b5ee733b56d8a5550c64ad0b5234210f5defce960c1d23f611f58f0d096";

    private static String hash(String manifest) {
        return CheckpointDigest.checkpointSha256(manifest.getBytes(StandardCharsets.UTF_8), WEIGHTS);
    }

    @Test
    void theCanonicalFormSortsMembersAndDropsWhiteSpace() {
        byte[] canonical = CheckpointDigest.canonical("{ \"b\" : [ 2 , {\"z\":1, \"a\":\"x y\"} ],\r\n  \"a\" : 1.0E-5 }"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"a\":1.0E-5,\"b\":[2,{\"a\":\"x y\",\"z\":1}]}", new String(canonical, StandardCharsets.UTF_8));
    }

    @Test
    void layoutLineEndingsAndNumberSpellingDoNotChangeTheHash() {
        String a = hash("{\"kind\":\"policy\",\"eps\":1.0E-5,\"policyVersion\":3}");
        assertEquals(a, hash("{\r\n  \"policyVersion\" : 3,\r\n  \"kind\" : \"policy\",\r\n  \"eps\" : 0.00001\r\n}\r\n"));
        assertEquals(a, hash("{\"eps\":1e-5,\"kind\":\"policy\",\"policyVersion\":3}"));
    }

    @Test
    void everyMemberAndTheWeightsHashChangeIt() {
        String a = hash("{\"kind\":\"policy\",\"policyVersion\":3,\"training\":{\"seed\":\"1\"}}");
        assertNotEquals(a, hash("{\"kind\":\"policy\",\"policyVersion\":4,\"training\":{\"seed\":\"1\"}}"));
        assertNotEquals(a, hash("{\"kind\":\"policy\",\"policyVersion\":3,\"training\":{\"seed\":\"2\"}}"));
        assertNotEquals(a, hash("{\"kind\":\"policy\",\"policyVersion\":3,\"training\":{\"seed\":\"1\"},\"extra\":null}"));
        assertNotEquals(a, CheckpointDigest.checkpointSha256("{\"kind\":\"policy\",\"policyVersion\":3,\"training\":{\"seed\":\"1\"}}"
                .getBytes(StandardCharsets.UTF_8), "0".repeat(64)));
    }

    @Test
    void theShippedCheckpointsHaveFixedHashesDerivedAtLoad() {
        // pinned: a change here means every stored announcement stops matching its checkpoint
        VerifiedCheckpoint v0 = VerifiedCheckpoint.of(Path.of("warm/policy-v0"));
        VerifiedCheckpoint last3 = VerifiedCheckpoint.of(Path.of("warm/policy-v1-last3"));
        VerifiedCheckpoint v1 = VerifiedCheckpoint.of(Path.of("warm/policy-v1"));
        System.out.println("policy-v0 checkpoint hash " + v0.checkpointSha256() + ", policy-v1-last3 " + last3.checkpointSha256()
                + ", policy-v1 " + v1.checkpointSha256());
        assertEquals(WEIGHTS, v0.manifest().weightsSha256());
        assertEquals(PINNED_V0, v0.checkpointSha256());
        // the suite-v1 policy kept its hash when its directory was renamed (the hash covers the manifest and weights, not the path)
        assertEquals(PINNED_V1_LAST3, last3.checkpointSha256());
        assertEquals(PINNED_V1, v1.checkpointSha256());
    }

    /** Also computed outside Java from the definition (Python: json.dumps(sort_keys=True, separators=(',', ':')), 1.0E-5 spelt as Java does). */
    private static final String PINNED_V0 = "c08ea29852cf9af2f3bfce1f38018a2e11bd6d44140db1b061cafddb02e85282";
    private static final String PINNED_V1_LAST3 = "01926aa3b7e520235225a4339fbdd46c7f3feeac4bd91f46827439fc9a887f2f";
    private static final String PINNED_V1 = "4c5372712c34ab83c8ad8379b73e4c4c4afac5c1175d544b5530c706a17b79b0";
}
