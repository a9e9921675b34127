package dev.progrs.tasks.arithmetic;

/**
 * Why a solution line is not the gold step at its position ({@link GoldStepChecker}). The first
 * applicable kind in declaration order is reported.
 */
public enum StepError {
    /** The line is the gold step: right target, operation, operand values and result. */
    NONE,
    /** The line is not {@code name=x∘y=z} with numbers x, y, z. */
    MALFORMED,
    /** The line computes a later step's target: the steps in between were skipped. */
    SKIPPED_STEP,
    /** The line's target is neither this step's nor a later step's (e.g. a repeated line). */
    WRONG_TARGET,
    /** Right target, wrong operator. */
    WRONG_OPERATION,
    /** An operand value is not the value of the quantity the step names (a wrong copy, or an earlier error carried on). */
    WRONG_OPERAND,
    /** Right operands, wrong result: an arithmetic slip. */
    SLIP,
    /** The solution stops (answer line or end of text) before this step. */
    MISSING,
    /** A step line after the last gold step. */
    EXTRA
}
