package dev.progrs.cli.options;

import dev.progrs.tasks.arithmetic.StepRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a {@code --steps}-style option into a {@link StepRange}, so a bad value is refused while the command line is parsed. */
public final class StepRangeConverter implements ITypeConverter<StepRange> {

    @Override
    public StepRange convert(String value) {
        try {
            return StepRange.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
