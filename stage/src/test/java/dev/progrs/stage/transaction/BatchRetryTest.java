package dev.progrs.stage.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.stage.lifecycle.SimulatedCrash;
import dev.progrs.stage.lifecycle.StageLifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchRetryTest {

    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);
    private static final RetryBackOff NO_PAUSE = new RetryBackOff(Duration.ZERO, Duration.ZERO);

    private MockProducer<byte[], byte[]> producer;
    private MockConsumer<byte[], byte[]> consumer;
    private StageTransactions transactions;
    private BatchRetry retry;
    private final List<FailureKind> retried = new ArrayList<>();

    @BeforeEach
    void setUp() {
        producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        StageLifecycle lifecycle = new StageLifecycle("test");
        transactions = new StageTransactions("test", producer, "give each instance its own id");
        retry = new BatchRetry(lifecycle, consumer, NO_PAUSE);
    }

    private static List<ConsumerRecord<byte[], byte[]>> batch() {
        return List.of(new ConsumerRecord<>("in", 0, 7, null, new byte[] {1}), new ConsumerRecord<>("in", 0, 8, null, new byte[] {2}),
                new ConsumerRecord<>("in", 1, 3, null, new byte[] {3}));
    }

    private boolean publish(List<ConsumerRecord<byte[], byte[]>> batch) {
        return retry.attempt(batch, () -> transactions.commit(tx -> tx.send(new ProducerRecord<>("out", new byte[] {9})),
                ConsumedOffsets.next(batch), new ConsumerGroupMetadata("g")), (kind, e) -> retried.add(kind));
    }

    @Test
    void aCommittedBatchSendsItsRecordsAndItsNextOffsets() {
        assertTrue(publish(batch()));
        assertTrue(producer.transactionCommitted());
        assertEquals(1, producer.history().size());
        assertEquals(List.of(), retried);
        assertEquals(9L, ConsumedOffsets.next(batch()).get(P0).offset());
        assertEquals(4L, ConsumedOffsets.next(batch()).get(P1).offset());
    }

    @Test
    void aKafkaErrorAbortsRewindsToTheFirstRecordsAndIsRetried() {
        producer.commitTransactionException = new KafkaException("broker away");
        consumer.seek(P0, 9);
        consumer.seek(P1, 4);
        assertFalse(publish(batch()));
        assertTrue(producer.transactionAborted());
        assertEquals(List.of(FailureKind.RETRYABLE), retried);
        assertEquals(7, consumer.position(P0));
        assertEquals(3, consumer.position(P1));
    }

    @Test
    void aRegistryOutageIsRetriedAsSuch() {
        List<ConsumerRecord<byte[], byte[]>> b = batch();
        assertFalse(retry.attempt(b, () -> {
            throw new SchemaRegistryUnavailableException("registry down", null);
        }, (kind, e) -> retried.add(kind)));
        assertEquals(List.of(FailureKind.REGISTRY_UNAVAILABLE), retried);
    }

    @Test
    void aFencedProducerStopsTheStageNamingIt() {
        producer.commitTransactionException = new ProducerFencedException("fenced");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> publish(batch()));
        assertTrue(e.getMessage().startsWith("test cannot continue"), e.getMessage());
        assertTrue(e.getMessage().contains("give each instance its own id"), e.getMessage());
        assertEquals(List.of(), retried);
    }

    @Test
    void aBugAbortsAndStops() {
        List<ConsumerRecord<byte[], byte[]>> b = batch();
        assertThrows(IllegalArgumentException.class, () -> retry.attempt(b, () -> transactions.commit(tx -> {
            throw new IllegalArgumentException("bug");
        }), (kind, e) -> retried.add(kind)));
        assertTrue(producer.transactionAborted());
        assertEquals(List.of(), retried);
    }

    @Test
    void aSimulatedCrashLeavesTheTransactionOpen() {
        List<ConsumerRecord<byte[], byte[]>> b = batch();
        assertThrows(SimulatedCrash.class, () -> retry.attempt(b, () -> transactions.commit(tx -> {
            tx.send(new ProducerRecord<>("out", new byte[] {1}));
            throw new SimulatedCrash("killed");
        }), (kind, e) -> retried.add(kind)));
        assertTrue(producer.transactionInFlight());
        assertFalse(producer.transactionAborted());
    }
}
