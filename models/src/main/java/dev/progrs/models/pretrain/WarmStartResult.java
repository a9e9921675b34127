package dev.progrs.models.pretrain;

import dev.progrs.models.eval.PassAtOne;
import java.nio.file.Path;

/**
 * Outcome of a warm start.
 *
 * @param checkpoint   directory written
 * @param steps        optimizer steps taken
 * @param seconds      wall-clock training time (evaluation excluded)
 * @param firstLoss    mean loss over the first 25 steps (NaN if fewer)
 * @param finalLoss    mean loss over the last 50 steps
 * @param passAtOne    greedy Pass@1 on the whole test split
 * @param lossCurve    PNG of the loss curve
 */
public record WarmStartResult(Path checkpoint, long steps, double seconds, double firstLoss, double finalLoss, PassAtOne passAtOne, Path lossCurve) {
}
