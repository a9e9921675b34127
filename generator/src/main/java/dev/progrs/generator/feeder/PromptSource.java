package dev.progrs.generator.feeder;

import dev.progrs.tasks.Problem;
import java.util.Optional;

/** Where the feeder's problems come from, in publication order. */
@FunctionalInterface
public interface PromptSource {

    /** The next problem, or empty when the source is exhausted. */
    Optional<Problem> next();
}
