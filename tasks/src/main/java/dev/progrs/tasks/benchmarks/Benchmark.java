package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.benchmarks.fetch.PinnedFile;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The maths benchmarks, each with its file name (in a benchmarks directory and in the cache) and
 * the public file it is fetched from.
 *
 * <p>Sources, pinned to a commit so the bytes cannot change under the hash:
 * <ul>
 *   <li>MATH-500: {@code prm800k/math_splits/test.jsonl} of openai/prm800k, the 500-problem split of
 *       Lightman et al. (2023) that the Hugging Face Hub also carries as {@code HuggingFaceH4/MATH-500}
 *       (the Hub's bytes were not compared); a Git LFS object, hence the
 *       {@code media.githubusercontent.com} address;</li>
 *   <li>AIME24, AMC23, Minerva, OlympiadBench, GSM8K: {@code evaluation/data/<name>/test.jsonl} of
 *       QwenLM/Qwen2.5-Math, the files of that project's evaluation harness.</li>
 * </ul>
 * Each SHA-256 and size was computed from those commits' git objects (for MATH-500, the LFS
 * pointer's {@code oid} and {@code size}) and equals the copies {@link BenchmarkLoader}'s field
 * mapping was written against.
 */
public enum Benchmark {
    MATH500("math500", "math500.jsonl", new PinnedFile(URI.create(Sources.PRM800K + "prm800k/math_splits/test.jsonl"),
            "35dc41080a3680858b27fa7e0533d2d547825316fc5dafe5d316f4ccc5a06132", 446_564)),
    AIME24("aime24", "aime24.jsonl", new PinnedFile(URI.create(Sources.QWEN25_MATH + "aime24/test.jsonl"),
            "af2b8bd2aa911b6333ad0df32f3ca05c7ae8ed10f1731f4372c8ae26990bf7ac", 156_944)),
    AMC23("amc23", "amc23.jsonl", new PinnedFile(URI.create(Sources.QWEN25_MATH + "amc23/test.jsonl"),
            "43707e1ca784602d8479de24ee8ce36609dbebc46dd152b0b12a46611aa898a4", 27_631)),
    MINERVA("minerva", "minerva_math.jsonl", new PinnedFile(URI.create(Sources.QWEN25_MATH + "minerva_math/test.jsonl"),
            "0e656b430d3a0a1dab6aa853f453ba3805e28e2cabe4fc72486a897cc09d8ba2", 247_267)),
    OLYMPIADBENCH("olympiadbench", "olympiadbench.jsonl", new PinnedFile(URI.create(Sources.QWEN25_MATH + "olympiadbench/test.jsonl"),
            "bb8c1e38a16ea9eacb77530315a674d883f267fbff79183effc53681b4fcc416", 1_493_870)),
    GSM8K("gsm8k", "gsm8k_test.jsonl", new PinnedFile(URI.create(Sources.QWEN25_MATH + "gsm8k/test.jsonl"),
            "9f098df7ff4522078d6ccec27a5c38a454790fdb51131bedfaa0e490070d5394", 761_421));

    private final String id;
    private final String fileName;
    private final PinnedFile source;

    Benchmark(String id, String fileName, PinnedFile source) {
        this.id = id;
        this.fileName = fileName;
        this.source = source;
    }

    /** Name used on the command line and as {@code Problem.suite()}. */
    public String id() {
        return id;
    }

    /** The file's name in a benchmarks directory and in the cache. */
    public String fileName() {
        return fileName;
    }

    /** Where the file is fetched from, with its pinned SHA-256 and size. */
    public PinnedFile source() {
        return source;
    }

    /** Parses {@code math500}, {@code MATH500}, {@code minerva_math}, ... */
    public static Benchmark parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (Benchmark b : values()) {
            if (b.id.replace("_", "").equals(n) || b.name().toLowerCase(Locale.ROOT).equals(n)
                    || b.fileName.replace(".jsonl", "").replace("_", "").equals(n)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown benchmark '" + name + "'; accepted: " + accepted());
    }

    /** The accepted names, comma-separated. */
    public static String accepted() {
        return Arrays.stream(values()).map(Benchmark::id).collect(Collectors.joining(", "));
    }

    /** Commit-pinned base addresses of the sources (enum constants cannot refer to their own static fields). */
    private static final class Sources {
        static final String PRM800K =
                "https://media.githubusercontent.com/media/openai/prm800k/7ecc794703b2877f63226f2477a49b34f9b25163/";
        static final String QWEN25_MATH =
                "https://raw.githubusercontent.com/QwenLM/Qwen2.5-Math/a45202bd16f1ec06f433442dc1152d0074773465/evaluation/data/";
    }
}
