package dev.progrs.tasks.arithmetic;

import dev.progrs.tasks.arithmetic.ArithmeticProblem.Given;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Literal;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Operand;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Ref;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Step;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws one problem with an exact number of steps from a random stream. Pure: same config, same
 * stream state, same problem.
 *
 * <p>Shape (why: every step is needed, so the difficulty is the number of steps and tracking
 * which quantity holds which value):
 * <ul>
 *   <li>a pool of 2–3 given values; only those some step uses are declared, plus
 *       {@code distractors} extra ones nobody uses, shuffled among them;</li>
 *   <li>step 1 combines two givens (or a given and a literal); step {@code i > 1} combines the
 *       previous step's result with a given (1/2), a literal (1/4) or an earlier step's result
 *       (1/4), operands swapped with probability 1/4, so the chain is never broken;</li>
 *   <li>a multiplication whose result would be 0 is redrawn: 0 would absorb the rest of the chain.</li>
 * </ul>
 * Names: givens in declaration order, then step targets, via {@link VariableNames}.
 */
final class ArithmeticGenerator {

    private static final int STEP_ATTEMPTS = 64;

    private final ArithmeticSuiteConfig config;
    private final List<Operation> ops;
    private final boolean onlyMultiply;

    ArithmeticGenerator(ArithmeticSuiteConfig config) {
        this.config = config;
        this.ops = List.copyOf(config.operations());
        this.onlyMultiply = ops.size() == 1 && ops.get(0) == Operation.MULTIPLY;
    }

    /** A problem with {@code steps} steps, or {@code null} when this draw got stuck (caller redraws). */
    ArithmeticProblem draw(int steps, SplittableRandom rng) {
        return switch (config.version()) {
            case V0 -> drawV0(steps, rng);
            case V1 -> drawV1(steps, rng, AnswerForm.LAST_THREE_VALUES);
            case V2 -> drawV1(steps, rng, AnswerForm.ALL_VALUES);
        };
    }

    /**
     * The {@link SuiteVersion#V1} shape: g declared givens uniform in 1..min(3, steps + 1), one of them
     * a distractor with probability 1/3 when g ≥ 2; every other given is used. Step 1 combines the
     * first two used givens (one used given: that given and a literal); step i ≥ 2 combines step i−1
     * with the next unused given while one remains, else with a given (1/2), a literal (1/4) or an
     * earlier step (1/4); operands swapped with probability 1/4. A step whose result equals one of
     * its operand values (an identity such as x+0 or x·1) is redrawn. {@link SuiteVersion#V2} draws the
     * same problems and asks for every step ({@code form}).
     */
    private ArithmeticProblem drawV1(int steps, SplittableRandom rng, AnswerForm form) {
        int m = config.modulus();
        int declaredCount = 1 + rng.nextInt(Math.min(3, steps + 1));
        int distractorCount = declaredCount >= 2 && rng.nextInt(3) == 0 ? 1 : 0;
        int poolSize = declaredCount - distractorCount;
        Map<String, Integer> env = new HashMap<>();
        for (int k = 0; k < poolSize; k++) {
            env.put("#g" + k, value(rng));
        }
        List<Step> raw = new ArrayList<>(steps);
        int nextUnused = 0;
        for (int i = 0; i < steps; i++) {
            Step chosen = null;
            int unusedAfter = nextUnused;
            for (int attempt = 0; attempt < STEP_ATTEMPTS && chosen == null; attempt++) {
                Operation op = ops.get(rng.nextInt(ops.size()));
                Operand left;
                Operand right;
                int used = nextUnused;
                if (i == 0) {
                    left = new Ref("#g0");
                    right = poolSize >= 2 ? new Ref("#g1") : new Literal(value(rng));
                    used = Math.min(poolSize, 2);
                } else {
                    left = new Ref("#s" + (i - 1));
                    if (used < poolSize) {
                        right = new Ref("#g" + used);
                        used++;
                    } else {
                        int r = rng.nextInt(4);
                        if (r == 0) {
                            right = new Literal(value(rng));
                        } else if (r == 1 && i >= 2) {
                            right = new Ref("#s" + rng.nextInt(i - 1));
                        } else {
                            right = new Ref("#g" + rng.nextInt(poolSize));
                        }
                    }
                }
                if (rng.nextInt(4) == 0) {
                    Operand t = left;
                    left = right;
                    right = t;
                }
                int lv = ArithmeticProblem.valueOf(left, env);
                int rv = ArithmeticProblem.valueOf(right, env);
                int result = op.apply(lv, rv, m);
                // No step may leave a value unchanged (x+0, x-0, x*1, ...): with an identity step, a chain
                // that skips it or copies the wrong operand can still end on the right values.
                if ((op == Operation.MULTIPLY && result == 0) || result == lv || result == rv) {
                    continue;
                }
                chosen = new Step("#s" + i, op, left, right);
                env.put(chosen.target(), result);
                unusedAfter = used;
            }
            if (chosen == null) {
                return null;
            }
            nextUnused = unusedAfter;
            raw.add(chosen);
        }
        if (nextUnused < poolSize) {
            return null;
        }
        List<String> declared = new ArrayList<>();
        for (int k = 0; k < poolSize; k++) {
            declared.add("#g" + k);
        }
        for (int d = 0; d < distractorCount; d++) {
            String name = "#d" + d;
            env.put(name, value(rng));
            declared.add(name);
        }
        shuffle(declared, rng);
        return named(raw, declared, env, m, form);
    }

    /** The {@link SuiteVersion#V0} shape described in the class comment. */
    private ArithmeticProblem drawV0(int steps, SplittableRandom rng) {
        int m = config.modulus();
        int poolSize = 2 + rng.nextInt(2);
        int[] pool = new int[poolSize];
        for (int k = 0; k < poolSize; k++) {
            pool[k] = value(rng);
        }
        // Internal names: "#g<k>" for pool slot k, "#s<i>" for step i; renamed once declarations are known.
        List<Step> raw = new ArrayList<>(steps);
        Map<String, Integer> env = new HashMap<>();
        for (int k = 0; k < poolSize; k++) {
            env.put("#g" + k, pool[k]);
        }
        for (int i = 0; i < steps; i++) {
            Step chosen = null;
            for (int attempt = 0; attempt < STEP_ATTEMPTS && chosen == null; attempt++) {
                Operation op = ops.get(rng.nextInt(ops.size()));
                Operand left;
                Operand right;
                if (i == 0) {
                    int k = rng.nextInt(poolSize);
                    left = new Ref("#g" + k);
                    if (rng.nextInt(4) == 0) {
                        right = new Literal(value(rng));
                    } else {
                        right = new Ref("#g" + ((k + 1 + rng.nextInt(poolSize - 1)) % poolSize));
                    }
                } else {
                    left = new Ref("#s" + (i - 1));
                    int r = rng.nextInt(4);
                    if (r == 0) {
                        right = new Literal(value(rng));
                    } else if (r == 1 && i >= 2) {
                        right = new Ref("#s" + rng.nextInt(i - 1));
                    } else {
                        right = new Ref("#g" + rng.nextInt(poolSize));
                    }
                }
                if (rng.nextInt(4) == 0) {
                    Operand t = left;
                    left = right;
                    right = t;
                }
                int result = op.apply(ArithmeticProblem.valueOf(left, env), ArithmeticProblem.valueOf(right, env), m);
                if (op == Operation.MULTIPLY && result == 0) {
                    continue;
                }
                chosen = new Step("#s" + i, op, left, right);
                env.put(chosen.target(), result);
            }
            if (chosen == null) {
                return null;
            }
            raw.add(chosen);
        }
        // Declared givens: used pool slots plus distractors, shuffled.
        Set<String> used = new LinkedHashSet<>();
        for (Step s : raw) {
            for (Operand o : List.of(s.left(), s.right())) {
                if (o instanceof Ref r && r.name().startsWith("#g")) {
                    used.add(r.name());
                }
            }
        }
        List<String> declared = new ArrayList<>(used);
        for (int d = 0; d < config.distractors(); d++) {
            String name = "#d" + d;
            env.put(name, value(rng));
            declared.add(name);
        }
        shuffle(declared, rng);
        return named(raw, declared, env, m, AnswerForm.LAST_VALUE);
    }

    /** Renames internal names: givens in declaration order, then step targets. */
    private static ArithmeticProblem named(List<Step> raw, List<String> declared, Map<String, Integer> env, int m, AnswerForm form) {
        Map<String, String> rename = new HashMap<>();
        List<Given> givens = new ArrayList<>(declared.size());
        for (String internal : declared) {
            String name = VariableNames.name(rename.size());
            rename.put(internal, name);
            givens.add(new Given(name, env.get(internal), internal.startsWith("#d")));
        }
        List<Step> named = new ArrayList<>(raw.size());
        for (Step s : raw) {
            String name = VariableNames.name(rename.size());
            rename.put(s.target(), name);
            named.add(new Step(name, s.op(), renamed(s.left(), rename), renamed(s.right(), rename)));
        }
        return ArithmeticProblem.of(m, givens, named, form);
    }

    private int value(SplittableRandom rng) {
        int m = config.modulus();
        return onlyMultiply ? 1 + rng.nextInt(m - 1) : rng.nextInt(m);
    }

    private static Operand renamed(Operand o, Map<String, String> rename) {
        return o instanceof Ref r ? new Ref(rename.get(r.name())) : o;
    }

    /** Fisher–Yates with the given stream (Collections.shuffle would need a java.util.Random). */
    private static void shuffle(List<String> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }
}
