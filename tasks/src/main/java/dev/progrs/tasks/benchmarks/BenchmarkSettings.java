package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.benchmarks.fetch.PinnedFile;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Where a command reads the benchmark files from, decided once from its flag and the environment,
 * first match wins:
 * <ol>
 *   <li>{@code --benchmarks-dir DIR}: local copies, read as they are (not checksummed: they may be
 *       your own variants);</li>
 *   <li>{@value #DIR_VARIABLE}: local copies likewise;</li>
 *   <li>the cache {@code $}{@value #HOME_VARIABLE}{@code /benchmarks} ({@value #HOME_VARIABLE}
 *       defaults to {@code ~/.cache/progrs}); a file missing there is fetched on first use from
 *       {@link Benchmark#source()} — or from {@code $}{@value #MIRROR_VARIABLE}{@code /<file name>}
 *       when set — and checked against its pinned SHA-256.</li>
 * </ol>
 * Each variable can also be given as a Java system property named in lower case with dots
 * ({@code PROGRS_BENCHMARKS_DIR} → {@code progrs.benchmarks.dir}), which wins over the variable.
 *
 * @param localDir       directory of local copies, or {@code null} to use the cache
 * @param localDirOrigin where {@code localDir} came from ({@code --benchmarks-dir}, {@code PROGRS_BENCHMARKS_DIR}), or {@code null}
 * @param cache          the download cache (used when {@code localDir} is {@code null}, and by {@code progrs benchmarks})
 * @param mirror         base address replacing every source's own, or {@code null}
 */
public record BenchmarkSettings(Path localDir, String localDirOrigin, BenchmarkCache cache, URI mirror) {

    /** Directory of local benchmark copies, instead of the cache. */
    public static final String DIR_VARIABLE = "PROGRS_BENCHMARKS_DIR";
    /** Root of progrs's per-user files; the cache is its {@code benchmarks} folder. */
    public static final String HOME_VARIABLE = "PROGRS_HOME";
    /** Base URL of a mirror serving the benchmark files under their {@link Benchmark#fileName()}s (same bytes, same hashes). */
    public static final String MIRROR_VARIABLE = "PROGRS_BENCHMARKS_MIRROR";
    /** The flag that names a directory of local copies. */
    public static final String DIR_FLAG = "--benchmarks-dir";

    public BenchmarkSettings {
        Objects.requireNonNull(cache, "cache");
        if (localDir != null && !Files.isDirectory(localDir)) {
            throw new IllegalArgumentException("benchmarks directory " + localDir + " (from " + localDirOrigin + ") does not exist"
                    + " or is not a directory; accepted: a directory holding " + fileNames() + ", or unset "
                    + DIR_VARIABLE + " and drop " + DIR_FLAG + " to use the download cache " + cache.dir());
        }
    }

    /** Settings from {@code flagDir} (may be {@code null}), the system properties and the environment. */
    public static BenchmarkSettings fromEnvironment(Path flagDir) {
        return of(flagDir, BenchmarkSettings::lookup, Path.of(System.getProperty("user.home")));
    }

    /**
     * Settings from {@code flagDir} and {@code variables} (variable name → value or {@code null}).
     *
     * @throws IllegalArgumentException naming the setting when a directory does not exist or the mirror is not an http(s) URL
     */
    public static BenchmarkSettings of(Path flagDir, UnaryOperator<String> variables, Path userHome) {
        String home = blankToNull(variables.apply(HOME_VARIABLE));
        Path cacheDir = (home != null ? Path.of(home) : userHome.resolve(".cache").resolve("progrs")).resolve("benchmarks");
        BenchmarkCache cache = new BenchmarkCache(cacheDir.toAbsolutePath().normalize());
        URI mirror = mirror(blankToNull(variables.apply(MIRROR_VARIABLE)));
        if (flagDir != null) {
            return new BenchmarkSettings(flagDir.toAbsolutePath().normalize(), DIR_FLAG, cache, mirror);
        }
        String dir = blankToNull(variables.apply(DIR_VARIABLE));
        if (dir != null) {
            return new BenchmarkSettings(Path.of(dir).toAbsolutePath().normalize(), DIR_VARIABLE, cache, mirror);
        }
        return new BenchmarkSettings(null, null, cache, mirror);
    }

    /** The system property that stands for {@code variable}: lower case, {@code _} → {@code .}. */
    public static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Whether files come from the cache (no local directory configured). */
    public boolean usesCache() {
        return localDir == null;
    }

    /** Where {@code benchmark} is fetched from: its own source, or the mirror's copy under its file name. */
    public PinnedFile source(Benchmark benchmark) {
        return mirror == null ? benchmark.source() : benchmark.source().at(mirror.resolve(benchmark.fileName()));
    }

    /** One line for start-up output: where files are read from. */
    public String describe() {
        return usesCache()
                ? "benchmarks from the cache " + cache.dir() + (mirror == null ? "" : " (fetched from the mirror " + mirror + ")")
                : "benchmarks from " + localDir + " (" + localDirOrigin + ")";
    }

    /** The file names a benchmarks directory holds, comma-separated. */
    public static String fileNames() {
        return Arrays.stream(Benchmark.values()).map(Benchmark::fileName).collect(Collectors.joining(", "));
    }

    private static URI mirror(String value) {
        if (value == null) {
            return null;
        }
        String base = value.endsWith("/") ? value : value + "/";
        try {
            URI uri = new URI(base);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(MIRROR_VARIABLE + "=" + value + " is not an http(s) URL; accepted: e.g. "
                + "https://mirror.example/progrs-benchmarks/ serving " + fileNames());
    }

    private static String lookup(String variable) {
        String property = System.getProperty(propertyName(variable));
        return property != null ? property : System.getenv(variable);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
