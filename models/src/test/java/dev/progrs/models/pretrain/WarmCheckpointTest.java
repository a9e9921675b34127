package dev.progrs.models.pretrain;

import dev.progrs.models.eval.PassAtOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped warm policy ({@code models/warm/policy-v0}) loads, verifies and solves short chains. */
class WarmCheckpointTest {

    private static final Path WARM = Path.of("warm/policy-v0");

    @Test
    void shippedWarmPolicyLoadsAndSolvesTwoStepProblems() {
        CharTokenizer tok = new CharTokenizer(ArithmeticSuite.ALPHABET);
        try (PolicyModel p = PolicyCheckpoint.load(WARM, Device.cpu(), TransformerConfig.policyDefault(tok.vocabSize()), tok)) {
            assertEquals(0, p.version());
            List<Problem> twoStep = new ArithmeticSuite(ArithmeticSuiteConfig.v0()).testSet().stream()
                    .filter(x -> x.difficulty() == 2).limit(16).toList();
            PassAtOne pass = PassAtOne.evaluate(p, twoStep, 16);
            assertTrue(pass.overall() >= 0.9, pass.summary());
        }
    }
}
