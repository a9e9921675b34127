package dev.progrs.models.policy;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Switches PyTorch's autograd recording off on the calling thread. Grad mode is thread-local and on
 * by default: DJL switches it off on the thread that starts the engine, but a worker thread started
 * later would record an autograd graph for every op (measured 10–20% slower sampling, and the graph
 * holds memory until the batch's arrays are closed). A {@code GradientCollector} switches it on for
 * its own scope and restores the previous state on close, so training threads call this too.
 */
public final class GradMode {

    private GradMode() {
    }

    /** Autograd recording off on this thread; a no-op for engines other than PyTorch. */
    public static void disableOnThisThread() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }
}
