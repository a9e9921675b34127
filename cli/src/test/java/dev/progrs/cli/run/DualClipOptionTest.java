package dev.progrs.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.CommandRun;
import org.junit.jupiter.api.Test;

/** {@code --dual-clip} is an option of run, learner and experiment, and a bad value is refused listing the accepted ones. */
class DualClipOptionTest {

    @Test
    void everyGrpoCommandRefusesABadDualClipNamingTheAcceptedValues() {
        for (String command : new String[] {"run", "learner", "experiment"}) {
            CommandRun r = CommandRun.of(command, "--dual-clip", "0.5");
            assertEquals(2, r.code(), command + ": " + r.err() + r.out());
            assertTrue(r.err().contains("Invalid value '0.5' for configuration 'dual-clip': accepted off, or a finite number c > 1"),
                    command + ": " + r.err());
        }
    }

    @Test
    void theHelpOfEveryGrpoCommandShowsTheDualClipAndItsDefault() {
        for (String command : new String[] {"run", "learner", "experiment"}) {
            CommandRun r = CommandRun.of(command, "--help");
            assertTrue(r.out().contains("--dual-clip") && r.out().contains("as verl"), command + ": " + r.out());
        }
    }
}
