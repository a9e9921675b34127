package dev.progrs.models.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint hash: what {@code progrs.policy} announces as {@code sha256} and what every loader
 * recomputes before it trusts a checkpoint. It covers the manifest as well as the weights, so a
 * manifest that was swapped, edited, or made to name another checkpoint's weights no longer
 * matches the announcement even when the weights' own hash is right.
 *
 * <pre>
 *   checkpointSha256 = hex( SHA-256( "progrs-checkpoint-v1\n" ‖ canonical(manifest.json) ‖ "\n" ‖ weightsSha256 ) )
 * </pre>
 *
 * where {@code weightsSha256} is the lower-case hex SHA-256 of the weights file's bytes (computed
 * from the file, and equal to the manifest's {@code weightsSha256} or the checkpoint is refused
 * before this is used), the three parts are UTF-8, and {@code canonical} is the manifest's JSON
 * written again in one fixed form:
 * <ul>
 *   <li>objects with their members sorted by name (Java {@code String} order, i.e. UTF-16 code
 *       units), recursively; arrays in their order;</li>
 *   <li>no white space outside strings;</li>
 *   <li>strings as Jackson writes them (UTF-8, only {@code "} {@code \} and control characters
 *       escaped);</li>
 *   <li>integers (no fraction, no exponent) as exact decimal integers; every other number as the
 *       IEEE-754 double it denotes, written as Java's {@code Double.toString} writes it
 *       ({@code 1e-5}, {@code 0.00001} and {@code 1.0E-5} are all {@code 1.0E-5}).</li>
 * </ul>
 * Every member counts, including ones the loader ignores ({@code training}, unknown fields), so
 * the hash identifies the manifest as a whole, while re-indenting it, reordering its members or
 * converting its line endings (a git checkout with CRLF) does not change it. The shipped
 * checkpoints need no new file: their hash is derived from their manifest and weights at load.
 */
public final class CheckpointDigest {

    /** Domain separation and format version of the hash input. */
    static final String PREFIX = "progrs-checkpoint-v1\n";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointDigest() {
    }

    /**
     * @param manifestJson  the bytes of {@code manifest.json}
     * @param weightsSha256 lower-case hex SHA-256 of the weights file
     * @return the checkpoint hash (lower-case hex)
     * @throws IllegalArgumentException when {@code manifestJson} is not one JSON object
     */
    public static String checkpointSha256(byte[] manifestJson, String weightsSha256) {
        MessageDigest md = sha256();
        md.update(PREFIX.getBytes(StandardCharsets.UTF_8));
        md.update(canonical(manifestJson));
        md.update((byte) '\n');
        md.update(weightsSha256.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /** The canonical form of a manifest (see the class comment). */
    static byte[] canonical(byte[] manifestJson) {
        JsonNode root;
        try {
            root = JSON.readTree(manifestJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("manifest is not a JSON object");
        }
        try {
            return JSON.writeValueAsBytes(sorted(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree to memory", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
            members.sort(Map.Entry.comparingByKey());
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> m : members) {
                out.set(m.getKey(), sorted(m.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        if (node.isFloatingPointNumber()) {
            return JsonNodeFactory.instance.numberNode(node.doubleValue());
        }
        return node;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
