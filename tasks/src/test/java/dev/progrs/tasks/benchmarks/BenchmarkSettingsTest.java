package dev.progrs.tasks.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order in which {@link BenchmarkSettings} picks where benchmark files come from. */
class BenchmarkSettingsTest {

    @TempDir
    Path tmp;

    private BenchmarkSettings of(Path flag, Map<String, String> variables) {
        return BenchmarkSettings.of(flag, variables::get, tmp.resolve("home"));
    }

    @Test
    void theFlagWinsOverTheVariable() throws Exception {
        Path flag = Files.createDirectory(tmp.resolve("flag"));
        Path env = Files.createDirectory(tmp.resolve("env"));
        BenchmarkSettings s = of(flag, Map.of(BenchmarkSettings.DIR_VARIABLE, env.toString()));
        assertEquals(flag, s.localDir());
        assertEquals("--benchmarks-dir", s.localDirOrigin());
        assertTrue(s.describe().contains(flag.toString()), s.describe());
    }

    @Test
    void theVariableWinsOverTheCache() throws Exception {
        Path env = Files.createDirectory(tmp.resolve("env"));
        BenchmarkSettings s = of(null, Map.of(BenchmarkSettings.DIR_VARIABLE, env.toString()));
        assertEquals(env, s.localDir());
        assertEquals("PROGRS_BENCHMARKS_DIR", s.localDirOrigin());
    }

    @Test
    void withoutEitherTheCacheUnderTheUserHomeIsUsed() {
        BenchmarkSettings s = of(null, Map.of(BenchmarkSettings.DIR_VARIABLE, "  "));
        assertTrue(s.usesCache(), "a blank variable counts as unset");
        assertEquals(tmp.resolve("home/.cache/progrs/benchmarks"), s.cache().dir());
        assertNull(s.mirror());
        assertEquals(Benchmark.GSM8K.source(), s.source(Benchmark.GSM8K));
    }

    @Test
    void progrsHomeMovesTheCache() {
        BenchmarkSettings s = of(null, Map.of(BenchmarkSettings.HOME_VARIABLE, tmp.resolve("ph").toString()));
        assertEquals(tmp.resolve("ph/benchmarks"), s.cache().dir());
        assertEquals(tmp.resolve("ph/benchmarks/minerva_math.jsonl"), s.cache().file(Benchmark.MINERVA));
    }

    @Test
    void aMirrorServesEveryFileUnderItsNameWithThePinnedHash() {
        BenchmarkSettings s = of(null, Map.of(BenchmarkSettings.MIRROR_VARIABLE, "https://mirror.example/progrs"));
        assertEquals(URI.create("https://mirror.example/progrs/gsm8k_test.jsonl"), s.source(Benchmark.GSM8K).url());
        assertEquals(Benchmark.GSM8K.source().sha256(), s.source(Benchmark.GSM8K).sha256());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> of(null, Map.of(BenchmarkSettings.MIRROR_VARIABLE, "mirror.example/x")));
        assertTrue(e.getMessage().contains("PROGRS_BENCHMARKS_MIRROR=mirror.example/x") && e.getMessage().contains("http"), e.getMessage());
    }

    @Test
    void aMissingDirectoryNamesThePathWhereItCameFromAndTheAlternatives() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(Path.of("/nonexistent/bench"), Map.of()));
        assertTrue(e.getMessage().contains("/nonexistent/bench") && e.getMessage().contains("--benchmarks-dir")
                && e.getMessage().contains("math500.jsonl") && e.getMessage().contains(".cache/progrs/benchmarks"), e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> of(null, Map.of(BenchmarkSettings.DIR_VARIABLE, "/nonexistent/env")));
        assertTrue(v.getMessage().contains("/nonexistent/env (from PROGRS_BENCHMARKS_DIR)"), v.getMessage());
    }

    @Test
    void everyVariableHasADottedSystemProperty() {
        assertEquals("progrs.benchmarks.dir", BenchmarkSettings.propertyName(BenchmarkSettings.DIR_VARIABLE));
        assertEquals("progrs.home", BenchmarkSettings.propertyName(BenchmarkSettings.HOME_VARIABLE));
        assertEquals("progrs.benchmarks.mirror", BenchmarkSettings.propertyName(BenchmarkSettings.MIRROR_VARIABLE));
    }
}
