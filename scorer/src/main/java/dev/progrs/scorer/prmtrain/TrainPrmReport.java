package dev.progrs.scorer.prmtrain;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code progrs train-prm} measured on held-out prefixes (rollouts never trained on).
 *
 * @param levels              τ
 * @param coverage            per τ: share of (dithered) labels strictly below Q_τ; calibrated ≈ τ
 * @param rawCoverageBelow    per τ: share of raw MC labels k/M strictly below Q_τ
 * @param rawCoverageAtOrBelow per τ: share of raw labels at or below Q_τ (τ should lie between the two)
 * @param pinball             mean Σ_τ ρ_τ(y − Q_τ) per prefix, on the labels trained on (dithered or raw)
 * @param rawPinball          the same on raw labels
 * @param auroc               AUROC of the last step's median Q_0.5,T for the rollout's outcome R
 * @param heldOutRollouts     rollouts in the report
 * @param heldOutPrefixes     prefixes (steps) in the report
 * @param trainPrefixes       training prefixes
 * @param labelledTrainPrefixes training prefixes that kept their label (label-fraction)
 * @param rolloutAccuracy     share of all rollouts that were correct
 * @param optimiserSteps      Adam steps taken
 * @param epochs              passes over the training data (fractional)
 * @param labelSeconds        wall time of sampling rollouts and continuations
 * @param trainSeconds        wall time of training
 * @param sha256              hash of the frozen weights, verified by reloading
 * @param checkpoint          checkpoint directory
 * @param plot                calibration PNG
 */
public record TrainPrmReport(double[] levels, double[] coverage, double[] rawCoverageBelow, double[] rawCoverageAtOrBelow,
                             double pinball, double rawPinball, double auroc, int heldOutRollouts, int heldOutPrefixes,
                             int trainPrefixes, int labelledTrainPrefixes, double rolloutAccuracy, long optimiserSteps,
                             double epochs, double labelSeconds, double trainSeconds, String sha256, Path checkpoint,
                             Path plot) {

    /** Multi-line summary for the terminal. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "held-out: %d rollouts, %d prefixes (train: %d prefixes, %d labelled); rollout accuracy %.3f%n",
                heldOutRollouts, heldOutPrefixes, trainPrefixes, labelledTrainPrefixes, rolloutAccuracy));
        for (int k = 0; k < levels.length; k++) {
            sb.append(String.format(Locale.ROOT, "  tau %.2f: coverage %.3f (|diff| %.3f); raw labels: below %.3f, at-or-below %.3f%n",
                    levels[k], coverage[k], Math.abs(coverage[k] - levels[k]), rawCoverageBelow[k], rawCoverageAtOrBelow[k]));
        }
        sb.append(String.format(Locale.ROOT, "  pinball %.4f (raw labels %.4f)%n", pinball, rawPinball));
        sb.append(String.format(Locale.ROOT, "  AUROC of last-step median for final correctness: %.3f%n", auroc));
        sb.append(String.format(Locale.ROOT, "  %d optimiser steps, %.2f epochs; labelling %.0f s, training %.0f s%n",
                optimiserSteps, epochs, labelSeconds, trainSeconds));
        sb.append("  frozen PRM sha256 ").append(sha256).append(" at ").append(checkpoint).append(System.lineSeparator());
        sb.append("  calibration plot ").append(plot);
        return sb.toString();
    }

    /** One line for the checkpoint README. */
    public String oneLine() {
        StringBuilder cov = new StringBuilder();
        for (int k = 0; k < levels.length; k++) {
            cov.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "τ=%.2f→%.3f", levels[k], coverage[k]));
        }
        return String.format(Locale.ROOT, "coverage %s; pinball %.4f; AUROC(last-step median vs R) %.3f on %d held-out rollouts / %d prefixes",
                cov, pinball, auroc, heldOutRollouts, heldOutPrefixes);
    }
}
