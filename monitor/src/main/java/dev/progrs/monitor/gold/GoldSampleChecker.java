package dev.progrs.monitor.gold;

import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.arithmetic.GoldStepChecker;
import dev.progrs.tasks.arithmetic.SuiteVersion;

/**
 * Runs the gold step checker on one generated sample as the monitor receives it: the problem is
 * parsed back from the prompt text ({@link ArithmeticProblem#parse}, with the modulus of the suite
 * edition the pipeline draws from) and the response text is checked against it
 * ({@link GoldStepChecker#check}). Only samples of the built-in suite ({@value ArithmeticSuite#NAME})
 * are checked; anything else is {@link GoldVerdict#NOT_CHECKED}.
 *
 * <p>It is an instrument, never a reward: the monitor reads it to see reward hacking that the PRM is
 * blind to. Pure and thread-safe.
 */
public final class GoldSampleChecker {
    private final int modulus;

    /** @param modulus the modulus the suite's values are reduced by (2..{@value ArithmeticSuiteConfig#MAX_MODULUS}) */
    public GoldSampleChecker(int modulus) {
        if (modulus < 2 || modulus > ArithmeticSuiteConfig.MAX_MODULUS) {
            throw new IllegalArgumentException("modulus must be in 2.." + ArithmeticSuiteConfig.MAX_MODULUS + ", got " + modulus);
        }
        this.modulus = modulus;
    }

    /** The checker of a named suite edition (its modulus: v1 7, v0 10). */
    public static GoldSampleChecker forSuite(SuiteVersion edition) {
        return new GoldSampleChecker(ArithmeticSuiteConfig.named(edition.configName()).modulus());
    }

    /** The checker of the default suite ({@link ArithmeticSuiteConfig#defaults()}). */
    public static GoldSampleChecker defaultSuite() {
        return new GoldSampleChecker(ArithmeticSuiteConfig.defaults().modulus());
    }

    /** @return the modulus problems are parsed with */
    public int modulus() {
        return modulus;
    }

    /**
     * The gold verdict of one sample.
     *
     * @param suite    the sample's suite ({@code Trajectory.suite})
     * @param prompt   the problem text the policy was conditioned on
     * @param response the decoded response (step lines, then {@code Answer: …})
     * @return the verdict; {@link GoldVerdict#NOT_CHECKED} for another suite or a prompt that does not parse
     */
    public GoldVerdict check(String suite, String prompt, String response) {
        if (!ArithmeticSuite.NAME.equals(suite) || prompt == null || response == null) {
            return GoldVerdict.NOT_CHECKED;
        }
        // The prompt and the response are whatever arrived on the topic; a text the checker cannot
        // read must cost that one sample its verdict, never stop the monitor's loop.
        try {
            ArithmeticProblem problem = ArithmeticProblem.parse(prompt, modulus);
            return GoldVerdict.of(GoldStepChecker.check(problem, response));
        } catch (RuntimeException unreadable) {
            return GoldVerdict.NOT_CHECKED;
        }
    }
}
