package dev.progrs.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.Schema;

/**
 * The JSON key and value of one entry of the schema topic, close to Confluent's {@code _schemas}
 * records. The key holds subject, version, id and the sha-256 of the schema text, so two racing
 * writers never share a key and compaction can never replace the entry that won by the one that
 * lost (see {@link SchemaStore#apply}).
 *
 * <pre>
 * key   {"keytype":"SCHEMA","subject":"progrs.scored-value","version":1,"id":3,"sha256":"..."}
 * value {"subject":"progrs.scored-value","version":1,"id":3,"schemaType":"AVRO","schema":"{...}"}
 * </pre>
 */
public final class SchemaLogRecord {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaLogRecord() {
    }

    /** The record key of {@code entry}. */
    public static String key(SubjectVersion entry) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "SCHEMA");
        key.put("subject", entry.subject());
        key.put("version", entry.version());
        key.put("id", entry.id());
        key.put("sha256", sha256(entry.schema().toString()));
        return key.toString();
    }

    /** The record value of {@code entry}. */
    public static String value(SubjectVersion entry) {
        ObjectNode value = JSON.createObjectNode();
        value.put("subject", entry.subject());
        value.put("version", entry.version());
        value.put("id", entry.id());
        value.put("schemaType", "AVRO");
        value.put("schema", entry.schema().toString());
        return value.toString();
    }

    /**
     * Parses a record value.
     *
     * @throws IllegalArgumentException naming the problem when the value is not an entry
     */
    public static SubjectVersion parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("null value (tombstone)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("value is not a JSON object");
        }
        for (String field : new String[] {"subject", "version", "id", "schema"}) {
            if (!node.hasNonNull(field)) {
                throw new IllegalArgumentException("value has no \"" + field + "\"");
            }
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(node.get("schema").asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("schema does not parse: " + e.getMessage(), e);
        }
        return new SubjectVersion(node.get("subject").asText(), node.get("version").asInt(), node.get("id").asInt(), schema);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
