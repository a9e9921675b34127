package dev.progrs.it.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of the code base, read from the sources: no import cycle between packages, the
 * experiment runs on the stages' pure steps (no worker or topology package), one class per shared concern,
 * and nothing points at notes outside the repository.
 */
class ArchitectureTest {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.progrs\\.[\\w.]+?)\\.[A-Z][\\w]*(?:\\.[\\w*]+)*;",
            Pattern.MULTILINE);

    /** The repository root: the tests module's parent. */
    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("tests")) ? here : here.getParent();
    }

    private static List<Path> mainSources() {
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** package → the dev.progrs packages its main sources import. */
    private static Map<String, Set<String>> packageImports() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path p : mainSources()) {
            String text = read(p);
            Matcher pm = PACKAGE.matcher(text);
            if (!pm.find()) {
                continue;
            }
            String pkg = pm.group(1);
            Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher im = IMPORT.matcher(text);
            while (im.find()) {
                if (!im.group(1).equals(pkg)) {
                    deps.add(im.group(1));
                }
            }
        }
        return graph;
    }

    @Test
    void noPackageImportCycle() {
        List<List<String>> cycles = StronglyConnected.components(packageImports()).stream().filter(c -> c.size() > 1).toList();
        assertEquals(List.of(), cycles, "packages that import each other (directly or through others)");
    }

    @Test
    void theExperimentImportsNoWorkerOrTopologyPackage() {
        List<String> offending = new ArrayList<>();
        packageImports().forEach((pkg, deps) -> {
            if (pkg.startsWith("dev.progrs.experiment")) {
                deps.stream().filter(d -> d.endsWith(".worker") || d.endsWith(".topology") || d.contains(".worker.")
                        || d.contains(".topology.")).forEach(d -> offending.add(pkg + " -> " + d));
            }
        });
        assertEquals(List.of(), offending);
    }

    @Test
    void oneClassPerSharedConcern() {
        Map<String, List<String>> byName = new HashMap<>();
        for (Path p : mainSources()) {
            byName.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>()).add(root().relativize(p).toString());
        }
        for (String concern : List.of("InvalidSettingException.java", "SimulatedCrash.java", "DeadLetters.java")) {
            List<String> files = byName.getOrDefault(concern, List.of());
            assertTrue(files.size() <= 1, concern + " is written " + files.size() + " times: " + files);
        }
    }

    @Test
    void nothingPointsAtNotesOutsideTheRepository() {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root())) {
            s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .filter(p -> p.getFileName().toString().equals("README.md") || p.toString().contains("/src/")
                            || p.startsWith(root().resolve("docs")))
                    .filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".java"))
                    .forEach(p -> {
                        if (read(p).contains(".." + "/shared")) {
                            hits.add(root().relativize(p).toString());
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(List.of(), hits);
    }

    /** Tarjan's strongly connected components of a directed graph. */
    private static final class StronglyConnected {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new java.util.HashSet<>();
        private final List<List<String>> components = new ArrayList<>();
        private int next;

        private StronglyConnected(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        static List<List<String>> components(Map<String, Set<String>> graph) {
            StronglyConnected s = new StronglyConnected(graph);
            graph.keySet().forEach(v -> {
                if (!s.index.containsKey(v)) {
                    s.visit(v);
                }
            });
            return s.components;
        }

        private void visit(String v) {
            index.put(v, next);
            low.put(v, next);
            next++;
            stack.push(v);
            onStack.add(v);
            for (String w : graph.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> c = new ArrayList<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    c.add(w);
                } while (!w.equals(v));
                c.sort(null);
                components.add(c);
            }
        }
    }
}
