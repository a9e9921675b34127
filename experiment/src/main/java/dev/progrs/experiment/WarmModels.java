package dev.progrs.experiment;

import ai.djl.Device;
import dev.progrs.models.eval.ArithmeticAnswer;
import dev.progrs.models.pretrain.SupervisedWarmStart;
import dev.progrs.models.pretrain.WarmStartConfig;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.scorer.prmtrain.TrainPrmConfig;
import dev.progrs.scorer.prmtrain.TrainPrmRun;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The warm models a training run starts from: the requested checkpoint when it exists, else one trained
 * once with the shipped recipe ({@code progrs pretrain} / {@code progrs train-prm} defaults) into a cache
 * directory and reused from there by every later run.
 *
 * @param cacheDir where trained warm models go: {@code policy-v1/}, {@code prm-v1/}
 * @param device   DJL device of the training
 * @param log      where training progress is printed
 */
public record WarmModels(Path cacheDir, Device device, PrintStream log) {

    /** The requested policy checkpoint when it has a manifest, else the cached one (trained now if missing). */
    public Path policy(Path requested) throws IOException {
        if (Files.isRegularFile(requested.resolve("manifest.json"))) {
            return requested;
        }
        Path cached = cacheDir.resolve("policy-v1");
        if (!Files.isRegularFile(cached.resolve("manifest.json"))) {
            log.println("no warm policy at " + requested + ": training one into " + cached + " (the progrs pretrain recipe)");
            CharTokenizer tokenizer = new CharTokenizer(ArithmeticSuite.ALPHABET);
            TransformerConfig architecture = TransformerConfig.policyV1(tokenizer.vocabSize());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("command", "progrs pretrain --out " + cached);
            new SupervisedWarmStart(WarmStartConfig.defaults().withOut(cached), new ArithmeticSuite(ArithmeticSuiteConfig.defaults()),
                    architecture, tokenizer, device, log).run(meta);
        }
        return cached;
    }

    /**
     * The requested PRM when it is a checkpoint or a training-free PRM ({@code oracle}, {@code noisy-oracle:P},
     * {@code biased}), else the cached one (trained now from {@code policy} if missing).
     */
    public Path prm(Path requested, Path policy) throws IOException {
        String spec = requested.toString();
        if (Files.isRegularFile(requested.resolve("manifest.json")) || spec.equals("oracle") || spec.startsWith("noisy-oracle")
                || spec.equals("biased") || requested.endsWith("biased")) {
            return requested;
        }
        Path cached = cacheDir.resolve("prm-v1");
        if (!Files.isRegularFile(cached.resolve("manifest.json"))) {
            log.println("no PRM at " + requested + ": training one into " + cached + " (the progrs train-prm recipe)");
            TrainPrmRun.run(TrainPrmConfig.defaults(policy, cached), ArithmeticAnswer::correct, log);
        }
        return cached;
    }
}
