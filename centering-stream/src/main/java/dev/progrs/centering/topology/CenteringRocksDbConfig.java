package dev.progrs.centering.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB settings of the centering stores. With the record cache in front of them the stores see
 * mostly tombstones of samples written and deleted within one commit interval, plus the headers of
 * groups still open at a commit; the data held at any time is small (the open groups). Kafka Streams'
 * defaults (16 MiB memtables, 3 of them, block cache 50 MiB) therefore hold everything in memory
 * already; what costs is compaction of tombstones, so the memtable is large enough for a commit
 * interval's worth of writes and tombstones are compacted away early.
 */
public final class CenteringRocksDbConfig implements RocksDBConfigSetter {

    /** Memtable size per store: 32 MiB. */
    static final long WRITE_BUFFER_BYTES = 32L * 1024 * 1024;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(3);
        options.setLevel0FileNumCompactionTrigger(4);
        options.setIncreaseParallelism(1);
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing was allocated here
    }
}
