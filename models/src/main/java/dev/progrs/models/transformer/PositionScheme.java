package dev.progrs.models.transformer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a transformer knows where a token sits.
 *
 * <pre>
 *   LEARNED: e(t) = E[x_t] + P[pos_t]                  P: C×d learned table (absolute positions)
 *   ALIBI:   e(t) = E[x_t];  scores_h(i, j) += −m_h · (i − j),   m_h = 2^(−8h/H), h = 1..H
 * </pre>
 * ALiBi (Press et al., 2022) is a fixed additive attention bias that depends only on the distance
 * i − j, so a text means the same wherever it sits (shifting every position changes nothing) and no
 * table row can be left untrained; heads with small slopes see the whole context, heads with large
 * slopes the last few tokens.
 */
public enum PositionScheme {
    LEARNED,
    ALIBI;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PositionScheme fromConfig(String value) {
        if (value != null) {
            for (PositionScheme p : values()) {
                if (p.configName().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("transformer key 'positions' = " + value + "; accepted: "
                + Arrays.stream(values()).map(PositionScheme::configName).collect(Collectors.joining(", ")));
    }

    /** The slopes m_h = 2^(−8h/H), h = 1..H. */
    public static float[] alibiSlopes(int heads) {
        float[] m = new float[heads];
        for (int h = 1; h <= heads; h++) {
            m[h - 1] = (float) Math.pow(2, -8.0 * h / heads);
        }
        return m;
    }
}
