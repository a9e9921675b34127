package dev.progrs.models.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * Per-layer key/value tensors [B, H, T, d_h] of the positions decoded so far.
 *
 * <p>The cache owns its arrays: {@link #replace} unregisters the new ones from the current
 * {@link NDScope} (so they outlive the decode step that made them) and closes the previous ones
 * (which the new ones were concatenated from). Close the cache when decoding ends.
 */
public final class KvCache implements AutoCloseable {

    private final NDArray[] keys;
    private final NDArray[] values;

    public KvCache(int layers) {
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    public NDArray keys(int layer) {
        return keys[layer];
    }

    public NDArray values(int layer) {
        return values[layer];
    }

    /** Number of cached positions (0 before the first call). */
    public long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    public void replace(int layer, NDArray newKeys, NDArray newValues) {
        NDScope.unregister(newKeys, newValues);
        NDArray oldK = keys[layer];
        NDArray oldV = values[layer];
        keys[layer] = newKeys;
        values[layer] = newValues;
        if (oldK != null && oldK != newKeys) {
            oldK.close();
        }
        if (oldV != null && oldV != newValues) {
            oldV.close();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                keys[i].close();
                keys[i] = null;
            }
            if (values[i] != null) {
                values[i].close();
                values[i] = null;
            }
        }
    }
}
