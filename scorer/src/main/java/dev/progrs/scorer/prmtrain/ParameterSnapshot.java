package dev.progrs.scorer.prmtrain;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/** A host-memory copy of a block's parameter values (for keeping the best epoch's weights). */
final class ParameterSnapshot {

    private final Map<String, float[]> values;

    private ParameterSnapshot(Map<String, float[]> values) {
        this.values = values;
    }

    static ParameterSnapshot of(Block block) {
        Map<String, float[]> v = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            v.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return new ParameterSnapshot(v);
    }

    /** Writes the copied values back into the same block's parameter arrays. */
    void restore(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] v = values.get(p.getKey());
            if (v == null) {
                throw new IllegalStateException("snapshot has no parameter " + p.getKey());
            }
            p.getValue().getArray().set(v);
        }
    }
}
