package dev.progrs.models.checkpoint;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.progrs.models.transformer.TransformerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code manifest.json} of a checkpoint directory: what the weights file is, and what it needs.
 *
 * @param formatVersion     manifest format, {@value #FORMAT_VERSION}
 * @param kind              what the weights are ({@code policy}, ...)
 * @param architecture      transformer hyper-parameters the weights were made for
 * @param tokenizerVersion  {@code CharTokenizer.version()} of the training tokenizer
 * @param tokenizerAlphabet its alphabet (to rebuild it)
 * @param policyVersion     version number of these weights (0 for a warm start)
 * @param weightsFile       file name of the weights, relative to the directory
 * @param weightsSha256     SHA-256 (hex) of the weights file
 * @param weightsBytes      size of the weights file
 * @param parameterCount    number of trainable scalars
 * @param createdAt         ISO-8601 UTC instant
 * @param training          free-form training metadata (command, seed, steps, metrics)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointManifest(int formatVersion, String kind, TransformerConfig architecture, String tokenizerVersion,
                                 String tokenizerAlphabet, long policyVersion, String weightsFile, String weightsSha256,
                                 long weightsBytes, long parameterCount, String createdAt, Map<String, String> training) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public CheckpointManifest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(weightsFile, "weightsFile");
        Objects.requireNonNull(weightsSha256, "weightsSha256");
        training = training == null ? Map.of() : Map.copyOf(new TreeMap<>(training));
    }

    public void write(Path file) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(this));
    }

    /** Reads a manifest; a missing or unreadable file is reported naming it. */
    public static CheckpointManifest read(Path file) {
        return parse(readBytes(file), file);
    }

    /** The bytes of the manifest {@code file}; a missing or unreadable file is reported naming it. */
    static byte[] readBytes(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("checkpoint manifest " + file + " does not exist");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException("checkpoint manifest " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The manifest in {@code bytes}, read from {@code file} (named in errors). */
    static CheckpointManifest parse(byte[] bytes, Path file) {
        try {
            CheckpointManifest m = JSON.readValue(bytes, CheckpointManifest.class);
            if (m.formatVersion() != FORMAT_VERSION) {
                throw new CheckpointException("checkpoint manifest " + file + ": formatVersion expected " + FORMAT_VERSION
                        + ", actual " + m.formatVersion());
            }
            return m;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckpointException ce) {
                throw ce;
            }
            throw new CheckpointException("checkpoint manifest " + file + " is not a valid manifest: " + e.getMessage(), e);
        }
    }
}
