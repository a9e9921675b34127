package dev.progrs.generator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.models.policy.SamplingConfig;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {

    @Test
    void transactionalIdFollowsTheGeneratorId() {
        assertEquals("progrs-generator-gen-7", GeneratorConfig.defaults("gen-7").transactionalId());
    }

    @Test
    void errorsNameKeyValueAndAcceptedValues() {
        String m = assertThrows(IllegalArgumentException.class, () -> GeneratorConfig.defaults("g").withGroupSize(0)).getMessage();
        assertTrue(m.contains("'group-size' = 0") && m.contains("accepted"), m);
        m = assertThrows(IllegalArgumentException.class, () -> GeneratorConfig.defaults("a b")).getMessage();
        assertTrue(m.contains("'generator-id' = a b"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> GeneratorConfig.defaults("g").withSampling(SamplingConfig.greedy(10))).getMessage();
        assertTrue(m.contains("'sampling'"), m);
        m = assertThrows(IllegalArgumentException.class, () -> GeneratorConfig.defaults("g").withMaxStaleness(-2)).getMessage();
        assertTrue(m.contains("'max-staleness' = -2"), m);
    }
}
