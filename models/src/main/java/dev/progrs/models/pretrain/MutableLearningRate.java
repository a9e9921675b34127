package dev.progrs.models.pretrain;

import ai.djl.training.tracker.Tracker;

/** A DJL {@link Tracker} whose value the training loop sets before each optimizer step. */
final class MutableLearningRate implements Tracker {

    private volatile float value;

    MutableLearningRate(float initial) {
        this.value = initial;
    }

    void set(float lr) {
        this.value = lr;
    }

    float get() {
        return value;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value;
    }
}
