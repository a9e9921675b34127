package dev.progrs.centering.replay;

import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.centering.topology.CenteringAppConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Validated configuration of a replay ({@code progrs replay}).
 *
 * @param app           the stream to run: its own application id, the stored input topic, the output topic,
 *                      the centering configuration under test
 * @param start         where to start reading the input
 * @param baselineTopic advantages to compare against (usually the live {@code progrs.advantages}); null for none
 * @param reportDir     where the Markdown and PNG report go
 * @param maxDuration   give up if the replay has not caught up with the input after this long
 */
public record ReplayConfig(CenteringAppConfig app, ReplayStart start, String baselineTopic, Path reportDir,
                           Duration maxDuration) {

    /** Validates the fields. */
    public ReplayConfig {
        if (app == null || start == null || reportDir == null) {
            throw new IllegalArgumentException("replay needs an app configuration, a start and a report directory");
        }
        if (app.topology().outputTopic().equals(baselineTopic)) {
            throw new InvalidSettingException("output-topic", app.topology().outputTopic(),
                    "a topic other than the baseline " + baselineTopic + " (the live pipeline must stay untouched)");
        }
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new InvalidSettingException("max-duration", maxDuration, "a positive duration");
        }
    }
}
