package dev.progrs.schemas.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process schema registry whose schemas live with the Kafka data, in the compacted topic
 * {@code progrs._schemas}, so a topic written yesterday decodes today, also from another process.
 *
 * <ul>
 *   <li>Start: the whole log is replayed into a {@link SchemaStore}.</li>
 *   <li>Register: catch up with the log; if the subject already has the schema, return its id;
 *       else check BACKWARD compatibility against every earlier version, append the new version
 *       synchronously ({@code acks=all}), read the log up to it and return its id. Ids are
 *       {@code max + 1}, deterministic in log order; if another registry appended a conflicting
 *       entry first, the log decides (first writer wins) and the registration is retried.</li>
 *   <li>Lookups: from memory; an unknown id or version triggers one catch-up with the log first,
 *       so schemas registered by other processes are found.</li>
 *   <li>Optionally serves the Confluent REST API on a loopback port ({@link SchemaRegistryHttpServer}):
 *       reads, and registrations that go through the same path as {@link #register} (compatibility
 *       check, append to the log); {@link #url()} gives its address. {@link #stopHttp()} and
 *       {@link #restartHttp()} take the HTTP side down and up again on the same port, for outage
 *       drills.</li>
 * </ul>
 * Thread-safe; {@link #close()} stops the HTTP threads and the Kafka clients.
 */
public final class EmbeddedSchemaRegistry implements SchemaRegistry, AutoCloseable {
    /** Pass as the port to serve no HTTP. */
    public static final int NO_HTTP = -1;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final int MAX_ATTEMPTS = 20;

    private final SchemaLog log;
    private final SchemaStore store = new SchemaStore();
    private final Object logLock = new Object();
    private final Object httpLock = new Object();
    private SchemaRegistryHttpServer http;
    private int httpPort = NO_HTTP;
    private String httpUrl;
    private boolean closed;

    private EmbeddedSchemaRegistry(SchemaLog log) {
        this.log = log;
    }

    /**
     * Starts a registry on the topic {@code progrs._schemas} of {@code bootstrapServers} (created
     * if missing), serving the Confluent REST API on 127.0.0.1:{@code httpPort} (0: a free port;
     * {@link #NO_HTTP}: none).
     */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, int httpPort) {
        return start(KafkaSchemaLog.open(bootstrapServers), httpPort);
    }

    /**
     * The same on the cluster {@code clientConfig} names: {@code bootstrap.servers} and any security
     * settings (SASL, TLS), shared by the log's admin client, producer and consumer.
     */
    public static EmbeddedSchemaRegistry start(java.util.Map<String, Object> clientConfig, int httpPort) {
        return start(KafkaSchemaLog.open(clientConfig, dev.progrs.schemas.Topics.SCHEMAS), httpPort);
    }

    /** Starts a registry on {@code log}, which it owns and closes. */
    public static EmbeddedSchemaRegistry start(SchemaLog log, int httpPort) {
        Objects.requireNonNull(log, "log");
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(log);
        try {
            registry.catchUp();
            if (httpPort != NO_HTTP) {
                registry.http = SchemaRegistryHttpServer.start(registry, httpPort);
                registry.httpPort = registry.http.port();
                registry.httpUrl = registry.http.url();
            }
            LOG.info("schema registry on {}: {} subjects, ids up to {}{}", log.describe(), registry.store.subjects().size(),
                    registry.store.maxId(), registry.httpUrl == null ? "" : ", Confluent REST API at " + registry.httpUrl);
            return registry;
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** Base URL of the REST API, e.g. {@code http://127.0.0.1:41233} (also while {@link #stopHttp() stopped}). */
    public String url() {
        if (httpUrl == null) {
            throw new IllegalStateException("this registry was started without HTTP (port " + NO_HTTP + ")");
        }
        return httpUrl;
    }

    /**
     * Stops the HTTP side: its port is closed, so REST clients are refused until {@link #restartHttp()};
     * the Java API and the log are untouched. For outage drills and tests; does nothing when already stopped.
     */
    public void stopHttp() {
        synchronized (httpLock) {
            requireHttp();
            if (http != null) {
                http.close();
                http = null;
                LOG.info("schema registry REST API at {} stopped", httpUrl);
            }
        }
    }

    /**
     * Serves HTTP again on the port it had before {@link #stopHttp()}; does nothing when it is serving.
     *
     * @throws java.io.UncheckedIOException when the port has been taken meanwhile
     */
    public void restartHttp() {
        synchronized (httpLock) {
            requireHttp();
            ensureOpen();
            if (http == null) {
                http = SchemaRegistryHttpServer.start(this, httpPort);
                LOG.info("schema registry REST API at {} serving again", httpUrl);
            }
        }
    }

    private void requireHttp() {
        if (httpPort == NO_HTTP) {
            throw new IllegalStateException("this registry was started without HTTP (port " + NO_HTTP + ")");
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Optional<SubjectVersion> known = store.lookup(subject, schema);
        if (known.isPresent()) {
            return known.get().id();
        }
        synchronized (logLock) {
            ensureOpen();
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                catchUpLocked();
                known = store.lookup(subject, schema);
                if (known.isPresent()) {
                    return known.get().id();
                }
                log.append(store.propose(subject, schema));
                catchUpLocked();
                known = store.lookup(subject, schema);
                if (known.isPresent()) {
                    return known.get().id();
                }
                LOG.info("registration of {} under '{}' lost a race on {}; retrying ({}/{})",
                        schema.getFullName(), subject, log.describe(), attempt, MAX_ATTEMPTS);
            }
        }
        throw new SchemaRegistryException("could not register " + schema.getFullName() + " under subject '" + subject
                + "' on " + log.describe() + " after " + MAX_ATTEMPTS + " attempts: other registries kept winning");
    }

    @Override
    public Schema schemaById(int id) {
        if (!store.containsId(id)) {
            catchUp();
        }
        return store.schemaById(id);
    }

    @Override
    public List<String> subjects() {
        catchUp();
        return store.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        catchUp();
        return store.versions(subject);
    }

    @Override
    public SubjectVersion version(String subject, int version) {
        if (!store.containsVersion(subject, version)) {
            catchUp();
        }
        return store.version(subject, version);
    }

    @Override
    public Optional<SubjectVersion> lookup(String subject, Schema schema) {
        Optional<SubjectVersion> known = store.lookup(subject, schema);
        if (known.isPresent()) {
            return known;
        }
        catchUp();
        return store.lookup(subject, schema);
    }

    @Override
    public SubjectVersion latest(String subject) {
        catchUp();
        return store.latest(subject);
    }

    @Override
    public void close() {
        synchronized (logLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            synchronized (httpLock) {
                if (http != null) {
                    http.close();
                    http = null;
                }
            }
        } finally {
            synchronized (logLock) {
                log.close();
            }
        }
    }

    private void catchUp() {
        synchronized (logLock) {
            ensureOpen();
            catchUpLocked();
        }
    }

    private void catchUpLocked() {
        log.readToEnd(store::apply);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("schema registry on " + log.describe() + " is closed");
        }
    }
}
