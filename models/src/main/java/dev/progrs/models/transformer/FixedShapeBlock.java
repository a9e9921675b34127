package dev.progrs.models.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * A block whose parameter shapes are fixed when it is constructed, so initialisation does not
 * depend on an input shape. Subclasses declare parameters with {@link #param} and read them with
 * {@link #value}: the model is single-device and the parameter arrays are used directly (as the
 * second operand of every op, so results belong to the activation's NDManager; see docs/djl-notes.md,
 * pitfall 1).
 */
abstract class FixedShapeBlock extends AbstractBlock {

    FixedShapeBlock() {
        super((byte) 1);
    }

    protected final Parameter param(String name, Parameter.Type type, Initializer init, long... shape) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(new Shape(shape))
                .optInitializer(init).build());
    }

    protected static NDArray value(Parameter p) {
        NDArray a = p.getArray();
        if (a == null) {
            throw new IllegalStateException("parameter '" + p.getName() + "' is not initialised; call initialize() or load a checkpoint first");
        }
        return a;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }
}
