package dev.progrs.generator.feeder;

import dev.progrs.tasks.Problem;
import dev.progrs.wire.Prompt;

/** The wire {@link Prompt} of a task {@link Problem}: what the feeder publishes and the experiment assembles. */
public final class PromptRecords {

    private PromptRecords() {
    }

    public static Prompt of(Problem p, long createdAtMs) {
        return Prompt.newBuilder()
                .setPromptId(p.id())
                .setProblem(p.text())
                .setGoldAnswer(p.goldAnswer())
                .setSuite(p.suite())
                .setSplit(p.split())
                .setDifficulty(p.difficulty())
                .setCreatedAtMs(createdAtMs)
                .build();
    }
}
