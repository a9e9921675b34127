package dev.progrs.models.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention masks, added to the scaled scores before the softmax.
 *
 * <pre>
 *   M(b, i, j) = 0                        if key j is real (keyMask(b, j) = 1) and, when causal,
 *                                          j ≤ (Tk − Tq) + i   (query i sits at absolute index Tk − Tq + i)
 *              = −1e9                     otherwise
 * </pre>
 * A finite −1e9 (not −∞) keeps a query row whose keys are all masked (a left-padding position)
 * free of NaN: its output is garbage but finite, and nothing reads it.
 */
public final class AttentionMasks {

    /** Added to masked scores. */
    public static final float MASKED = -1e9f;

    private AttentionMasks() {
    }

    /**
     * @param keyMask     [B, Tk] with 1 for real tokens and 0 for padding (any numeric type)
     * @param queryLength Tq: the queries are the last Tq of the Tk positions
     * @param causal      whether to forbid attention to later positions
     * @return [B, 1, Tq, Tk] float32 additive mask
     */
    public static NDArray build(NDArray keyMask, int queryLength, boolean causal) {
        long b = keyMask.getShape().get(0);
        int tk = (int) keyMask.getShape().get(1);
        if (queryLength <= 0 || queryLength > tk) {
            throw new IllegalArgumentException("queryLength " + queryLength + " must be in [1, " + tk + "]");
        }
        NDArray keys = keyMask.toType(DataType.FLOAT32, false).sub(1f).mul(-MASKED).reshape(b, 1, 1, tk);
        if (!causal || queryLength == 1) {
            return keys;
        }
        float[] c = new float[queryLength * tk];
        int offset = tk - queryLength;
        for (int i = 0; i < queryLength; i++) {
            for (int j = offset + i + 1; j < tk; j++) {
                c[i * tk + j] = MASKED;
            }
        }
        NDArray causalMask = keyMask.getManager().create(c, new Shape(1, 1, queryLength, tk));
        return keys.add(causalMask);
    }

    /**
     * The ALiBi bias [1, H, Tq, Tk]: {@code −m_h · (Tk − Tq + i − j)} for keys j at or before query i
     * (later keys get 0; the causal mask removes them). Padding sits only on the left or the right of a
     * row, so grid distance equals token distance between real tokens.
     */
    public static NDArray alibi(ai.djl.ndarray.NDManager manager, int heads, int queryLength, int keyLength) {
        float[] slopes = PositionScheme.alibiSlopes(heads);
        float[] bias = new float[heads * queryLength * keyLength];
        int offset = keyLength - queryLength;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < queryLength; i++) {
                int row = (h * queryLength + i) * keyLength;
                for (int j = 0; j <= offset + i && j < keyLength; j++) {
                    bias[row + j] = -slopes[h] * (offset + i - j);
                }
            }
        }
        return manager.create(bias, new Shape(1, heads, queryLength, keyLength));
    }

    /**
     * Position ids from a padding mask: {@code pos(b, t) = max(0, Σ_{s ≤ t} mask(b, s) − 1)}, so the
     * first real token of every row is at position 0 whether the row is left- or right-padded.
     *
     * @param keyMask [B, T] 1/0 mask
     * @return [B, T] int64
     */
    public static NDArray positions(NDArray keyMask) {
        return keyMask.toType(DataType.INT64, false).cumSum(1).sub(1).maximum(0);
    }
}
