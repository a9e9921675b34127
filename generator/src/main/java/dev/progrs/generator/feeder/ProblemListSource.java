package dev.progrs.generator.feeder;

import dev.progrs.tasks.Problem;
import java.util.List;
import java.util.Optional;

/** A fixed list of problems (e.g. a benchmark file), in order, then exhausted. Not thread-safe. */
public final class ProblemListSource implements PromptSource {

    private final List<Problem> problems;
    private int next;

    public ProblemListSource(List<Problem> problems) {
        this.problems = List.copyOf(problems);
    }

    @Override
    public Optional<Problem> next() {
        return next < problems.size() ? Optional.of(problems.get(next++)) : Optional.empty();
    }
}
