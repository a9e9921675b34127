package dev.progrs.centering.group;

import dev.progrs.centering.store.BufferedSample;
import java.nio.ByteBuffer;

/** What a group's state keeps of one scored trajectory; no Kafka here. */
public final class BufferedSamples {

    private BufferedSamples() {
    }

    /**
     * @param scored  a sample that passed {@link SampleInvariants}
     * @param content whether the token arrays are kept ({@link OutputContent#FULL}) or not
     * @return what the advantages record needs of {@code scored}
     */
    public static BufferedSample of(ScoredSample scored, OutputContent content) {
        boolean tokens = content.keepsTokens();
        return BufferedSample.newBuilder()
                .setSampleIndex(scored.sampleIndex())
                .setPolicyVersion(scored.policyVersion())
                .setOutcome(scored.outcome())
                .setProcessScore(scored.processScore())
                .setPromptTokenIds(ByteBuffer.wrap(tokens ? scored.promptTokenIds() : TokenArrays.empty()))
                .setResponseTokenIds(ByteBuffer.wrap(tokens ? scored.responseTokenIds() : TokenArrays.empty()))
                .setBehaviourLogProbs(ByteBuffer.wrap(tokens ? scored.behaviourLogProbs() : TokenArrays.empty()))
                .setExtractedAnswer(scored.extractedAnswer())
                .setStepCount(scored.stepCount())
                .setGeneratedAtMs(scored.generatedAtMs())
                .build();
    }

    /** @return the bytes of an Avro {@code bytes} field, without copying when they fill the buffer's array */
    public static byte[] bytes(ByteBuffer b) {
        if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == b.array().length) {
            return b.array();
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
