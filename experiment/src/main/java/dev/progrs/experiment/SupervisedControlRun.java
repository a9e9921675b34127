package dev.progrs.experiment;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.models.pretrain.SupervisedLoss;
import dev.progrs.tasks.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The continued-supervised-training control: from the same warm policy, the same number of updates
 * as an RL run, each on {@code samplesPerUpdate} reference solutions of fresh prompts drawn from the
 * same stream (same seed, same step range), with U Adam steps per batch at the RL learning rate.
 * Same compute in training sequences and optimiser steps; no sampling, no verifier, no PRM. The loss is the
 * warm start's ({@link SupervisedLoss}).
 */
final class SupervisedControlRun {

    private SupervisedControlRun() {
    }

    static CellResult run(ExperimentCell cell, ExperimentResources r, LongConsumer progress) {
        ExperimentPlan plan = r.plan;
        long started = System.nanoTime();
        ArithmeticPromptSource prompts = ExperimentPrompts.of(r.suite, plan, cell.seed());
        List<EvalPoint> curve = new ArrayList<>(List.of(r.warm));
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(plan.learningRate())).build();
        try (PolicyModel policy = PolicyCheckpoint.load(plan.warmPolicy(), r.device);
             Trainer trainer = policy.djlModel().newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam)
                     .optDevices(new Device[] {policy.device()}))) {
            trainer.initialize(new Shape(1, 2), new Shape(1, 2));
            long sequences = 0;
            for (int u = 1; u <= plan.updates(); u++) {
                List<int[]> promptIds = new ArrayList<>(plan.samplesPerUpdate());
                List<int[]> completionIds = new ArrayList<>(plan.samplesPerUpdate());
                for (int i = 0; i < plan.samplesPerUpdate(); i++) {
                    Problem p = prompts.next().orElseThrow();
                    promptIds.add(PromptFormat.promptIds(policy.tokenizer(), p.text()));
                    completionIds.add(PromptFormat.completionIds(policy.tokenizer(), p.referenceSolution()));
                }
                for (int step = 0; step < plan.updatesPerBatch(); step++) {
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        SequenceBatch batch = SequenceBatch.of(m, promptIds, completionIds, policy.config().context());
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray loss = SupervisedLoss.of(policy, batch);
                            gc.backward(loss);
                            if (!Float.isFinite(loss.getFloat())) {
                                throw new IllegalStateException("supervised control diverged at update " + u + " (lr " + plan.learningRate() + ")");
                            }
                        }
                    }
                    trainer.step();
                }
                sequences += plan.samplesPerUpdate();
                progress.accept(plan.samplesPerUpdate());
                if (plan.evaluatesAfter(u)) {
                    curve.add(r.heldOut.evaluate(policy, sequences));
                }
            }
        }
        return new CellResult(cell, curve, List.of(), (System.nanoTime() - started) / 1e9);
    }
}
