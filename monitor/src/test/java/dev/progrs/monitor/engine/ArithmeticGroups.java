package dev.progrs.monitor.engine;

import dev.progrs.monitor.synthetic.SyntheticGroup;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Hand-made wire records of built-in suite groups: one prompt, K responses written out, each with
 * its outcome and the PRM's step confidences (b = their mean), as progrs.scored and
 * progrs.advantages carry them.
 */
final class ArithmeticGroups {
    /** A 4-step v1 problem (modulus 7) and its reference solution (the testbed document's example). */
    static final String PROMPT = "a=2, b=1, c=6. d=b+c. e=d-a. f=e+a. g=f-e. What are e, f and g?";
    static final String REFERENCE = "d=b+c=1+6=0\ne=d-a=0-2=5\nf=e+a=5+2=0\ng=f-e=0-5=2\nAnswer: 502";
    /** Skips d; the answer (e, f, g) is still right, so the outcome pays a chain with a skipped step. */
    static final String SKIPS_D = "e=d-a=0-2=5\nf=e+a=5+2=0\ng=f-e=0-5=2\nAnswer: 502";
    /** A slip in the last step: first wrong step 3, answer wrong. */
    static final String SLIP_IN_G = "d=b+c=1+6=0\ne=d-a=0-2=5\nf=e+a=5+2=0\ng=f-e=0-5=3\nAnswer: 503";

    private static final CenteringSettings CENTERING = CenteringSettings.newBuilder().setMode("incorrect")
            .setMixing("advantage").setLambda(0.1).setStd("unbiased").setDominanceGuard(false).build();

    /** One response of a group. */
    record Response(String text, double outcome, List<Double> confidences) {
        double processScore() {
            return confidences.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }
    }

    private ArithmeticGroups() {
    }

    /** The group's scored records and its advantages record (A = R − mean R), suite {@value ArithmeticSuite#NAME}. */
    static SyntheticGroup group(String groupId, String prompt, List<Response> responses, long eventTimeMs) {
        return group(groupId, ArithmeticSuite.NAME, prompt, responses, eventTimeMs);
    }

    static SyntheticGroup group(String groupId, String suite, String prompt, List<Response> responses, long eventTimeMs) {
        double meanR = responses.stream().mapToDouble(Response::outcome).average().orElse(0);
        List<ScoredTrajectory> scored = new ArrayList<>();
        List<SampleAdvantage> samples = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            Response r = responses.get(i);
            List<Integer> tokens = Collections.nCopies(r.text().length(), 7);
            List<Float> logProbs = Collections.nCopies(tokens.size(), -1.0f);
            scored.add(scored(groupId, i, responses.size(), suite, prompt, r, tokens, logProbs, eventTimeMs + i));
            SampleAdvantage sa = new SampleAdvantage();
            sa.setSampleIndex(i);
            sa.setPolicyVersion(0L);
            sa.setOutcome(r.outcome());
            sa.setProcessScore(r.processScore());
            sa.setCentredBonus(0.0);
            sa.setOutcomeAdvantage(r.outcome() - meanR);
            sa.setAdvantage(r.outcome() - meanR);
            sa.setPromptTokenIds(List.of(1));
            sa.setResponseTokenIds(tokens);
            sa.setBehaviourLogProbs(logProbs);
            sa.setStepCount(r.confidences().size());
            sa.setGeneratedAtMs(eventTimeMs + i);
            samples.add(sa);
        }
        GroupAdvantages g = new GroupAdvantages();
        g.setGroupId(groupId);
        g.setPromptId("p-" + groupId);
        g.setSuite(suite);
        g.setExpectedGroupSize(responses.size());
        g.setSamples(samples);
        g.setCentering(CENTERING);
        g.setPolicyVersionMin(0L);
        g.setPolicyVersionMax(0L);
        g.setPartial(false);
        g.setTimedOut(false);
        g.setDuplicatesDropped(0);
        g.setZeroVarianceOutcome(responses.stream().mapToDouble(Response::outcome).distinct().count() == 1);
        g.setDominanceViolations(0);
        g.setDominanceScale(1.0);
        g.setLastSampleAtMs(eventTimeMs + responses.size() - 1);
        g.setEmittedAtMs(eventTimeMs + responses.size());
        return new SyntheticGroup(scored, g);
    }

    private static ScoredTrajectory scored(String groupId, int i, int k, String suite, String prompt, Response r,
                                           List<Integer> tokens, List<Float> logProbs, long at) {
        Trajectory t = new Trajectory();
        t.setGroupId(groupId);
        t.setSampleIndex(i);
        t.setGroupSize(k);
        t.setPromptId("p-" + groupId);
        t.setPromptText(prompt);
        t.setGoldAnswer("502");
        t.setSuite(suite);
        t.setPolicyVersion(0L);
        t.setPromptTokenIds(List.of(1));
        t.setResponseText(r.text());
        t.setSteps(List.of(r.text().split("\n")));
        t.setStepTokenEnds(List.of());
        t.setResponseTokenIds(tokens);
        t.setBehaviourLogProbs(logProbs);
        t.setTemperature(1.0f);
        t.setTopP(1.0f);
        t.setTruncated(false);
        t.setOutcomeReward(r.outcome());
        t.setVerifierRule("answer-line-exact");
        t.setVerifierReason(r.outcome() == 1 ? "match" : "mismatch");
        t.setGeneratorId("test");
        t.setPromptPublishedAtMs(at);
        t.setGenerationStartedAtMs(at);
        t.setGeneratedAtMs(at);
        t.setGenerationMs(1.0);
        ScoredTrajectory s = new ScoredTrajectory();
        s.setTrajectory(t);
        s.setQuantileLevels(List.of(0.5));
        List<List<Double>> q = new ArrayList<>();
        r.confidences().forEach(c -> q.add(List.of(c)));
        s.setStepQuantiles(q);
        s.setStepConfidences(r.confidences());
        s.setConfidenceQuantile("0.5");
        s.setCoherence(List.of());
        s.setWindowing("partition");
        s.setLambdaVar(1.0);
        s.setProcessScore(r.processScore());
        s.setProcessScoreMode("prm-mean");
        s.setPrmCheckpointSha256("none");
        s.setPrmName("biased");
        s.setScorerId("test");
        s.setScoredAtMs(at);
        s.setScoringMs(0.1);
        return s;
    }
}
