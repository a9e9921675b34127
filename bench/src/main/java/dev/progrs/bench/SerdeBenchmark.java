package dev.progrs.bench;

import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.ScoredTrajectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encode+decode rate of a realistic ScoredTrajectory (8 steps, 200 tokens) through the project's
 * Confluent-wire-format serde, against plain Avro binary encoding of the same record (the
 * baseline: what the serde's framing and registry lookups cost on top).
 * Usage: {@code bench/run SerdeBenchmark [--records N] [--runs R]}.
 */
public final class SerdeBenchmark {
    public static void main(String[] args) {
        int records = BrokerThroughputBenchmark.intArg(args, "--records", 200_000);
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 5);
        ScoredTrajectory record = SampleRecords.scoredTrajectory();
        AvroSerde<ScoredTrajectory> serde = AvroSerde.of(ScoredTrajectory.class, new SchemaStore());
        Serializer<ScoredTrajectory> ser = serde.serializer();
        Deserializer<ScoredTrajectory> de = serde.deserializer();
        byte[] wire = ser.serialize(Topics.SCORED, record);
        if (!record.equals(de.deserialize(Topics.SCORED, wire))) {
            throw new IllegalStateException("serde round trip changed the record");
        }
        PlainAvro plain = new PlainAvro();
        double[] plainRate = new double[runs];
        double[] serdeRate = new double[runs];
        for (int w = 0; w < 2; w++) { // warm-up: JIT both paths
            rate(records / 4, () -> plain.roundTrip(record));
            rate(records / 4, () -> de.deserialize(Topics.SCORED, ser.serialize(Topics.SCORED, record)));
        }
        for (int r = 0; r < runs; r++) {
            plainRate[r] = rate(records, () -> plain.roundTrip(record));
            serdeRate[r] = rate(records, () -> de.deserialize(Topics.SCORED, ser.serialize(Topics.SCORED, record)));
            System.out.printf("run %d: plain Avro %.0f rec/s, serde %.0f rec/s%n", r + 1, plainRate[r], serdeRate[r]);
        }
        System.out.println();
        System.out.println("## Serde encode+decode (" + Measurements.machine() + ")");
        System.out.printf("ScoredTrajectory, 8 steps, 200 tokens: %d bytes on the wire; %d records per run, %d runs, median (min–max)%n",
                wire.length, records, runs);
        System.out.println("| path | records/s | MB/s | ratio to plain Avro |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| plain Avro binary (baseline) | %s | %.0f | 1.00 |%n", Measurements.describe(plainRate, "%.0f"),
                Measurements.median(plainRate) * wire.length / 1e6);
        System.out.printf("| AvroSerde (wire format + registry cache) | %s | %.0f | %.2f |%n", Measurements.describe(serdeRate, "%.0f"),
                Measurements.median(serdeRate) * wire.length / 1e6, Measurements.median(serdeRate) / Measurements.median(plainRate));
    }

    private static double rate(int n, Runnable op) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** Avro binary with reused writer, reader, encoder and decoder: the cheapest correct round trip. */
    private static final class PlainAvro {
        private final SpecificDatumWriter<ScoredTrajectory> writer = new SpecificDatumWriter<>(ScoredTrajectory.class);
        private final SpecificDatumReader<ScoredTrajectory> reader = new SpecificDatumReader<>(ScoredTrajectory.class);
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        private BinaryEncoder encoder;
        private BinaryDecoder decoder;

        ScoredTrajectory roundTrip(ScoredTrajectory record) {
            try {
                out.reset();
                encoder = EncoderFactory.get().binaryEncoder(out, encoder);
                writer.write(record, encoder);
                encoder.flush();
                decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), decoder);
                return reader.read(null, decoder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
