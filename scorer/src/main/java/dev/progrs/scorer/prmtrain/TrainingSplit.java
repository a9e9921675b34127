package dev.progrs.scorer.prmtrain;

import dev.progrs.models.prm.PrmExample;
import dev.progrs.models.prm.PrmModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The rollouts of a PRM training run, split for fitting and evaluation:
 * <ul>
 *   <li>by problem into held-out ({@code held-out} of the problems) and training, so no held-out
 *       prompt has rollouts in training;</li>
 *   <li>the first {@code validation} of the training rollouts kept aside for early stopping, and with
 *       {@code validate-synthetic} the same share of the synthetic examples (whole pairs) with them;</li>
 *   <li>the rest labelled per step (dithered within their bin when {@code dither}), each label kept
 *       with probability {@code label-fraction}, plus the synthetic examples
 *       ({@link SyntheticExamples}).</li>
 * </ul>
 *
 * @param heldOut       rollouts of the held-out problems, unlabelled (the evaluation labels them)
 * @param validation    labelled examples for early stopping
 * @param train         labelled examples to fit on (each with at least one label)
 * @param trainPrefixes step prefixes of the training rollouts, labelled or not
 * @param labelled      those of them that kept their label
 * @param validationRollouts how many of {@code validation}, at its head, are Monte-Carlo-labelled rollouts (the rest synthetic)
 */
record TrainingSplit(List<Rollout> heldOut, List<PrmExample> validation, List<PrmExample> train, int trainPrefixes, int labelled,
                     int validationRollouts) {

    /** Splits {@code rollouts} (those with at least one step) with the seeds of {@code c}. */
    static TrainingSplit of(TrainPrmConfig c, PrmModel prm, List<Rollout> rollouts) {
        Map<String, List<Rollout>> byProblem = new LinkedHashMap<>();
        for (Rollout r : rollouts) {
            byProblem.computeIfAbsent(r.problem().id(), k -> new ArrayList<>()).add(r);
        }
        List<String> order = new ArrayList<>(byProblem.keySet());
        Collections.shuffle(order, new Random(c.seed()));
        int heldOutCount = (int) Math.ceil(c.heldOutFraction() * order.size());
        List<Rollout> heldOut = new ArrayList<>();
        List<Rollout> train = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            (i < heldOutCount ? heldOut : train).addAll(byProblem.get(order.get(i)));
        }

        SplittableRandom labelRng = new SplittableRandom(c.seed() * 31 + 7);
        int validationCount = (int) Math.floor(c.validationFraction() * train.size());
        List<PrmExample> validation = new ArrayList<>();
        for (Rollout r : train.subList(0, validationCount)) {
            validation.add(new PrmExample(r.sequence(), labels(r, c.dither(), labelRng)));
        }
        List<PrmExample> trainExamples = new ArrayList<>();
        int trainPrefixes = 0;
        int labelled = 0;
        for (Rollout r : train.subList(validationCount, train.size())) {
            double[] y = labels(r, c.dither(), labelRng);
            for (int t = 0; t < y.length; t++) {
                trainPrefixes++;
                if (labelRng.nextDouble() >= c.labelFraction()) {
                    y[t] = Double.NaN;
                } else {
                    labelled++;
                }
            }
            PrmExample e = new PrmExample(r.sequence(), y);
            if (e.labelled() > 0) {
                trainExamples.add(e);
            }
        }
        int validationRollouts = validation.size();
        List<PrmExample> synthetic = SyntheticExamples.of(c, prm, labelRng);
        if (c.validateSynthetic() && !validation.isEmpty()) {
            // early stopping sees both label sources: the synthetic examples of the first problems (whole
            // reference/flawed pairs) join the validation rollouts in the share the rollouts have
            int held = 2 * (int) Math.floor(c.validationFraction() * synthetic.size() / 2);
            validation.addAll(synthetic.subList(0, held));
            synthetic = synthetic.subList(held, synthetic.size());
        }
        trainExamples.addAll(synthetic);
        return new TrainingSplit(heldOut, validation, trainExamples, trainPrefixes, labelled, validationRollouts);
    }

    /** Per-step labels of {@code r}: its success counts dithered within their bin, or its raw success rates. */
    static double[] labels(Rollout r, boolean dither, SplittableRandom rng) {
        if (!dither) {
            return r.successRates();
        }
        double[] y = new double[r.successes().length];
        for (int t = 0; t < y.length; t++) {
            y[t] = LabelDither.dither(r.successes()[t], r.continuations(), rng);
        }
        return y;
    }
}
