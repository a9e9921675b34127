package dev.progrs.scorer.scoring;

/** A trajectory the scorer cannot score (it goes to the dead-letter topic with this message as reason). */
public final class InvalidTrajectoryException extends RuntimeException {

    public InvalidTrajectoryException(String message) {
        super(message);
    }
}
