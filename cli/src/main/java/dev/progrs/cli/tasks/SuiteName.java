package dev.progrs.cli.tasks;

import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.benchmarks.Benchmark;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Picocli conversion and completion of suite names: {@code arithmetic} or a benchmark id. */
final class SuiteName implements CommandLine.ITypeConverter<String>, Iterable<String> {

    static List<String> accepted() {
        List<String> names = new ArrayList<>();
        names.add(ArithmeticSuite.NAME);
        for (Benchmark b : Benchmark.values()) {
            names.add(b.id());
        }
        return names;
    }

    @Override
    public String convert(String value) {
        if (ArithmeticSuite.NAME.equalsIgnoreCase(value.trim())) {
            return ArithmeticSuite.NAME;
        }
        try {
            return Benchmark.parse(value).id();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a suite; accepted: " + String.join(", ", accepted()));
        }
    }

    @Override
    public Iterator<String> iterator() {
        return accepted().iterator();
    }
}
