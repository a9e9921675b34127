package dev.progrs.experiment;

import dev.progrs.centering.maths.BonusScale;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.stage.settings.InvalidSettingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grid and the shared settings of one experiment, validated once. Every arm gets the same warm
 * policy, prompts (per seed), rollout budget, samples per update and learning rate.
 *
 * @param warmPolicy       warm-start policy checkpoint shared by every run
 * @param prms             PRM name → checkpoint (at least one), e.g. default and weak
 * @param arms             arms to run, each with its K values and number of seeds
 * @param groupSizes       K values of the grid
 * @param seeds            seeds; each seed is one replicate of the whole grid
 * @param rollouts         training samples per run (the supervised control trains on as many reference sequences)
 * @param samplesPerUpdate samples per GRPO update; B = samplesPerUpdate / K groups, so every K makes the same number of updates
 * @param evaluations      held-out evaluations per run after the warm start, evenly spaced in updates
 * @param evalProblems     held-out test problems (balanced over the step range)
 * @param evalSamples      samples per held-out problem at the training temperature for the primary Pass@1; 0 = greedy
 * @param minSteps         fewest solution steps of training and held-out problems
 * @param maxSteps         most solution steps
 * @param evalMinSteps     fewest steps of the held-out problems
 * @param evalMaxSteps     most steps of the held-out problems
 * @param learningRate     Adam learning rate of every arm, finite and &gt; 0 (above 2e-4: see {@link #warnings()})
 * @param updatesPerBatch  optimiser steps per batch (GRPO) — the control makes as many per batch
 * @param temperature      sampling temperature
 * @param lambda           PRM bonus weight λ of the PRM arms
 * @param dualClip         the GRPO surrogate's dual clip of negative-advantage tokens (c, or off)
 * @param bonusScale       the size of the PRM arms' centred bonus before λ (raw, or std per centred set)
 */
public record ExperimentPlan(Path warmPolicy, Map<String, Path> prms, List<ExperimentArm> arms, List<Integer> groupSizes,
                             List<Long> seeds, int rollouts, int samplesPerUpdate, int evaluations, int evalProblems, int evalSamples, int minSteps,
                             int maxSteps, int evalMinSteps, int evalMaxSteps, float learningRate, int updatesPerBatch, float temperature, double lambda,
                             DualClip dualClip, BonusScale bonusScale) {

    public ExperimentPlan {
        prms = new LinkedHashMap<>(prms);
        arms = List.copyOf(arms);
        groupSizes = List.copyOf(groupSizes);
        seeds = List.copyOf(seeds);
        InvalidSettingException.require(!prms.isEmpty(), "--prm", prms, "at least one PRM checkpoint");
        InvalidSettingException.require(!prms.containsKey(ExperimentCell.NO_PRM), "--prm", ExperimentCell.NO_PRM,
                "any PRM name but '" + ExperimentCell.NO_PRM + "'");
        InvalidSettingException.require(!arms.isEmpty(), "--arms", arms,
                "one or more of " + ExperimentVariant.acceptedValues() + " (with @PRM for the PRM arms)");
        for (ExperimentArm a : arms) {
            InvalidSettingException.require(!a.variant().usesPrm() || prms.containsKey(a.prm()), "--arms", a.id(),
                    "a PRM named by --prm: " + prms.keySet());
        }
        InvalidSettingException.require(!groupSizes.isEmpty(), "--k", groupSizes, "one or more integers >= 2");
        InvalidSettingException.require(!seeds.isEmpty(), "--seeds", seeds, "at least one seed");
        InvalidSettingException.require(samplesPerUpdate >= 2, "--samples-per-update", samplesPerUpdate, "an integer >= 2");
        for (int k : groupSizes) {
            InvalidSettingException.require(k >= 2 && samplesPerUpdate % k == 0, "--k", k,
                    "integers >= 2 that divide --samples-per-update " + samplesPerUpdate);
        }
        InvalidSettingException.require(rollouts >= samplesPerUpdate && rollouts % samplesPerUpdate == 0, "--rollouts", rollouts,
                "a positive multiple of --samples-per-update " + samplesPerUpdate);
        int updates = rollouts / samplesPerUpdate; // the fields are not assigned yet in a compact constructor
        InvalidSettingException.require(evaluations >= 1 && evaluations <= updates, "--evaluations", evaluations, "an integer in 1.." + updates);
        InvalidSettingException.require(evalProblems >= 1, "--eval-problems", evalProblems, "an integer >= 1");
        InvalidSettingException.require(evalSamples >= 0 && evalSamples <= 64, "--eval-samples", evalSamples, "an integer in 0..64 (0 = greedy)");
        InvalidSettingException.require(minSteps >= 2 && maxSteps <= 10 && minSteps <= maxSteps, "--steps", minSteps + ".." + maxSteps,
                "MIN..MAX within 2..10");
        InvalidSettingException.require(evalMinSteps >= 2 && evalMaxSteps <= 10 && evalMinSteps <= evalMaxSteps, "--eval-steps",
                evalMinSteps + ".." + evalMaxSteps, "MIN..MAX within 2..10");
        InvalidSettingException.require(learningRate > 0 && Float.isFinite(learningRate), "--lr", learningRate, "a finite number > 0");
        InvalidSettingException.require(updatesPerBatch >= 1 && updatesPerBatch <= 64, "--updates-per-batch", updatesPerBatch, "an integer in 1..64");
        InvalidSettingException.require(temperature > 0, "--temperature", temperature, "a number > 0");
        InvalidSettingException.require(lambda >= 0 && Double.isFinite(lambda), "--lambda", lambda, "a finite number >= 0");
        InvalidSettingException.require(dualClip != null, "--dual-clip", dualClip, DualClip.acceptedValues());
        InvalidSettingException.require(bonusScale != null, "--bonus-scale", bonusScale, BonusScale.acceptedValues());
    }

    /** This plan with another learning rate, λ and rollout budget (for the pilot runs). */
    public ExperimentPlan withPilot(float lr, double bonusWeight, int budget) {
        return new ExperimentPlan(warmPolicy, prms, arms, groupSizes, seeds, budget, samplesPerUpdate, 1, evalProblems, evalSamples,
                minSteps, maxSteps, evalMinSteps, evalMaxSteps, lr, updatesPerBatch, temperature, bonusWeight, dualClip, bonusScale);
    }

    /** Settings that are accepted but rarely meant, one sentence each (a learning rate above 2e-4). */
    public List<String> warnings() {
        return GrpoConfig.learningRateWarning("--lr", learningRate).stream().toList();
    }

    /** Updates per run: rollouts / samplesPerUpdate. */
    public int updates() {
        return rollouts / samplesPerUpdate;
    }

    /** Whether the update with 1-based index {@code u} is followed by a held-out evaluation. */
    public boolean evaluatesAfter(int u) {
        int n = updates();
        // evaluation e (1..E) after update ceil(e·n/E): evenly spaced, the last one after the last update
        for (int e = 1; e <= evaluations; e++) {
            if ((int) Math.ceil((double) e * n / evaluations) == u) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every run, seed-major (a finished seed is a complete replicate of the grid), each arm at the K values
     * and seeds it runs with.
     */
    public List<ExperimentCell> cells() {
        List<ExperimentCell> out = new ArrayList<>();
        for (int si = 0; si < seeds.size(); si++) {
            for (int k : groupSizes) {
                for (ExperimentArm a : arms) {
                    if (a.runs(k, si)) {
                        out.add(new ExperimentCell(a.variant(), k, a.prm(), seeds.get(si)));
                    }
                }
            }
        }
        return out;
    }

    /** The arm a cell belongs to. */
    public ExperimentArm armOf(ExperimentCell cell) {
        for (ExperimentArm a : arms) {
            if (a.variant() == cell.variant() && a.prm().equals(cell.prm())) {
                return a;
            }
        }
        throw new IllegalArgumentException("cell " + cell.id() + " belongs to no arm of the plan");
    }
}
