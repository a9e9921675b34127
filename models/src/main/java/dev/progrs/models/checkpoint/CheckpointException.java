package dev.progrs.models.checkpoint;

/** A checkpoint that cannot be used: missing, corrupt, or made for another architecture or tokenizer. */
public final class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
