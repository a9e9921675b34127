package dev.progrs.tasks.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The maths benchmarks in {@code shared/data/benchmarks/}, with their file names. */
public enum Benchmark {
    MATH500("math500", "math500.jsonl"),
    AIME24("aime24", "aime24.jsonl"),
    AMC23("amc23", "amc23.jsonl"),
    MINERVA("minerva", "minerva_math.jsonl"),
    OLYMPIADBENCH("olympiadbench", "olympiadbench.jsonl"),
    GSM8K("gsm8k", "gsm8k_test.jsonl");

    private final String id;
    private final String fileName;

    Benchmark(String id, String fileName) {
        this.id = id;
        this.fileName = fileName;
    }

    /** Name used on the command line and as {@code Problem.suite()}. */
    public String id() {
        return id;
    }

    public String fileName() {
        return fileName;
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
}
