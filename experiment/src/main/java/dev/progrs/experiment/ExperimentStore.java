package dev.progrs.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.progrs.centering.maths.BonusScale;
import dev.progrs.generator.rollout.OutcomeRule;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The experiment directory: {@code settings.json} (what every run's result depends on) and one
 * {@code cells/<id>.json} per finished run, written atomically. A re-started experiment skips the runs
 * whose file exists, so it resumes where it stopped; seeds, arms and K values may be added later, but
 * a directory made with other settings is refused rather than mixed.
 */
final class ExperimentStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    private ExperimentStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens (or creates) {@code dir} for {@code plan}.
     *
     * @throws IllegalArgumentException if the directory holds results of different settings
     */
    static ExperimentStore open(Path dir, ExperimentPlan plan) throws IOException {
        Files.createDirectories(dir.resolve("cells"));
        Path file = dir.resolve("settings.json");
        Map<String, String> wanted = settings(plan);
        if (Files.exists(file)) {
            @SuppressWarnings("unchecked")
            Map<String, String> stored = JSON.readValue(file.toFile(), LinkedHashMap.class);
            for (var e : wanted.entrySet()) {
                String was = stored.containsKey(e.getKey()) ? stored.get(e.getKey()) : BEFORE_THE_KEY_EXISTED.get(e.getKey());
                if (!Objects.equals(was, e.getValue())) {
                    throw new IllegalArgumentException("experiment directory " + dir + " holds results made with " + e.getKey() + " = "
                            + was + ", not " + e.getValue() + "; resume with the same settings, or use another --out");
                }
            }
        } else {
            JSON.writeValue(file.toFile(), wanted);
        }
        return new ExperimentStore(dir);
    }

    /** Key of the rule that decided the training outcomes; before it was recorded the full verifier rewarded them. */
    static final String OUTCOME_RULE = "outcome-rule";

    /** Key of how the held-out problems were chosen; before it was recorded: the first problems of each step count in --steps. */
    static final String EVAL_SET = "eval-set";

    /** What a setting added later was in effect in a directory whose settings.json predates it. */
    private static final Map<String, String> BEFORE_THE_KEY_EXISTED = Map.of(DualClip.CONFIG, DualClip.OFF.configValue(),
            BonusScale.CONFIG, BonusScale.RAW.configName(), OUTCOME_RULE, OutcomeRule.VERIFIER.id(), EVAL_SET, "first per step count");

    /** The settings a run's result depends on (not the grid: seeds, arms and K values can be extended). */
    static Map<String, String> settings(ExperimentPlan plan) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("warm-policy", plan.warmPolicy().toString());
        plan.prms().forEach((name, path) -> m.put("prm." + name, path.toString()));
        m.put("rollouts", Integer.toString(plan.rollouts()));
        m.put("samples-per-update", Integer.toString(plan.samplesPerUpdate()));
        m.put("evaluations", Integer.toString(plan.evaluations()));
        m.put("eval-problems", Integer.toString(plan.evalProblems()));
        m.put("eval-samples", Integer.toString(plan.evalSamples()));
        m.put("steps", plan.minSteps() + ".." + plan.maxSteps());
        m.put(EVAL_SET, "balanced " + plan.evalMinSteps() + ".." + plan.evalMaxSteps());
        m.put("lr", Float.toString(plan.learningRate()));
        m.put("updates-per-batch", Integer.toString(plan.updatesPerBatch()));
        m.put("temperature", Float.toString(plan.temperature()));
        m.put("lambda", Double.toString(plan.lambda()));
        m.put(DualClip.CONFIG, plan.dualClip().configValue());
        m.put(BonusScale.CONFIG, plan.bonusScale().configName());
        m.put(OUTCOME_RULE, OutcomeRule.forSuite(ArithmeticSuite.NAME).id());
        return m;
    }

    Path dir() {
        return dir;
    }

    /** The stored result of {@code cell}, if that run finished. */
    Optional<CellResult> load(ExperimentCell cell) throws IOException {
        Path file = fileOf(cell);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), CellResult.class));
        } catch (IOException e) {
            throw new IOException("result file " + file + " is unreadable (" + e.getMessage() + "); delete it to run that cell again", e);
        }
    }

    /** Writes {@code result} atomically (temporary file, then rename). */
    void save(CellResult result) throws IOException {
        Path file = fileOf(result.cell());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), result);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path fileOf(ExperimentCell cell) {
        return dir.resolve("cells").resolve(cell.id() + ".json");
    }
}
