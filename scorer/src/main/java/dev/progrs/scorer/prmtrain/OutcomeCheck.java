package dev.progrs.scorer.prmtrain;

/** Whether a complete response ends with the gold answer (the suite's verifier, as a function). */
@FunctionalInterface
public interface OutcomeCheck {

    boolean correct(String response, String gold);
}
