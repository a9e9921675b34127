package dev.progrs.centering.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.AdvantageResult;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.CenteringMode;
import dev.progrs.centering.maths.MixingMode;
import dev.progrs.centering.maths.ProgrsAdvantages;
import dev.progrs.centering.maths.StdMode;
import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayReportTest {

    @TempDir
    Path dir;

    static GroupAdvantages group(String id, double[] r, double[] b, CenteringConfig c) {
        AdvantageResult res = ProgrsAdvantages.compute(r, b, c);
        List<SampleAdvantage> samples = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            samples.add(SampleAdvantage.newBuilder().setSampleIndex(i).setPolicyVersion(1).setOutcome(r[i])
                    .setProcessScore(b[i]).setCentredBonus(res.centredBonus()[i])
                    .setOutcomeAdvantage(res.outcomeAdvantage()[i]).setAdvantage(res.advantage()[i])
                    .setPromptTokenIds(List.of()).setResponseTokenIds(List.of()).setBehaviourLogProbs(List.of())
                    .setExtractedAnswer(null).setStepCount(1).setGeneratedAtMs(0).build());
        }
        return GroupAdvantages.newBuilder().setGroupId(id).setPromptId("p").setSuite("arithmetic").setDifficulty(null)
                .setExpectedGroupSize(r.length).setSamples(samples)
                .setCentering(CenteringSettings.newBuilder().setMode(c.centering().configName())
                        .setMixing(c.mixing().configName()).setLambda(c.lambda()).setStd(c.std().configName())
                        .setDominanceGuard(c.dominanceGuard()).setBonusScale(c.bonusScale().configName()).build())
                .setPolicyVersionMin(1).setPolicyVersionMax(1).setPartial(false).setTimedOut(false)
                .setDuplicatesDropped(0).setZeroVarianceOutcome(res.zeroVarianceOutcome())
                .setDominanceViolations(res.dominanceViolations()).setDominanceScale(res.dominanceScale())
                .setLastSampleAtMs(0).setEmittedAtMs(0).build();
    }

    @Test
    void spearmanOfMonotoneReversedAndTiedData() {
        assertEquals(1.0, RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 25, 100}), 1e-12);
        assertEquals(-1.0, RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
        // ties: x = (1, 1, 2) → ranks (1.5, 1.5, 3); y = (1, 2, 3) → (1, 2, 3)
        // centred: (−0.5, −0.5, 1) · (−1, 0, 1) = 1.5 ; |x| = sqrt(1.5), |y| = sqrt(2) → ρ = 1.5/sqrt(3) = 0.866025
        assertArrayEquals(new double[] {1.5, 1.5, 3}, RankCorrelation.ranks(new double[] {1, 1, 2}), 0.0);
        assertEquals(1.5 / Math.sqrt(3), RankCorrelation.spearman(new double[] {1, 1, 2}, new double[] {1, 2, 3}), 1e-12);
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1}, new double[] {2})));
        assertTrue(Double.isNaN(RankCorrelation.spearman(new double[] {1, 1}, new double[] {2, 3})));
    }

    @Test
    void summaryCountsIncorrectPositivesBonusesAndViolations() {
        CenteringConfig none = new CenteringConfig(CenteringMode.NONE, MixingMode.ADVANTAGE, 5.0, StdMode.UNBIASED, false);
        // g1: R=(1,0), b=(0.1,0.9): A_out = ±0.7071058, A = (0.7071+0.5, −0.7071+4.5) → incorrect positive, 1 violation
        // g2: R=(0,0), b=(0.2,0.4): A = 5·b = (1.0, 2.0) → both incorrect positive, zero variance
        List<GroupAdvantages> stream = List.of(group("g1", new double[] {1, 0}, new double[] {0.1, 0.9}, none),
                group("g2", new double[] {0, 0}, new double[] {0.2, 0.4}, none));
        AdvantageSummary s = AdvantageSummary.of("none", stream);
        assertEquals(2, s.groups());
        assertEquals(4, s.samples());
        assertEquals(3, s.incorrectSamples());
        assertEquals(1.0, s.shareIncorrectPositive(), 0.0);
        assertEquals(0.1, s.meanBonusCorrect(), 1e-12);
        assertEquals((0.9 + 0.2 + 0.4) / 3, s.meanBonusIncorrect(), 1e-12);
        assertEquals(1, s.dominanceViolations());
        assertEquals(1, s.groupsWithViolations());
        assertEquals(1, s.zeroVarianceGroups());
        assertEquals("none/advantage λ=5.0 std=unbiased guard=off bonus=raw", s.settings());
    }

    @Test
    void comparisonMatchesSamplesAndWritesMarkdownAndPng() throws Exception {
        CenteringConfig progrs = CenteringConfig.defaults();
        CenteringConfig none = new CenteringConfig(CenteringMode.NONE, MixingMode.ADVANTAGE, 0.1, StdMode.UNBIASED, false);
        double[][] r = {{1, 0, 0, 1}, {0, 0, 0, 1}, {1, 1, 0, 0}};
        double[][] b = {{0.9, 0.5, 0.2, 0.7}, {0.8, 0.3, 0.1, 0.6}, {0.4, 0.9, 0.95, 0.1}};
        List<GroupAdvantages> live = new ArrayList<>();
        List<GroupAdvantages> replay = new ArrayList<>();
        for (int g = 0; g < r.length; g++) {
            live.add(group("g" + g, r[g], b[g], progrs));
            replay.add(group("g" + g, r[g], b[g], none));
        }
        Map<String, List<GroupAdvantages>> streams = new LinkedHashMap<>();
        streams.put("live", live);
        streams.put("replay", replay);
        AdvantageComparison c = AdvantageComparison.of(streams);
        assertEquals(List.of(12), c.matched());
        assertTrue(c.spearman().get(0) > 0.8 && c.spearman().get(0) <= 1.0, String.valueOf(c.spearman()));
        // 'incorrect' centering makes the incorrect set's bonus average 0; 'none' leaves it positive
        assertEquals(0.0, c.summaries().get(0).meanBonusIncorrect(), 1e-12);
        assertTrue(c.summaries().get(1).meanBonusIncorrect() > 0.3);
        String md = c.markdown("Replay report", "histogram.png");
        assertTrue(md.contains("| live | incorrect/advantage λ=0.1 std=unbiased guard=off bonus=raw | 3 | 0 | 12 |"), md);
        assertTrue(md.contains("| replay | none/advantage λ=0.1"), md);
        assertTrue(md.contains("- replay: ρ = "), md);
        assertTrue(md.contains("![advantage histograms](histogram.png)"), md);

        Path png = dir.resolve("hist.png");
        AdvantageHistogram.write(png, c.advantages());
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4));
    }
}
