package dev.progrs.cli.options;

import dev.progrs.centering.topology.CenteringTopologyConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * When the centering stream gives up on an incomplete group, {@code --timeout} and {@code --max-input-gap},
 * shared by the commands that run the stream ({@code centering}, {@code replay}). Both are read by
 * {@link CenteringTopologyConfig#fromSettings}, which validates them.
 */
public final class GroupTimeoutOptions {

    @Option(names = "--timeout", defaultValue = "60s", description = "Close a group this long after its first sample, on the input's clock "
            + "(record timestamps, a silence counted as at most --max-input-gap, so an outage closes nothing): emitted partial "
            + "with >= 2 samples, else its sample goes to the dead-letter topic (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--max-input-gap", description = "The most a gap between two input records counts for on the group clock; "
            + "shorter than --timeout (default: 5s, or a tenth of a timeout under 10s).")
    String maxInputGap;

    /** Puts the two settings, under the keys the topology config reads, into {@code settings}. */
    public void putInto(Map<String, String> settings) {
        settings.put(CenteringTopologyConfig.TIMEOUT_CONFIG, timeout);
        if (maxInputGap != null) {
            settings.put(CenteringTopologyConfig.MAX_INPUT_GAP_CONFIG, maxInputGap);
        }
    }
}
