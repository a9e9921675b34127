package dev.progrs.stage.clock;

/**
 * One thing a stage spends time on, with its kind fixed by the activity itself. A stage lists its
 * activities as an enum implementing this interface, so a call site names the activity and cannot
 * record it with the wrong {@link StageClock.Kind}.
 *
 * <pre>{@code
 * enum ScorerActivity implements StageActivity {
 *     SCORING("scoring", Kind.BUSY), INPUT_WAIT("input-wait", Kind.WAITING);
 *     ...
 * }
 * clock.lap(ScorerActivity.SCORING, since);
 * }</pre>
 */
public interface StageActivity {

    /** The name the activity is reported under (e.g. {@code sampling}, {@code prompt-wait}). */
    String id();

    /** Whether it is the stage's own work or time spent blocked on another stage. */
    StageClock.Kind kind();
}
