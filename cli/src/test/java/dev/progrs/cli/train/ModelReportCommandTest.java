package dev.progrs.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.cli.CommandRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class ModelReportCommandTest {

    private static final String POLICY = Path.of("../models/warm/policy-v1").toString();

    @Test
    void jsonHasTheDocumentedKeysAndTheOracleRanksPerfectly() throws Exception {
        CommandRun r = CommandRun.of("model-report", "--policy", POLICY, "--prm", "oracle", "--json", "--samples", "1",
                "--shifts", "1", "--groups", "12", "--coverage-rollouts", "0");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String key : new String[] {"greedy_pass1_by_givens", "position_shift_max_delta", "lucky_correct_share", "rl_range",
                "rl_sampled_pass1", "rl_all_incorrect_share_k8", "first_error_auroc_same_prompt", "progress_concordance"}) {
            assertTrue(j.has(key), key + " in " + r.out());
        }
        assertEquals("6..8", j.get("rl_range").asText());
        assertEquals("v2", j.get("suite").asText(), "the edition the policy's manifest records");
        assertEquals(3, j.get("greedy_pass1_by_givens").size());
        // the oracle's confidence is 1 exactly while the prefix is right: a perfect within-group ranking
        assertEquals(1.0, j.get("first_error_auroc_same_prompt").asDouble(), 1e-12);
        assertEquals(1.0, j.get("progress_concordance").asDouble(), 1e-12);
    }

    @Test
    void badArgumentsExit2NamingWhatIsAccepted() {
        CommandRun range = CommandRun.of("model-report", "--policy", POLICY, "--rl-range", "seven");
        assertEquals(2, range.code());
        assertTrue(range.err().contains("'--rl-range'") && range.err().contains("Invalid value 'seven' for configuration 'steps': accepted N or MIN..MAX"), range.err());
        CommandRun missing = CommandRun.of("model-report", "--policy", "no/such/dir");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no/such/dir"), missing.err());
        CommandRun prm = CommandRun.of("model-report", "--policy", POLICY, "--prm", "noisy-oracle:2");
        assertEquals(2, prm.code());
        assertTrue(prm.err().contains("noisy-oracle") && prm.err().contains("biased"), prm.err());
        CommandRun suite = CommandRun.of("model-report", "--policy", POLICY, "--suite", "v7");
        assertEquals(2, suite.code());
        assertTrue(suite.err().contains("v0, v1, v2"), suite.err());
    }
}
