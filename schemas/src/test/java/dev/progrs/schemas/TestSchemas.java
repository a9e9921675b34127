package dev.progrs.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** Schemas from the test resources. */
public final class TestSchemas {
    private TestSchemas() {
    }

    /** Parses the schema in classpath resource {@code path} with a fresh parser. */
    public static Schema load(String path) {
        return load(new Schema.Parser(), path);
    }

    /** Parses the schema in classpath resource {@code path} with {@code parser} (which knows earlier named types). */
    public static Schema load(Schema.Parser parser, String path) {
        try (InputStream in = TestSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
