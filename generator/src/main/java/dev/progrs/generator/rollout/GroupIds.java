package dev.progrs.generator.rollout;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues group ids. A group id is
 * <pre>  {promptId}|{generatorId}.{incarnation}.{sequence}  </pre>
 * where {@code incarnation} is 8 hex digits drawn at random each time a worker starts and
 * {@code sequence} counts the groups this incarnation has <em>attempted</em> (1, 2, ...).
 *
 * <p>Why: a group is published inside one Kafka transaction together with the prompt's consumer
 * offset. When a worker dies or aborts mid-group, the transaction is aborted (read_committed
 * consumers never see its records) and the prompt is consumed again, by this worker or another.
 * The re-run must not share the id of the aborted attempt, or a consumer reading uncommitted data
 * or a store keyed by group id could mix the two attempts. Every attempt takes the next sequence
 * number (aborted attempts burn theirs), and a restarted worker draws a new incarnation, so no two
 * attempts ever share an id, across workers, restarts and retries. Downstream therefore does not
 * deduplicate: the one committed attempt of a prompt is the only group it sees. The prompt id
 * stays readable at the front for humans and dumps; nothing parses the id.
 *
 * <p>Thread-safe.
 */
public final class GroupIds {

    /** Separates the prompt id from the attempt part; chosen because suites do not use it in ids. */
    public static final char SEPARATOR = '|';

    private final String generatorId;
    private final String incarnation;
    private final AtomicLong sequence = new AtomicLong();

    /** Ids for {@code generatorId} with a fresh random incarnation. */
    public GroupIds(String generatorId) {
        this(generatorId, UUID.randomUUID().toString().substring(0, 8));
    }

    /** Ids for {@code generatorId} with a given incarnation (tests, reproducible runs). */
    public GroupIds(String generatorId, String incarnation) {
        this.generatorId = requireToken("generatorId", generatorId);
        this.incarnation = requireToken("incarnation", incarnation);
    }

    /** The id of the next group attempt for {@code promptId}. */
    public String next(String promptId) {
        Objects.requireNonNull(promptId, "promptId");
        return promptId + SEPARATOR + generatorId + "." + incarnation + "." + sequence.incrementAndGet();
    }

    public String incarnation() {
        return incarnation;
    }

    /** Number of ids issued so far. */
    public long issued() {
        return sequence.get();
    }

    private static String requireToken(String what, String value) {
        if (value == null || value.isEmpty() || !value.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException(what + " = '" + value + "'; accepted: a non-empty string of letters, digits, '_' or '-'");
        }
        return value;
    }
}
