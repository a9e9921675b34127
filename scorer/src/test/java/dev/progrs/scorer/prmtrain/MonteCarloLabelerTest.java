package dev.progrs.scorer.prmtrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MonteCarloLabelerTest {

    private static List<Problem> problems(int n) {
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults().withTestSetSize(10));
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(suite.trainProblem(i));
        }
        return out;
    }

    @Test
    void labelsCountTheContinuationsThatTheCheckCallsCorrect() {
        SamplingConfig sampling = SamplingConfig.sample(1f, 1.0, 24, 3);
        try (PolicyModel policy = TinyPolicy.create(2)) {
            for (boolean verdict : new boolean[] {true, false}) {
                MonteCarloLabeler labeler = new MonteCarloLabeler(policy, sampling, (response, gold) -> verdict, 16);
                AtomicLong progress = new AtomicLong();
                List<Rollout> rollouts = labeler.rollouts(problems(6), progress::addAndGet);
                assertEquals(6, progress.get());
                long planned = MonteCarloLabeler.continuationCount(rollouts, 3);
                progress.set(0);
                List<Rollout> labelled = labeler.label(rollouts, 3, progress::addAndGet);
                assertEquals(planned, progress.get());
                for (Rollout r : labelled) {
                    assertEquals(r.sequence().steps(), r.successes().length);
                    for (int t = 0; t < r.successes().length; t++) {
                        boolean last = t == r.successes().length - 1;
                        // a truncated rollout or continuation never counts as correct
                        int expected = verdict && !(last && !r.correct()) ? 3 : 0;
                        assertTrue(r.successes()[t] <= expected, "step " + t + ": " + r.successes()[t]);
                        if (!verdict) {
                            assertEquals(0, r.successes()[t]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameLabels() {
        SamplingConfig sampling = SamplingConfig.sample(1f, 1.0, 24, 5);
        OutcomeCheck check = (response, gold) -> response.length() % 2 == 0;
        try (PolicyModel policy = TinyPolicy.create(2)) {
            MonteCarloLabeler labeler = new MonteCarloLabeler(policy, sampling, check, 8);
            List<Rollout> a = labeler.label(labeler.rollouts(problems(4), n -> { }), 2, n -> { });
            List<Rollout> b = labeler.label(labeler.rollouts(problems(4), n -> { }), 2, n -> { });
            for (int i = 0; i < a.size(); i++) {
                assertEquals(java.util.Arrays.toString(a.get(i).successes()), java.util.Arrays.toString(b.get(i).successes()));
            }
        }
    }
}
