package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.progrs.models.policy.PolicyModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeeperPrmInitialisationTest {

    @Test
    void structuralNamesDropDjlsChildNumbers() {
        assertEquals("stack_layer0_attention_out_weight", PrmModel.structuralName("02stack_01layer0_02attention_out_weight"));
        assertEquals("stack_layer11_ffn_w2", PrmModel.structuralName("02stack_12layer11_04ffn_w2"));
        assertEquals("stack_ln_f_gamma", PrmModel.structuralName("02stack_05ln_f_gamma"));
    }

    @Test
    void aDeeperPrmStartsAsTheShallowOneItExtends() {
        PrmConfig shallow = TinyPrms.config();
        PrmConfig deep = new PrmConfig(shallow.architecture().withLayers(shallow.architecture().layers() + 2), shallow.quantileLevels());
        try (PolicyModel policy = PolicyModel.create(shallow.architecture(), TinyPrms.TOKENIZER, Device.cpu(), 3);
             PrmModel a = PrmModel.create(shallow, TinyPrms.TOKENIZER, Device.cpu(), 5);
             PrmModel b = PrmModel.create(deep, TinyPrms.TOKENIZER, Device.cpu(), 6)) {
            a.initialiseEncoderFrom(policy);
            b.initialiseEncoderFrom(policy);
            copyHead(a, b); // the heads are seeded apart; give both the same one
            List<PrmSequence> seqs = List.of(TinyPrms.randomSequence(new SplittableRandom(1), 30, 3),
                    TinyPrms.randomSequence(new SplittableRandom(2), 50, 5));
            List<double[][]> qa = a.score(seqs);
            List<double[][]> qb = b.score(seqs);
            for (int s = 0; s < seqs.size(); s++) {
                for (int t = 0; t < qa.get(s).length; t++) {
                    for (int k = 0; k < qa.get(s)[t].length; k++) {
                        assertEquals(qa.get(s)[t][k], qb.get(s)[t][k], 1e-5, "sequence " + s + " step " + t + " level " + k);
                    }
                }
            }
        }
    }

    @Test
    void aShallowerPrmThanThePolicyIsRefused() {
        PrmConfig deep = TinyPrms.config();
        PrmConfig shallow = new PrmConfig(deep.architecture().withLayers(1), deep.quantileLevels());
        try (PolicyModel policy = PolicyModel.create(deep.architecture(), TinyPrms.TOKENIZER, Device.cpu(), 3);
             PrmModel p = PrmModel.create(shallow, TinyPrms.TOKENIZER, Device.cpu(), 5)) {
            var e = assertThrows(IllegalArgumentException.class, () -> p.initialiseEncoderFrom(policy));
            assertTrue(e.getMessage().contains("the PRM may only have more layers"), e.getMessage());
        }
    }

    private static void copyHead(PrmModel from, PrmModel to) {
        Map<String, Parameter> target = new HashMap<>();
        for (Pair<String, Parameter> p : to.network().getParameters()) {
            target.put(PrmModel.structuralName(p.getKey()), p.getValue());
        }
        for (Pair<String, Parameter> p : from.network().getParameters()) {
            String name = PrmModel.structuralName(p.getKey());
            if (name.startsWith("head")) {
                target.get(name).getArray().set(p.getValue().getArray().toFloatArray());
            }
        }
    }
}
