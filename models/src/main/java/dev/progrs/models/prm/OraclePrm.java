package dev.progrs.models.prm;

import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.GoldStepChecker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training-free oracle PRM of the testbed: the step confidence is whether the prefix is still
 * correct according to the {@link GoldStepChecker}, optionally with a share of verdicts flipped
 * ({@code noisy-oracle:P}). It reads the problem's structure, so it exists only to make PRM quality a
 * controlled variable in experiments — never the default reward.
 *
 * <pre>
 *   v_t = 1[line t is the gold step t]                 (an "Answer:" line: 1[stated answer = gold])
 *   c_t = Π_{s ≤ t} v_s                                 (the prefix is still correct)
 *   noisy-oracle:P:  c'_t = 1 − c_t with probability P, independently per step (seeded by the
 *                    sequence's tokens, so a trajectory always gets the same scores)
 *   Q_τ,t = c'_t for every level τ
 * </pre>
 */
public final class OraclePrm extends TrainingFreePrm {

    private final double flip;
    private final long seed;
    private final String name;

    /**
     * @param modulus the suite's modulus (prompts do not state it)
     * @param flip    share of step verdicts flipped, in [0, 0.5]; 0 is the exact oracle
     * @param seed    seed of the flips
     */
    public OraclePrm(CharTokenizer tokenizer, int modulus, double[] levels, int context, double flip, long seed) {
        super(tokenizer, modulus, levels, context);
        if (!(flip >= 0 && flip <= 0.5)) {
            throw new IllegalArgumentException("noisy-oracle: flip share P=" + flip + " is invalid; accepted: a number in [0, 0.5]");
        }
        this.flip = flip;
        this.seed = seed;
        this.name = flip == 0 ? "oracle" : "noisy-oracle:" + flip;
    }

    @Override
    public List<double[][]> score(List<PrmSequence> sequences) {
        List<double[][]> out = new ArrayList<>(sequences.size());
        for (PrmSequence seq : sequences) {
            StepTexts texts = StepTexts.of(seq, tokenizer);
            boolean[] verdicts = verdicts(ArithmeticProblem.parse(texts.prompt(), modulus), texts.steps());
            SplittableRandom rng = new SplittableRandom(seed ^ (31L * Arrays.hashCode(seq.tokenIds()) + seq.steps()));
            double[][] q = new double[verdicts.length][levels.length];
            boolean prefix = true;
            for (int t = 0; t < verdicts.length; t++) {
                prefix &= verdicts[t];
                double c = prefix ? 1 : 0;
                if (flip > 0 && rng.nextDouble() < flip) {
                    c = 1 - c;
                }
                Arrays.fill(q[t], c);
            }
            out.add(q);
        }
        return out;
    }

    /** Per step: whether that line alone is the gold line at its place (answer line: the gold answer). */
    static boolean[] verdicts(ArithmeticProblem problem, List<String> steps) {
        GoldStepChecker.Check check = GoldStepChecker.check(problem, String.join("\n", steps));
        boolean[] v = new boolean[steps.size()];
        int line = 0;
        boolean answered = false;
        for (int t = 0; t < steps.size(); t++) {
            String s = steps.get(t).trim();
            if (answered || s.isEmpty()) {
                v[t] = false;
            } else if (s.startsWith("Answer:")) {
                v[t] = check.answerCorrect();
                answered = true;
            } else {
                v[t] = line < check.steps().size() && check.steps().get(line).correct();
                line++;
            }
        }
        return v;
    }

    @Override
    public String sha256() {
        return specSha256(name + "|modulus=" + modulus + "|seed=" + seed);
    }

    @Override
    public String name() {
        return name;
    }

    static String specSha256(String spec) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spec.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
