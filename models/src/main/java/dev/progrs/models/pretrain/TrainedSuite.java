package dev.progrs.models.pretrain;

import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.arithmetic.SuiteVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in suite edition a warm-started policy was trained on, as its manifest records it, so that a
 * report on the policy reads the problems it learned (a v1 policy answers the last three values, a v2
 * policy every value). {@code progrs pretrain} writes the training key {@value #KEY}; checkpoints made
 * before that key existed name the edition in their {@code test-split} entry ({@code version=V1}), or,
 * older still, name no edition there: those are of the first one, {@link SuiteVersion#V0}.
 */
public final class TrainedSuite {

    /** Training-metadata key of the edition's configuration name ({@code v0}, {@code v1}, {@code v2}). */
    public static final String KEY = "suite";

    private static final Pattern TEST_SPLIT_VERSION = Pattern.compile("version=(V\\d+)");

    private TrainedSuite() {
    }

    /** The edition recorded in the checkpoint directory {@code policyDir}, or empty when it records none. */
    public static Optional<SuiteVersion> of(Path policyDir) {
        return of(CheckpointManifest.read(policyDir.resolve(CheckpointManifest.FILE_NAME)).training());
    }

    /**
     * The built-in suite configuration of the edition {@code policyDir} was trained on, else (no manifest
     * there, or one that names no edition) the default suite: what a report on the policy, a PRM trained
     * on its rollouts, or an experiment started from it, reads.
     */
    public static ArithmeticSuiteConfig configOf(Path policyDir) {
        if (!Files.isRegularFile(policyDir.resolve(CheckpointManifest.FILE_NAME))) {
            return ArithmeticSuiteConfig.defaults();
        }
        return of(policyDir).map(v -> ArithmeticSuiteConfig.named(v.configName())).orElse(ArithmeticSuiteConfig.defaults());
    }

    /** The edition recorded in training metadata {@code training}, or empty when it records none. */
    public static Optional<SuiteVersion> of(Map<String, String> training) {
        String named = training.get(KEY);
        if (named != null) {
            return Optional.of(SuiteVersion.fromConfig(named));
        }
        String split = training.get("test-split");
        if (split == null || !split.startsWith("arithmetic ")) {
            return Optional.empty();
        }
        Matcher m = TEST_SPLIT_VERSION.matcher(split);
        return Optional.of(m.find() ? SuiteVersion.fromConfig(m.group(1)) : SuiteVersion.V0);
    }
}
