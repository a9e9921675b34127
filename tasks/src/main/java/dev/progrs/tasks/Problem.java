package dev.progrs.tasks;

import java.util.Map;
import java.util.Objects;

/**
 * One problem of a suite or benchmark, in the form every stage consumes.
 *
 * @param id                stable identifier, unique within the suite (e.g. {@code arithmetic/test/00042})
 * @param suite             suite or benchmark name (e.g. {@code arithmetic}, {@code math500})
 * @param split             {@code train} or {@code test}
 * @param text              the prompt shown to the policy
 * @param goldAnswer        the answer a verifier compares against
 * @param referenceSolution a worked solution in the policy's format, or {@code null} when none exists
 * @param difficulty        suite-defined difficulty (number of steps for arithmetic, level for MATH), or {@code null}
 * @param meta              extra string fields (subject, level, unit, ...); never {@code null}, unmodifiable
 */
public record Problem(String id, String suite, String split, String text, String goldAnswer,
                      String referenceSolution, Integer difficulty, Map<String, String> meta) {

    public Problem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(goldAnswer, "goldAnswer");
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }
}
