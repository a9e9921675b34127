package dev.progrs.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An in-memory stand-in for the single-partition schema topic: one ordered list of the JSON values
 * {@link KafkaSchemaLog} would write, shared by any number of readers ({@link #open()}), each with
 * its own position, so several registries can share one "topic" without a broker. The Kafka
 * implementation itself is tested against the embedded broker in the tests module.
 */
final class SharedListLog {
    final List<String> values = new ArrayList<>();

    /** A new reader/writer positioned at the start. */
    Handle open() {
        return new Handle();
    }

    final class Handle implements SchemaLog {
        private int position;
        /** Runs once just before the next append, e.g. to let another registry win a race. */
        Runnable beforeNextAppend;
        boolean closed;

        @Override
        public long append(SubjectVersion entry) {
            Runnable hook = beforeNextAppend;
            beforeNextAppend = null;
            if (hook != null) {
                hook.run();
            }
            synchronized (values) {
                values.add(SchemaLogRecord.value(entry));
                return values.size() - 1;
            }
        }

        @Override
        public void readToEnd(Consumer<SubjectVersion> sink) {
            List<String> fresh;
            synchronized (values) {
                fresh = new ArrayList<>(values.subList(position, values.size()));
                position = values.size();
            }
            fresh.forEach(value -> sink.accept(SchemaLogRecord.parse(value)));
        }

        @Override
        public String describe() {
            return "in-memory log";
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
