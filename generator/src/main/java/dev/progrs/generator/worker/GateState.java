package dev.progrs.generator.worker;

/**
 * What a {@link PolicyGate} decides on, observed between groups.
 *
 * @param loadedVersion         version of the policy the worker samples with, or -1 before one is loaded
 * @param latestVersion         highest version announced on {@code progrs.policy}, or -1 when none
 * @param groupsWithLoadedVersion groups this worker committed since it loaded {@code loadedVersion}
 */
public record GateState(long loadedVersion, long latestVersion, long groupsWithLoadedVersion) {
}
