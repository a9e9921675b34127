package dev.progrs.generator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.stage.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {

    @Test
    void transactionalIdFollowsTheGeneratorId() {
        assertEquals("progrs-generator-gen-7", GeneratorConfig.defaults("gen-7").transactionalId());
    }

    @Test
    void errorsNameKeyValueAndAcceptedValues() {
        var e = assertThrows(InvalidSettingException.class, () -> GeneratorConfig.defaults("g").withGroupSize(0));
        assertEquals("Invalid value '0' for configuration 'group-size': accepted an integer >= 1", e.getMessage());
        assertEquals("group-size", e.key());
        e = assertThrows(InvalidSettingException.class, () -> GeneratorConfig.defaults("a b"));
        assertEquals("Invalid value 'a b' for configuration 'generator-id': accepted 1-100 letters, digits, '_' or '-'", e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> GeneratorConfig.defaults("g").withSampling(SamplingConfig.greedy(10)));
        assertEquals("sampling", e.key());
        e = assertThrows(InvalidSettingException.class, () -> GeneratorConfig.defaults("g").withMaxStaleness(-2));
        assertEquals("Invalid value '-2' for configuration 'max-staleness': accepted an integer >= 0", e.getMessage());
    }
}
