package dev.progrs.experiment;

import ai.djl.Device;
import dev.progrs.models.prm.ProcessRewardModel;
import dev.progrs.models.prm.ProcessRewardModels;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.verify.Verifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every run of one experiment shares, loaded once: the frozen PRMs, the verifier, the suite,
 * the held-out problems and the warm policy's evaluation on them.
 */
final class ExperimentResources implements AutoCloseable {
    final ExperimentPlan plan;
    final Device device;
    final ArithmeticSuite suite;
    final HeldOutEvaluation heldOut;
    final EvalPoint warm;
    final Verifier verifier = new Verifier();
    private final Map<String, ProcessRewardModel> prms = new LinkedHashMap<>();

    ExperimentResources(ExperimentPlan plan, Device device, ArithmeticSuite suite, HeldOutEvaluation heldOut, EvalPoint warm) {
        this.plan = plan;
        this.device = device;
        this.suite = suite;
        this.heldOut = heldOut;
        this.warm = warm;
    }

    /** The PRM named {@code name}, loaded (and its sha256 verified) on first use. */
    synchronized ProcessRewardModel prm(String name) {
        return prms.computeIfAbsent(name, n -> {
            var dir = plan.prms().get(n);
            if (dir == null) {
                throw new IllegalArgumentException("PRM '" + n + "' is not in the plan; known: " + plan.prms().keySet());
            }
            return ProcessRewardModels.load(dir.toString(), device, new dev.progrs.models.tokenizer.CharTokenizer(
                    dev.progrs.tasks.arithmetic.ArithmeticSuite.ALPHABET), suite.config().modulus());
        });
    }

    @Override
    public void close() {
        prms.values().forEach(ProcessRewardModel::close);
        verifier.close();
    }
}
