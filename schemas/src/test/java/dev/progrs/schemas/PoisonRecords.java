package dev.progrs.schemas;

import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.Subjects;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The 13-byte length poison: magic byte 0, a schema id the registry knows for the topic, then
 * an Avro string length of 2,000,000,000 where the record's first string starts, then a few
 * bytes. A decoder that trusts the length allocates 2 GB for it. Shipped in the schemas test-jar.
 */
public final class PoisonRecords {

    /** The declared string length. */
    public static final long DECLARED_LENGTH = 2_000_000_000L;
    /** Size of every poison record. */
    public static final int SIZE = 13;

    /** Value schema of each pipeline topic. */
    public static final Map<String, Schema> VALUE_SCHEMAS = Map.of(
            Topics.PROMPTS, Prompt.getClassSchema(),
            Topics.TRAJECTORIES, Trajectory.getClassSchema(),
            Topics.SCORED, ScoredTrajectory.getClassSchema(),
            Topics.ADVANTAGES, GroupAdvantages.getClassSchema(),
            Topics.POLICY, PolicyVersion.getClassSchema());

    private PoisonRecords() {
    }

    /** The poison for {@code topic}, with the id {@code registry} gives the topic's value schema. */
    public static byte[] forTopic(String topic, SchemaRegistry registry) {
        Schema schema = VALUE_SCHEMAS.get(topic);
        if (schema == null) {
            throw new IllegalArgumentException("no value schema for topic " + topic + "; known: " + VALUE_SCHEMAS.keySet());
        }
        return stringLength(registry.register(Subjects.value(topic), schema), schema);
    }

    /**
     * 13 bytes for {@code schemaId}: header, then for each leading long field (PolicyVersion's
     * {@code version}) the long 1, then the length {@value #DECLARED_LENGTH} of the first string,
     * then filler.
     */
    public static byte[] stringLength(int schemaId, Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
        Schema first = schema.getFields().get(0).schema();
        if (first.getType() == Schema.Type.RECORD) { // ScoredTrajectory starts with its Trajectory, whose first field is a string
            first = first.getFields().get(0).schema();
        }
        if (first.getType() == Schema.Type.LONG) {
            out.write(2); // zig-zag 1
        } else if (first.getType() != Schema.Type.STRING) {
            throw new IllegalArgumentException(schema.getFullName() + " starts with " + first.getType() + ", not a string or a long");
        }
        long zigzag = DECLARED_LENGTH << 1;
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        while (out.size() < SIZE) {
            out.write('x');
        }
        return out.toByteArray();
    }
}
