package dev.progrs.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.progrs.models.pretrain.WarmStartConfig;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.scorer.prmtrain.TrainPrmConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code progrs run} trains missing warm models through the experiment module's service with the recipes
 * {@code TrainPrmConfig.defaults} and {@code WarmStartConfig.defaults}; they are the commands' defaults.
 */
class WarmRecipeTest {

    @Test
    void trainPrmWithOnlyPolicyAndOutIsTheShippedRecipe() {
        TrainPrmCommand command = new TrainPrmCommand();
        new CommandLine(command).parseArgs("--policy", "p", "--out", "o");
        TrainPrmConfig parsed = command.config();
        assertEquals(TrainPrmConfig.defaults(Path.of("p"), Path.of("o")).withCommandLine(parsed.commandLine()), parsed);
    }

    @Test
    void pretrainWithOnlyOutIsTheShippedRecipe() {
        PretrainCommand command = new PretrainCommand();
        new CommandLine(command).parseArgs("--out", "o");
        assertEquals(WarmStartConfig.defaults().withOut(Path.of("o")), command.config());
        assertEquals(TransformerConfig.policyV1(20), command.architecture(20));
    }
}
