package dev.progrs.centering.topology;

import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.ScoredTrajectory;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The wire codecs the topology needs. The topology reads and writes raw bytes and calls these
 * itself, so that a record that cannot be decoded goes to the DLQ instead of stopping the stream.
 *
 * @param scored     decodes {@code progrs.scored} values
 * @param advantages encodes {@code progrs.advantages} values
 * @param policy     decodes {@code progrs.policy} values
 * @param registry   the registry behind {@code scored} and {@code advantages}; with it the topology reads the
 *                   fields it needs straight from the wire bytes and writes the output from them
 *                   ({@link ScoredSampleDecoder}, {@link GroupAdvantagesWriter}), checked against these
 *                   codecs; null uses the codecs for every record
 */
public record CenteringSerdes(Deserializer<ScoredTrajectory> scored, Serializer<GroupAdvantages> advantages,
                              Deserializer<PolicyVersion> policy, SchemaRegistry registry) {

    /** Codecs without a registry: every record is fully decoded and encoded by them. */
    public CenteringSerdes(Deserializer<ScoredTrajectory> scored, Serializer<GroupAdvantages> advantages,
                           Deserializer<PolicyVersion> policy) {
        this(scored, advantages, policy, null);
    }

    /** @return Confluent-wire-format Avro codecs backed by {@code registry} */
    public static CenteringSerdes avro(SchemaRegistry registry) {
        return new CenteringSerdes(AvroSerde.of(ScoredTrajectory.class, registry).deserializer(),
                AvroSerde.of(GroupAdvantages.class, registry).serializer(),
                AvroSerde.of(PolicyVersion.class, registry).deserializer(), registry);
    }
}
