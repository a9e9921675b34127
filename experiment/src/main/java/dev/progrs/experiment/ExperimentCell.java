package dev.progrs.experiment;

/**
 * One training run of the experiment grid.
 *
 * @param variant   the arm
 * @param groupSize K samples per prompt (the supervised control records the K whose compute it matches)
 * @param prm       name of the PRM that scores the samples ({@link #NO_PRM} for arms that ignore it)
 * @param seed      seed of prompts and sampling; the same seed gives every arm the same prompts
 */
public record ExperimentCell(ExperimentVariant variant, int groupSize, String prm, long seed) {

    /** The PRM column of arms whose result does not depend on the PRM. */
    public static final String NO_PRM = "any";

    /** File-name id, e.g. {@code incorrect-k8-default-s1}. */
    public String id() {
        return variant.configName() + "-k" + groupSize + "-" + prm + "-s" + seed;
    }
}
