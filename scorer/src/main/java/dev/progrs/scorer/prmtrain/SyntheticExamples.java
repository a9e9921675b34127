package dev.progrs.scorer.prmtrain;

import dev.progrs.models.pretrain.TrainedSuite;
import dev.progrs.models.prm.PrmExample;
import dev.progrs.models.prm.PrmModel;
import dev.progrs.models.prm.PrmSequence;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.FlawedSolutions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The synthetic training examples of a PRM run: reference and flawed solutions with exact labels. */
final class SyntheticExamples {

    private SyntheticExamples() {
    }

    /**
     * Complete solutions of train problems {@code problem-offset + problems + i/2}: even i the
     * reference solution (R = 1), odd i a random flawed one of the same problem (R from its answer). A complete solution's
     * Monte-Carlo label is exact without sampling, y_T = R. Every other step is labelled too, by what
     * the gold structure says of its prefix: from the first wrong line on, a continuation carries the
     * wrong value on and, with the testbed's injective arithmetic, almost never ends correct, so
     * y_t = 0; before it the prefix is correct and y_t = 1 (the value of a correct prefix to a solver
     * that finishes it — not the warm policy's Monte-Carlo value, which is near 0 on chains longer than
     * it can finish, and so cannot tell a correct prefix from a lost one). Labels are dithered within
     * their bin like the sampled ones.
     */
    static List<PrmExample> of(TrainPrmConfig c, PrmModel prm, SplittableRandom rng) {
        ArithmeticSuite suite = new ArithmeticSuite(TrainedSuite.configOf(c.policyDir()));
        List<FlawedSolutions.Kind> kinds = c.flawKinds();
        List<PrmExample> out = new ArrayList<>(c.synthetic());
        for (int i = 0; i < c.synthetic(); i++) {
            // Pairs: the reference and a flawed solution of the same problem, so the PRM sees the same
            // prompt and step with and without the error; in the labelled step range when one is set.
            long index = c.problemOffset() + c.problems() + i / 2;
            int steps = c.minSteps() == 0 ? suite.trainSteps(index) : c.minSteps() + (int) (index % (c.maxSteps() - c.minSteps() + 1));
            ArithmeticProblem p = suite.trainArithmetic(index, steps);
            String solution = p.referenceSolution();
            boolean correct = true;
            int firstWrong = -1;
            if (i % 2 == 1) {
                FlawedSolutions.Flawed f = FlawedSolutions.random(p, kinds.get(rng.nextInt(kinds.size())), rng);
                solution = f.solution();
                correct = f.answerCorrect();
                firstWrong = f.firstWrongLine();
            }
            PrmSequence seq = PrmSequence.ofText(prm.tokenizer(), p.prompt(), java.util.Arrays.asList(solution.split("\n")));
            if (seq.steps() == 0 || seq.length() > prm.config().architecture().context()) {
                continue;
            }
            double[] y = new double[seq.steps()];
            // Every step is labelled: a prefix of the reference is correct (its value to a solver that
            // finishes what it starts, 1), a prefix holding a wrong line is lost (0); the final step has
            // the exact y_T = R. The same prompt and step with and without the error sit side by side.
            int lostFrom = firstWrong >= 0 ? firstWrong : y.length;
            for (int t = 0; t < y.length - 1; t++) {
                int k = t < lostFrom ? c.continuations() : 0;
                y[t] = c.dither() ? LabelDither.dither(k, c.continuations(), rng) : k / (double) c.continuations();
            }
            int k = correct ? c.continuations() : 0;
            y[y.length - 1] = c.dither() ? LabelDither.dither(k, c.continuations(), rng) : k / (double) c.continuations();
            out.add(new PrmExample(seq, y));
        }
        return out;
    }
}
