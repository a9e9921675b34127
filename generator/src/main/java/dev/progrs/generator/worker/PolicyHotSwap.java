package dev.progrs.generator.worker;

import dev.progrs.generator.policy.PolicyFollower;
import dev.progrs.generator.policy.PolicyLoader;
import dev.progrs.generator.rollout.GroupRollout;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.stage.clock.StageClock;
import dev.progrs.wire.PolicyVersion;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy a generator samples with, swapped for a newer announced version between batches only,
 * so a group is never sampled by two versions. Follows {@code progrs.policy}, loads an announced
 * checkpoint through the {@link PolicyLoader} (SHA-256 checked) and, when loading fails, keeps the
 * current version and tries the failed one again after {@value #LOAD_RETRY_MS} ms. Each loaded
 * version gets its own {@link GroupRollout}. Used on the worker thread, except {@link #wakeup()}.
 */
final class PolicyHotSwap implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyHotSwap.class);
    static final long LOAD_RETRY_MS = 2_000;

    private final String generatorId;
    private final PolicyFollower follower;
    private final PolicyLoader loader;
    private final Function<PolicyModel, GroupRollout> rolloutOf;
    private final WorkerStats stats;
    private final StageClock clock;

    private PolicyModel model;
    private GroupRollout rollout;
    private long groupsWithLoaded;
    private long failedVersion = -1;
    private long failedAtMs;

    /**
     * @param rolloutOf the rollout that samples with a freshly loaded model
     * @param clock     where loading time is recorded ({@link GeneratorActivity#POLICY_LOAD})
     */
    PolicyHotSwap(String generatorId, PolicyFollower follower, PolicyLoader loader, Function<PolicyModel, GroupRollout> rolloutOf,
                  WorkerStats stats, StageClock clock) {
        this.generatorId = generatorId;
        this.follower = follower;
        this.loader = loader;
        this.rolloutOf = rolloutOf;
        this.stats = stats;
        this.clock = clock;
    }

    /** The loaded policy, if any version has been loaded yet. */
    Optional<PolicyModel> model() {
        return Optional.ofNullable(model);
    }

    /** The rollout of the loaded policy; only once {@link #model()} is present. */
    GroupRollout rollout() {
        return rollout;
    }

    /** What the {@link PolicyGate} decides on now. */
    GateState gateState() {
        long latest = follower.latest().map(PolicyVersion::getVersion).orElse(-1L);
        return new GateState(model == null ? -1 : model.version(), latest, groupsWithLoaded);
    }

    /** Counts groups committed with the loaded version (the gate's {@link GateState#groupsWithLoadedVersion()}). */
    void committed(int groups) {
        groupsWithLoaded += groups;
    }

    /**
     * Polls the policy topic (waiting at most {@code wait}) and loads a newer version if one is
     * announced; returns the nanoseconds spent loading (recorded as {@link GeneratorActivity#POLICY_LOAD}).
     */
    long refresh(Duration wait) {
        Optional<PolicyVersion> latest = follower.poll(wait);
        if (latest.isEmpty()) {
            return 0;
        }
        PolicyVersion v = latest.get();
        if (model != null && v.getVersion() <= model.version()) {
            return 0;
        }
        if (v.getVersion() == failedVersion && System.currentTimeMillis() - failedAtMs < LOAD_RETRY_MS) {
            return 0;
        }
        long t0 = System.nanoTime();
        PolicyModel loaded;
        try {
            loaded = loader.load(v);
        } catch (RuntimeException e) {
            long spent = System.nanoTime() - t0;
            clock.add(GeneratorActivity.POLICY_LOAD, spent);
            failedVersion = v.getVersion();
            failedAtMs = System.currentTimeMillis();
            stats.loadFailed();
            LOG.warn("generator {}: policy version {} not loaded, keeping version {}: {}", generatorId, v.getVersion(),
                    model == null ? "none" : model.version(), e.getMessage());
            return spent;
        }
        PolicyModel old = model;
        model = loaded;
        rollout = rolloutOf.apply(loaded);
        groupsWithLoaded = 0;
        if (old != null) {
            old.close();
        }
        stats.loaded(v.getVersion());
        long loading = System.nanoTime() - t0;
        clock.add(GeneratorActivity.POLICY_LOAD, loading);
        LOG.info("generator {}: loaded policy version {} from {} in {} ms", generatorId, v.getVersion(), v.getCheckpointUri(),
                loading / 1_000_000);
        return loading;
    }

    /** Makes a blocked {@link #refresh} return; any thread. */
    void wakeup() {
        follower.wakeup();
    }

    /** Closes the policy follower and the loaded model. */
    @Override
    public void close() {
        try {
            follower.close();
        } catch (RuntimeException e) {
            LOG.warn("generator {}: closing the policy follower: {}", generatorId, e.toString());
        }
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
