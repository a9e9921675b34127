package dev.progrs.models.prm;

import ai.djl.Device;
import dev.progrs.models.tokenizer.CharTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a {@link ProcessRewardModel} from a specification, as the scorer's {@code --prm} takes it:
 * <ul>
 *   <li>a checkpoint directory (a trained, frozen quantile PRM), or the name of a shipped one under
 *       {@code models/warm/} (e.g. {@code prm-v1});</li>
 *   <li>{@code oracle}: the gold-checker PRM ({@link OraclePrm});</li>
 *   <li>{@code noisy-oracle:P}: the oracle with a share P ∈ (0, 0.5] of step verdicts flipped
 *       ({@code noisy-oracle:P:SEED} sets the seed, default 1);</li>
 *   <li>{@code biased}: the PRM confident on skipped steps ({@link BiasedPrm}); the directory
 *       {@code models/warm/biased} names it too.</li>
 * </ul>
 * Training-free PRMs read prompts of the built-in suite, so they need its modulus.
 */
public final class ProcessRewardModels {

    /** Where shipped checkpoints live, relative to the working directory. */
    public static final Path SHIPPED = Path.of("models/warm");

    /** The accepted forms, for error messages. */
    public static final String ACCEPTED = "a PRM checkpoint directory, a shipped name under models/warm (e.g. prm-v1), "
            + "oracle, noisy-oracle:P (0 < P <= 0.5, optionally :SEED), biased";

    /** τ levels and context of the training-free PRMs (those of the shipped quantile PRMs). */
    private static final double[] LEVELS = PrmConfig.DEFAULT_LEVELS.stream().mapToDouble(Double::doubleValue).toArray();
    private static final int CONTEXT = 4096;

    private ProcessRewardModels() {
    }

    /**
     * @param modulus   the built-in suite's modulus (for the training-free PRMs)
     * @param tokenizer the policy's tokenizer (for the training-free PRMs)
     * @throws IllegalArgumentException naming the specification and the accepted forms
     */
    public static ProcessRewardModel load(String spec, Device device, CharTokenizer tokenizer, int modulus) {
        Spec parsed = parse(spec);
        if (parsed instanceof Oracle o) {
            return new OraclePrm(tokenizer, modulus, LEVELS, CONTEXT, o.flip(), o.seed());
        }
        if (parsed instanceof Biased) {
            return new BiasedPrm(tokenizer, modulus, LEVELS, CONTEXT);
        }
        return FrozenPrm.load(((Trained) parsed).dir(), device);
    }

    /**
     * Checks a specification without loading anything (so a command can refuse a bad one before it
     * starts work): the training-free forms parse, a directory exists.
     *
     * @throws IllegalArgumentException naming the specification and the accepted forms
     */
    public static void validate(String spec) {
        parse(spec);
    }

    /** What a specification names. */
    private sealed interface Spec permits Trained, Oracle, Biased {
    }

    private record Trained(Path dir) implements Spec {
    }

    private record Oracle(double flip, long seed) implements Spec {
    }

    private record Biased() implements Spec {
    }

    private static Spec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("PRM '" + spec + "' is invalid; accepted: " + ACCEPTED);
        }
        String s = spec.trim();
        if (s.equals("oracle")) {
            return new Oracle(0, 1);
        }
        if (s.startsWith("noisy-oracle")) {
            String[] parts = s.split(":");
            try {
                if (parts.length < 2 || parts.length > 3) {
                    throw new NumberFormatException();
                }
                double p = Double.parseDouble(parts[1]);
                long seed = parts.length == 3 ? Long.parseLong(parts[2]) : 1;
                if (!(p > 0 && p <= 0.5)) {
                    throw new NumberFormatException();
                }
                return new Oracle(p, seed);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PRM '" + spec + "' is invalid: noisy-oracle needs a flip share, "
                        + "e.g. noisy-oracle:0.2 or noisy-oracle:0.2:7; accepted: " + ACCEPTED);
            }
        }
        Path dir = Path.of(s);
        if (s.equals("biased") || isBiasedDirectory(dir)) {
            return new Biased();
        }
        if (!Files.isDirectory(dir) && !s.contains("/") && Files.isDirectory(SHIPPED.resolve(s))) {
            dir = SHIPPED.resolve(s);
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("PRM '" + spec + "' is neither a directory nor a known name; accepted: " + ACCEPTED);
        }
        return new Trained(dir);
    }

    private static boolean isBiasedDirectory(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name != null && name.toString().equals("biased") && Files.isRegularFile(dir.resolve("README.md"))
                && !Files.exists(dir.resolve("manifest.json"));
    }
}
