/**
 * The PROGRS comparison without Kafka: {@link dev.progrs.experiment.Experiment} runs the grid of
 * {@link dev.progrs.experiment.ExperimentPlan} (arms × K × seeds), each cell a lock-step run of the pipeline's own
 * pure stage steps ({@link dev.progrs.experiment.LockStepRlRun}) or the supervised control, stores every finished
 * run ({@link dev.progrs.experiment.ExperimentStore}) and writes the report; {@link dev.progrs.experiment.WarmModels}
 * provides the warm policy and PRM a training run starts from. {@code progrs experiment} is a thin command over it.
 */
package dev.progrs.experiment;
