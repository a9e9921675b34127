package dev.progrs.centering.topology;

import dev.progrs.centering.group.ScoredSample;
import dev.progrs.schemas.registry.SchemaNotFoundException;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.serde.DecodeLimits;
import dev.progrs.schemas.serde.WireFormat;
import dev.progrs.wire.ScoredTrajectory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@link ScoredSample} the stream needs straight from the wire bytes of a scored trajectory,
 * without decoding the rest: the fields it needs are read, everything else (texts, step lists, PRM
 * quantiles) is skipped, and the three token arrays are kept as the bytes they are, since the output
 * record carries exactly those bytes. This is most of the per-record cost of the stream otherwise.
 *
 * <p>Per writer schema id, a plan is made once from the registry's writer schema. There is a plan only
 * when the writer schema is one {@code ScoredTrajectory} may be read from at all (the check the
 * standard deserializer makes) and every field the stream needs has exactly the type this build
 * expects. Whenever there is no plan, or the bytes do not read cleanly with it (truncated, corrupt,
 * trailing bytes, larger than the decode limit), the record goes to the standard deserializer
 * instead, which decodes it or throws the {@code WireFormatException} that dead-letters it, with its
 * usual message. A registry that cannot answer fails here as it does there.
 */
final class ScoredSampleDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ScoredSampleDecoder.class);

    private enum Field {
        SKIP, TRAJECTORY, PROCESS_SCORE, GROUP_ID, SAMPLE_INDEX, GROUP_SIZE, PROMPT_ID, SUITE, DIFFICULTY, POLICY_VERSION,
        PROMPT_TOKENS, RESPONSE_TOKENS, LOG_PROBS, STEPS, EXTRACTED_ANSWER, OUTCOME, GENERATED_AT
    }

    /** The writer's fields in order, each with what to do with it. */
    private record Plan(Field[] top, Schema[] topSchemas, Field[] trajectory, Schema[] trajectorySchemas) {
    }

    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema LONG = Schema.create(Schema.Type.LONG);
    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final Schema NULL = Schema.create(Schema.Type.NULL);

    /** The trajectory fields the stream reads, with the exact writer type each must have. */
    private static final Map<String, Map.Entry<Field, Schema>> NEEDED = Map.ofEntries(
            Map.entry("groupId", Map.entry(Field.GROUP_ID, STRING)),
            Map.entry("sampleIndex", Map.entry(Field.SAMPLE_INDEX, INT)),
            Map.entry("groupSize", Map.entry(Field.GROUP_SIZE, INT)),
            Map.entry("promptId", Map.entry(Field.PROMPT_ID, STRING)),
            Map.entry("suite", Map.entry(Field.SUITE, STRING)),
            Map.entry("difficulty", Map.entry(Field.DIFFICULTY, Schema.createUnion(NULL, INT))),
            Map.entry("policyVersion", Map.entry(Field.POLICY_VERSION, LONG)),
            Map.entry("promptTokenIds", Map.entry(Field.PROMPT_TOKENS, Schema.createArray(INT))),
            Map.entry("responseTokenIds", Map.entry(Field.RESPONSE_TOKENS, Schema.createArray(INT))),
            Map.entry("behaviourLogProbs", Map.entry(Field.LOG_PROBS, Schema.createArray(Schema.create(Schema.Type.FLOAT)))),
            Map.entry("steps", Map.entry(Field.STEPS, Schema.createArray(STRING))),
            Map.entry("extractedAnswer", Map.entry(Field.EXTRACTED_ANSWER, Schema.createUnion(NULL, STRING))),
            Map.entry("outcomeReward", Map.entry(Field.OUTCOME, DOUBLE)),
            Map.entry("generatedAtMs", Map.entry(Field.GENERATED_AT, LONG)));

    private final SchemaRegistry registry;
    private final Deserializer<ScoredTrajectory> standard;
    private final int maxRecordBytes = DecodeLimits.fromSystemProperties().maxRecordBytes();
    private final Map<Integer, Optional<Plan>> plans = new ConcurrentHashMap<>();

    /**
     * @param registry where writer schemas are looked up; null reads every record with {@code standard}
     * @param standard the full deserializer: fallback and source of every decoding error
     */
    ScoredSampleDecoder(SchemaRegistry registry, Deserializer<ScoredTrajectory> standard) {
        this.registry = registry;
        this.standard = standard;
    }

    /**
     * @return the sample, or null for a null value
     * @throws dev.progrs.schemas.serde.WireFormatException from the standard deserializer when the bytes are not a scored trajectory
     */
    ScoredSample decode(String topic, Headers headers, byte[] bytes) {
        if (bytes != null && registry != null && bytes.length >= WireFormat.HEADER_SIZE && bytes[0] == WireFormat.MAGIC_BYTE
                && bytes.length <= maxRecordBytes) {
            Plan plan = plan(WireFormat.schemaId(bytes));
            if (plan != null) {
                try {
                    return read(plan, bytes);
                } catch (AvroBinaryCursor.Malformed | RuntimeException e) {
                    // the standard deserializer says what is wrong, in its words
                }
            }
        }
        ScoredTrajectory t = standard.deserialize(topic, headers, bytes);
        return t == null ? null : ScoredSample.of(t);
    }

    /** @return the sample read by the plan for the bytes' writer schema, or null when that is not possible (tests) */
    ScoredSample readWithPlan(byte[] bytes) {
        Plan plan = plan(WireFormat.schemaId(bytes));
        try {
            return plan == null ? null : read(plan, bytes);
        } catch (AvroBinaryCursor.Malformed e) {
            return null;
        }
    }

    private Plan plan(int id) {
        Optional<Plan> known = plans.get(id);
        if (known != null) {
            return known.orElse(null);
        }
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaNotFoundException e) {
            return null; // not cached: the standard path dead-letters it, and the registry may learn the id later
        }
        StringBuilder why = new StringBuilder();
        Optional<Plan> p = Optional.ofNullable(planFor(writer, why));
        if (p.isEmpty()) {
            LOG.info("scored trajectories with writer schema id {} are decoded in full: {}", id, why);
        }
        plans.put(id, p);
        return p.orElse(null);
    }

    /** @return the plan for {@code writer}, or null (and the reason in {@code why}) when records of it must be read the standard way */
    static Plan planFor(Schema writer, StringBuilder why) {
        if (writer.getType() != Schema.Type.RECORD || SchemaCompatibility.checkReaderWriterCompatibility(
                ScoredTrajectory.getClassSchema(), writer).getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            why.append("ScoredTrajectory cannot be read from it");
            return null;
        }
        List<Schema.Field> fields = writer.getFields();
        Field[] top = new Field[fields.size()];
        Schema[] topSchemas = new Schema[fields.size()];
        Field[] trajectory = null;
        Schema[] trajectorySchemas = null;
        boolean score = false;
        for (int i = 0; i < top.length; i++) {
            Schema.Field f = fields.get(i);
            topSchemas[i] = f.schema();
            top[i] = Field.SKIP;
            if (f.name().equals("processScore") && f.schema().getType() == Schema.Type.DOUBLE) {
                top[i] = Field.PROCESS_SCORE;
                score = true;
            } else if (f.name().equals("trajectory") && f.schema().getType() == Schema.Type.RECORD) {
                List<Schema.Field> tf = f.schema().getFields();
                trajectory = new Field[tf.size()];
                trajectorySchemas = new Schema[tf.size()];
                int found = 0;
                for (int j = 0; j < tf.size(); j++) {
                    trajectorySchemas[j] = tf.get(j).schema();
                    Map.Entry<Field, Schema> need = NEEDED.get(tf.get(j).name());
                    if (need != null && sameType(need.getValue(), tf.get(j).schema())) {
                        trajectory[j] = need.getKey();
                        found++;
                    } else if (need != null) {
                        why.append("field ").append(tf.get(j).name()).append(" is ").append(tf.get(j).schema());
                        return null; // a needed field of another type: let Avro resolve it
                    } else {
                        trajectory[j] = Field.SKIP;
                    }
                }
                if (found != NEEDED.size()) {
                    why.append("it lacks some of the fields ").append(NEEDED.keySet());
                    return null;
                }
                top[i] = Field.TRAJECTORY;
            }
        }
        if (!score || trajectory == null) {
            why.append("no trajectory record or no double processScore");
            return null;
        }
        return new Plan(top, topSchemas, trajectory, trajectorySchemas);
    }

    private static boolean sameType(Schema expected, Schema actual) {
        if (expected.getType() != actual.getType()) {
            return false;
        }
        return switch (expected.getType()) {
            case ARRAY -> sameType(expected.getElementType(), actual.getElementType());
            case UNION -> expected.getTypes().size() == actual.getTypes().size()
                    && sameType(expected.getTypes().get(0), actual.getTypes().get(0))
                    && sameType(expected.getTypes().get(1), actual.getTypes().get(1));
            default -> true;
        };
    }

    private static ScoredSample read(Plan plan, byte[] bytes) throws AvroBinaryCursor.Malformed {
        AvroBinaryCursor c = new AvroBinaryCursor(bytes, WireFormat.HEADER_SIZE, bytes.length);
        String groupId = null;
        String promptId = null;
        String suite = null;
        Integer difficulty = null;
        String answer = null;
        int index = 0;
        int k = 0;
        int steps = 0;
        long version = 0;
        long generatedAt = 0;
        double outcome = 0;
        double score = 0;
        byte[] prompt = null;
        byte[] response = null;
        byte[] logProbs = null;
        for (int i = 0; i < plan.top.length; i++) {
            switch (plan.top[i]) {
                case PROCESS_SCORE -> score = c.readDouble();
                case TRAJECTORY -> {
                    for (int j = 0; j < plan.trajectory.length; j++) {
                        switch (plan.trajectory[j]) {
                            case GROUP_ID -> groupId = c.readString();
                            case SAMPLE_INDEX -> index = c.readInt();
                            case GROUP_SIZE -> k = c.readInt();
                            case PROMPT_ID -> promptId = c.readString();
                            case SUITE -> suite = c.readString();
                            case DIFFICULTY -> difficulty = c.readUnionIndex(2) == 0 ? null : c.readInt();
                            case POLICY_VERSION -> version = c.readLong();
                            case PROMPT_TOKENS -> prompt = kept(c, plan.trajectorySchemas[j], bytes);
                            case RESPONSE_TOKENS -> response = kept(c, plan.trajectorySchemas[j], bytes);
                            case LOG_PROBS -> logProbs = kept(c, plan.trajectorySchemas[j], bytes);
                            case STEPS -> steps = Math.toIntExact(c.countStrings());
                            case EXTRACTED_ANSWER -> answer = c.readUnionIndex(2) == 0 ? null : c.readString();
                            case OUTCOME -> outcome = c.readDouble();
                            case GENERATED_AT -> generatedAt = c.readLong();
                            default -> c.skip(plan.trajectorySchemas[j]);
                        }
                    }
                }
                default -> c.skip(plan.topSchemas[i]);
            }
        }
        if (!c.atEnd()) {
            throw new AvroBinaryCursor.Malformed("bytes left over after the record");
        }
        return new ScoredSample(groupId, index, k, promptId, suite, difficulty, version, outcome, score, steps, answer,
                generatedAt, prompt, response, logProbs);
    }

    /** @return the bytes of the array that starts at the cursor, which moves past it */
    private static byte[] kept(AvroBinaryCursor c, Schema array, byte[] bytes) throws AvroBinaryCursor.Malformed {
        int start = c.position();
        c.skip(array);
        return Arrays.copyOfRange(bytes, start, c.position());
    }
}
