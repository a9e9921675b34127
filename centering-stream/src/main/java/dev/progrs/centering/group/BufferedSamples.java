package dev.progrs.centering.group;

import dev.progrs.centering.store.BufferedSample;
import java.nio.ByteBuffer;

/** What a group's state keeps of one scored trajectory; no Kafka here. */
public final class BufferedSamples {

    private BufferedSamples() {
    }

    /** {@link #of(ScoredSample, OutputContent, long)} without a source offset (offline centering, tests). */
    public static BufferedSample of(ScoredSample scored, OutputContent content) {
        return of(scored, content, -1L);
    }

    /**
     * @param scored  a sample that passed {@link SampleInvariants}
     * @param content whether the token arrays are kept ({@link OutputContent#FULL}) or not
     * @param sourceOffset offset of its record on the input topic (−1 when unknown), so that a dead letter
     *                     of the buffered sample can name the original record
     * @return what the advantages record needs of {@code scored}
     */
    public static BufferedSample of(ScoredSample scored, OutputContent content, long sourceOffset) {
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
                .setSourceOffset(sourceOffset)
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
