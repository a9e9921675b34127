package dev.progrs.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.progrs.wire.DriftReport;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Guards the wire contracts: every schema as compiled now must read data written with its first
 * released version (copies in src/test/resources/schemas-v1). A field removed without care, a
 * field added without a default or a type narrowed fails the build here. When a new record type
 * is added, copy its .avsc into schemas-v1 too.
 */
class WireSchemasBackwardCompatibilityTest {
    private static final Map<String, Schema> CURRENT = Map.of(
            "Prompt", Prompt.getClassSchema(),
            "Trajectory", Trajectory.getClassSchema(),
            "ScoredTrajectory", ScoredTrajectory.getClassSchema(),
            "GroupAdvantages", GroupAdvantages.getClassSchema(),
            "PolicyVersion", PolicyVersion.getClassSchema(),
            "DriftReport", DriftReport.getClassSchema());

    private static Map<String, Schema> released() {
        Schema.Parser parser = new Schema.Parser();
        // Trajectory first: ScoredTrajectory refers to it by name.
        Schema trajectory = TestSchemas.load(parser, "/schemas-v1/Trajectory.avsc");
        return Stream.of("Prompt", "ScoredTrajectory", "GroupAdvantages", "PolicyVersion", "DriftReport")
                .collect(Collectors.toMap(n -> n, n -> TestSchemas.load(parser, "/schemas-v1/" + n + ".avsc"),
                        (a, b) -> a, () -> new java.util.HashMap<>(Map.of("Trajectory", trajectory))));
    }

    @TestFactory
    List<DynamicTest> everyCurrentSchemaReadsDataOfItsReleasedVersion() {
        Map<String, Schema> released = released();
        return CURRENT.keySet().stream().sorted().map(name -> DynamicTest.dynamicTest(name, () -> {
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(CURRENT.get(name), released.get(name));
            if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                fail(name + ".avsc is no longer BACKWARD compatible with its released version (schemas-v1/" + name
                        + ".avsc): " + result.getResult().getIncompatibilities()
                        + ". Add new fields with a default; never change or remove a field's type.");
            }
        })).toList();
    }

    @Test
    void everyAvscInSourcesHasAReleasedCopyAndIsChecked() throws IOException {
        Path sources = Path.of("src/main/avro");
        assertTrue(Files.isDirectory(sources), "run from the schemas module directory: " + sources.toAbsolutePath());
        Set<String> names;
        try (Stream<Path> files = Files.list(sources)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(CURRENT.keySet()), names,
                "every .avsc must be listed in CURRENT and copied to src/test/resources/schemas-v1");
        assertEquals(names, new TreeSet<>(released().keySet()));
    }
}
