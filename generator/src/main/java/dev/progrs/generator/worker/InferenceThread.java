package dev.progrs.generator.worker;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Puts the calling thread in inference mode for DJL's PyTorch engine. PyTorch's grad mode is
 * thread-local and on by default: DJL switches it off on the thread that starts the engine, but a
 * worker thread started later would record an autograd graph for every decoding op (measured
 * 10–20% slower sampling, and the graph holds memory until the batch's arrays are closed).
 */
public final class InferenceThread {

    private InferenceThread() {
    }

    /** Switches autograd recording off on this thread; a no-op for engines other than PyTorch. */
    public static void enter() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }
}
