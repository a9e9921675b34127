package dev.progrs.generator.worker;

import dev.progrs.stage.settings.InvalidSettingException;

/**
 * Decides, between groups, whether a generator may take more prompts. While a gate is closed the
 * worker pauses its prompt partitions (staying in its consumer group), keeps following
 * {@code progrs.policy} and loads newer versions; it asks again after every policy poll.
 *
 * <p>Gates are how the learner's modes plug in: {@link #staleness} is the asynchronous default;
 * {@link #sync} implements "wait for each new policy version before the next batch of prompts".
 * Implementations are called from the worker thread only.
 */
@FunctionalInterface
public interface PolicyGate {

    /** Whether the worker may take the next batch of prompts in {@code state}. */
    boolean admits(GateState state);

    /** At most how many groups the next batch may hold in {@code state} (asked only when admitted). */
    default int maxGroups(GateState state) {
        return Integer.MAX_VALUE;
    }

    /**
     * Open when a policy is loaded and it is at most {@code maxStaleness} versions behind the newest
     * announced one: {@code latest − loaded ≤ maxStaleness}.
     */
    static PolicyGate staleness(int maxStaleness) {
        InvalidSettingException.require(maxStaleness >= 0, "max-staleness", maxStaleness, "an integer >= 0");
        return s -> s.loadedVersion() >= 0 && s.latestVersion() - s.loadedVersion() <= maxStaleness;
    }

    /**
     * Synchronous mode: after {@code groupsPerVersion} groups under one version, closed until a newer
     * version is loaded (the counter restarts on every load). Per worker; a learner that wants a
     * global batch over several workers divides its batch among them.
     */
    static PolicyGate sync(int groupsPerVersion) {
        InvalidSettingException.require(groupsPerVersion >= 1, "sync-groups", groupsPerVersion, "an integer >= 1");
        return new PolicyGate() {
            @Override
            public boolean admits(GateState s) {
                return s.loadedVersion() >= 0 && s.groupsWithLoadedVersion() < groupsPerVersion;
            }

            @Override
            public int maxGroups(GateState s) {
                return (int) Math.max(0, groupsPerVersion - s.groupsWithLoadedVersion());
            }
        };
    }

    /** Open only when both gates are open. */
    default PolicyGate and(PolicyGate other) {
        PolicyGate self = this;
        return new PolicyGate() {
            @Override
            public boolean admits(GateState s) {
                return self.admits(s) && other.admits(s);
            }

            @Override
            public int maxGroups(GateState s) {
                return Math.min(self.maxGroups(s), other.maxGroups(s));
            }
        };
    }
}
