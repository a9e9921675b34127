package dev.progrs.scorer.prmtrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.models.prm.PrmSequence;
import dev.progrs.tasks.Problem;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled rollouts as JSON lines, so that a PRM can be retrained (other epochs, label fraction,
 * seed) without sampling the Monte-Carlo labels again, which is the expensive part.
 */
public final class LabelStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line. */
    public record Line(String id, String suite, String split, String text, String gold, Integer difficulty, int[] promptIds,
                       int[] responseIds, int[] tokenIds, int[] boundaries, boolean correct, int[] successes, int continuations) {
    }

    private LabelStore() {
    }

    public static void write(Path file, List<Rollout> rollouts) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (Rollout r : rollouts) {
                Problem p = r.problem();
                w.write(JSON.writeValueAsString(new Line(p.id(), p.suite(), p.split(), p.text(), p.goldAnswer(), p.difficulty(),
                        r.promptIds(), r.responseIds(), r.sequence().tokenIds(), r.sequence().boundaries(), r.correct(),
                        r.successes(), r.continuations())));
                w.newLine();
            }
        }
    }

    /** Reads what {@link #write} wrote; a bad line is reported with its number. */
    public static List<Rollout> read(Path file) {
        List<Rollout> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Line l = JSON.readValue(line, Line.class);
                    Problem p = new Problem(l.id(), l.suite(), l.split(), l.text(), l.gold(), null, l.difficulty(), null);
                    out.add(new Rollout(p, l.promptIds(), l.responseIds(), new PrmSequence(l.tokenIds(), l.boundaries(), l.promptIds().length),
                            l.correct(), l.successes(), l.continuations()));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("label file " + file + " line " + n + " is not a labelled rollout: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read label file " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
