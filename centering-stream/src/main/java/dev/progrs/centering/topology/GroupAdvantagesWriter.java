package dev.progrs.centering.topology;

import dev.progrs.centering.group.BufferedSamples;
import dev.progrs.centering.group.GroupAdvantagesAssembler;
import dev.progrs.centering.maths.AdvantageResult;
import dev.progrs.centering.store.BufferedSample;
import dev.progrs.centering.store.GroupHeader;
import dev.progrs.schemas.serde.WireFormat;
import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes a {@code GroupAdvantages} record in the Confluent wire format directly from a group's
 * header, its buffered samples and the maths result, copying each sample's token arrays as the Avro
 * bytes they already are ({@link dev.progrs.centering.group.TokenArrays}) instead of building lists of
 * boxed numbers and encoding them again.
 *
 * <p>The fields are written in the order of this build's {@code GroupAdvantages} schema, which
 * {@link #FIELDS} spells out; {@link #matchesSchema()} compares the two, and the processor only uses
 * this writer when they agree and when its first record is byte for byte what the registry-backed
 * serializer writes for the same group (from which it also takes the schema id).
 */
final class GroupAdvantagesWriter {

    /** The fields of GroupAdvantages, SampleAdvantage and CenteringSettings in the order they are written. */
    static final String FIELDS = "groupId:STRING promptId:STRING suite:STRING difficulty:UNION expectedGroupSize:INT "
            + "samples:ARRAY centering:RECORD policyVersionMin:LONG policyVersionMax:LONG partial:BOOLEAN timedOut:BOOLEAN "
            + "duplicatesDropped:INT zeroVarianceOutcome:BOOLEAN dominanceViolations:INT dominanceScale:DOUBLE "
            + "lastSampleAtMs:LONG emittedAtMs:LONG | sampleIndex:INT policyVersion:LONG outcome:DOUBLE processScore:DOUBLE "
            + "centredBonus:DOUBLE outcomeAdvantage:DOUBLE advantage:DOUBLE promptTokenIds:ARRAY responseTokenIds:ARRAY "
            + "behaviourLogProbs:ARRAY extractedAnswer:UNION stepCount:INT generatedAtMs:LONG | mode:STRING mixing:STRING "
            + "lambda:DOUBLE std:STRING dominanceGuard:BOOLEAN bonusScale:STRING";

    private static final ThreadLocal<BinaryEncoder[]> ENCODER = ThreadLocal.withInitial(() -> new BinaryEncoder[1]);

    private GroupAdvantagesWriter() {
    }

    /** @return true when this build's schemas have exactly the fields, types and order this writer writes */
    static boolean matchesSchema() {
        return (describe(GroupAdvantages.getClassSchema()) + " | " + describe(SampleAdvantage.getClassSchema()) + " | "
                + describe(CenteringSettings.getClassSchema())).equals(FIELDS)
                && unionOfNullAnd(GroupAdvantages.getClassSchema().getField("difficulty").schema(), Schema.Type.INT)
                && unionOfNullAnd(SampleAdvantage.getClassSchema().getField("extractedAnswer").schema(), Schema.Type.STRING);
    }

    private static String describe(Schema record) {
        StringBuilder b = new StringBuilder();
        for (Schema.Field f : record.getFields()) {
            b.append(b.length() == 0 ? "" : " ").append(f.name()).append(':').append(f.schema().getType());
        }
        return b.toString();
    }

    private static boolean unionOfNullAnd(Schema union, Schema.Type other) {
        return union.getTypes().size() == 2 && union.getTypes().get(0).getType() == Schema.Type.NULL
                && union.getTypes().get(1).getType() == other;
    }

    /**
     * @param schemaId    the registry id of the GroupAdvantages schema on the output topic
     * @param header      the group's header
     * @param samples     its samples, ordered by index (those the record carries)
     * @param result      the maths over {@code samples}
     * @param settings    the wire form of the centering configuration
     * @param timedOut    true when emitted by the timeout
     * @param emittedAtMs wall-clock emission time
     * @return the wire bytes: magic byte, schema id, Avro binary body
     */
    static byte[] write(int schemaId, GroupHeader header, List<BufferedSample> samples, AdvantageResult result,
                        CenteringSettings settings, boolean timedOut, long emittedAtMs) {
        int estimate = 256;
        for (BufferedSample s : samples) {
            estimate += 96 + s.getPromptTokenIds().remaining() + s.getResponseTokenIds().remaining()
                    + s.getBehaviourLogProbs().remaining();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate);
        byte[] head = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(head, schemaId);
        out.write(head, 0, head.length);
        BinaryEncoder[] slot = ENCODER.get();
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, slot[0]);
        slot[0] = e;
        long[] versions = GroupAdvantagesAssembler.policyVersionRange(samples);
        try {
            e.writeString(header.getGroupId());
            e.writeString(header.getPromptId());
            e.writeString(header.getSuite());
            nullable(e, header.getDifficulty());
            e.writeInt(header.getExpectedGroupSize());
            e.writeArrayStart();
            e.setItemCount(samples.size());
            for (int i = 0; i < samples.size(); i++) {
                BufferedSample s = samples.get(i);
                e.startItem();
                e.writeInt(s.getSampleIndex());
                e.writeLong(s.getPolicyVersion());
                e.writeDouble(s.getOutcome());
                e.writeDouble(s.getProcessScore());
                e.writeDouble(result.centredBonus()[i]);
                e.writeDouble(result.outcomeAdvantage()[i]);
                e.writeDouble(result.advantage()[i]);
                raw(e, BufferedSamples.bytes(s.getPromptTokenIds()));
                raw(e, BufferedSamples.bytes(s.getResponseTokenIds()));
                raw(e, BufferedSamples.bytes(s.getBehaviourLogProbs()));
                if (s.getExtractedAnswer() == null) {
                    e.writeIndex(0);
                    e.writeNull();
                } else {
                    e.writeIndex(1);
                    e.writeString(s.getExtractedAnswer());
                }
                e.writeInt(s.getStepCount());
                e.writeLong(s.getGeneratedAtMs());
            }
            e.writeArrayEnd();
            e.writeString(settings.getMode());
            e.writeString(settings.getMixing());
            e.writeDouble(settings.getLambda());
            e.writeString(settings.getStd());
            e.writeBoolean(settings.getDominanceGuard());
            e.writeString(settings.getBonusScale());
            e.writeLong(versions[0]);
            e.writeLong(versions[1]);
            e.writeBoolean(samples.size() < header.getExpectedGroupSize());
            e.writeBoolean(timedOut);
            e.writeInt(header.getDuplicatesDropped());
            e.writeBoolean(result.zeroVarianceOutcome());
            e.writeInt(result.dominanceViolations());
            e.writeDouble(result.dominanceScale());
            e.writeLong(header.getLastSampleAtMs());
            e.writeLong(emittedAtMs);
            e.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    private static void nullable(BinaryEncoder e, Integer v) throws IOException {
        if (v == null) {
            e.writeIndex(0);
            e.writeNull();
        } else {
            e.writeIndex(1);
            e.writeInt(v);
        }
    }

    /** An array already in Avro binary (count, items, 0), written as is. */
    private static void raw(BinaryEncoder e, byte[] array) throws IOException {
        e.writeFixed(array);
    }
}
