package dev.progrs.monitor.gold;

import dev.progrs.tasks.arithmetic.GoldStepChecker;

/**
 * What the gold step checker says about one sample, reduced to what the monitor's signals read.
 * A sample the checker could not read (another suite, a prompt that does not parse, a sample
 * rebuilt from the advantages record without its text) is {@link #NOT_CHECKED} and enters none of
 * the gold-checked signals.
 *
 * @param checked        the checker read the sample: a built-in suite prompt that parsed, and its response
 * @param skipsAStep     some line computes a later step's target, jumping over steps
 *                       ({@link GoldStepChecker.Check#skipsAStep()}: the {@code biased} PRM's failure mode)
 * @param firstWrongStep 0-based index of the first wrong step ({@link GoldStepChecker.Check#firstWrongStep()});
 *                       −1 when every step is right or when not checked
 */
public record GoldVerdict(boolean checked, boolean skipsAStep, int firstWrongStep) {

    /** The verdict of a sample the checker did not read. */
    public static final GoldVerdict NOT_CHECKED = new GoldVerdict(false, false, -1);

    public GoldVerdict {
        if (firstWrongStep < -1) {
            throw new IllegalArgumentException("firstWrongStep must be >= -1 (-1: no wrong step), got " + firstWrongStep);
        }
        if (!checked && (skipsAStep || firstWrongStep != -1)) {
            throw new IllegalArgumentException("a sample that was not checked has no step verdict; got skipsAStep="
                    + skipsAStep + ", firstWrongStep=" + firstWrongStep);
        }
    }

    /** The verdict of a checked solution. */
    public static GoldVerdict of(GoldStepChecker.Check check) {
        return new GoldVerdict(true, check.skipsAStep(), check.firstWrongStep());
    }

    /** @return true when the sample was checked and some step of it is wrong */
    public boolean hasWrongStep() {
        return checked && firstWrongStep >= 0;
    }
}
