package dev.progrs.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One arm of the experiment: how the advantage is formed ({@link ExperimentVariant}) and which PRM scores
 * the samples, run at the group sizes {@code groupSizes} for the first {@code seeds} seeds of the plan.
 *
 * @param variant    the advantage rule (or the supervised control)
 * @param prm        the PRM's name in the plan, or {@link ExperimentCell#NO_PRM} for arms that ignore it
 * @param groupSizes the K values this arm runs at
 * @param seeds      how many of the plan's seeds (the first ones) this arm runs
 */
public record ExperimentArm(ExperimentVariant variant, String prm, List<Integer> groupSizes, int seeds) {

    /** Names of the PRMs of the default plan, as {@code --prm} gives them. */
    public static final String SHIPPED_PRM = "prm-v1";
    public static final String ORACLE = "oracle";
    public static final String NOISY = "noisy";
    public static final String BIASED = "biased";

    public ExperimentArm {
        groupSizes = List.copyOf(groupSizes);
        if (variant.usesPrm() == ExperimentCell.NO_PRM.equals(prm)) {
            throw new IllegalArgumentException("arm " + variant.configName() + (variant.usesPrm() ? " needs a PRM" : " takes no PRM")
                    + "; got '" + prm + "'");
        }
    }

    /** e.g. {@code incorrect@prm-v1}, {@code outcome-only}. */
    public String id() {
        return variant.usesPrm() ? variant.configName() + "@" + prm : variant.configName();
    }

    /** e.g. {@code PROGRS (centering incorrect), prm-v1}. */
    public String label() {
        return variant.usesPrm() ? variant.description() + ", " + prm : variant.description();
    }

    /** The ablations and the control run with fewer seeds; main arms with all. */
    public boolean main() {
        return variant.role() == ExperimentVariant.Role.MAIN;
    }

    public boolean runs(int k, int seedIndex) {
        return groupSizes.contains(k) && seedIndex < seeds;
    }

    /**
     * Parses {@code VARIANT[@PRM]} (e.g. {@code incorrect@oracle}); such an arm runs at every K and seed.
     *
     * @throws IllegalArgumentException naming the accepted variants and PRMs
     */
    public static ExperimentArm parse(String spec, Set<String> prms, List<Integer> groupSizes, int seeds) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        ExperimentVariant v = ExperimentVariant.fromConfig(at < 0 ? s : s.substring(0, at));
        String prm = at < 0 ? null : s.substring(at + 1);
        if (!v.usesPrm()) {
            if (prm != null) {
                throw new IllegalArgumentException("--arms " + spec + ": " + v.configName() + " ignores the PRM; write it without @PRM");
            }
            return new ExperimentArm(v, ExperimentCell.NO_PRM, groupSizes, seeds);
        }
        if (prm == null || !prms.contains(prm)) {
            throw new IllegalArgumentException("--arms " + spec + ": " + v.configName() + " needs @PRM with PRM one of " + prms
                    + " (the names given by --prm), e.g. " + v.configName() + "@" + prms.iterator().next());
        }
        return new ExperimentArm(v, prm, groupSizes, seeds);
    }

    /**
     * The default grid. Main arms: outcome-only; PROGRS ({@code incorrect}) and the absolute bonus
     * ({@code none}) with the shipped PRM; PROGRS with the oracle and the noisy oracle (PRM quality as a
     * controlled variable); {@code none} and {@code incorrect} with the biased PRM (reward hacking). When
     * {@code --prm} names other PRMs: {@code none} and {@code incorrect} with each. Every main arm runs at
     * every K with every seed. The ablations ({@code both}, {@code group}, {@code mixing-reward} with the
     * first PRM) and the supervised control run at the largest K with the first seed.
     */
    public static List<ExperimentArm> defaults(List<String> prms, List<Integer> groupSizes, int seeds) {
        int largest = groupSizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<Integer> top = List.of(largest);
        String first = prms.get(0);
        List<ExperimentArm> arms = new ArrayList<>();
        arms.add(new ExperimentArm(ExperimentVariant.OUTCOME_ONLY, ExperimentCell.NO_PRM, groupSizes, seeds));
        arms.add(new ExperimentArm(ExperimentVariant.PROGRS, first, groupSizes, seeds));
        boolean shipped = prms.equals(List.of(SHIPPED_PRM, ORACLE, NOISY, BIASED));
        if (shipped) {
            arms.add(new ExperimentArm(ExperimentVariant.NONE, SHIPPED_PRM, groupSizes, seeds));
            arms.add(new ExperimentArm(ExperimentVariant.PROGRS, ORACLE, groupSizes, seeds));
            arms.add(new ExperimentArm(ExperimentVariant.PROGRS, NOISY, groupSizes, seeds));
            arms.add(new ExperimentArm(ExperimentVariant.NONE, BIASED, groupSizes, seeds));
            arms.add(new ExperimentArm(ExperimentVariant.PROGRS, BIASED, groupSizes, seeds));
        } else {
            for (String prm : prms) {
                arms.add(new ExperimentArm(ExperimentVariant.NONE, prm, groupSizes, seeds));
                if (!prm.equals(first)) {
                    arms.add(new ExperimentArm(ExperimentVariant.PROGRS, prm, groupSizes, seeds));
                }
            }
        }
        for (ExperimentVariant v : List.of(ExperimentVariant.BOTH, ExperimentVariant.GROUP, ExperimentVariant.MIXING_REWARD)) {
            arms.add(new ExperimentArm(v, first, top, 1));
        }
        arms.add(new ExperimentArm(ExperimentVariant.SFT, ExperimentCell.NO_PRM, top, 1));
        return arms;
    }
}
