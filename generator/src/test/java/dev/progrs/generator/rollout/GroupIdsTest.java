package dev.progrs.generator.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupIdsTest {

    @Test
    void idNamesPromptGeneratorIncarnationAndSequence() {
        GroupIds ids = new GroupIds("gen-a", "0badcafe");
        assertEquals("arithmetic/train/s5/42|gen-a.0badcafe.1", ids.next("arithmetic/train/s5/42"));
        assertEquals("arithmetic/train/s5/42|gen-a.0badcafe.2", ids.next("arithmetic/train/s5/42"));
        assertEquals(2, ids.issued());
    }

    @Test
    void aRetriedPromptGetsANewIdWithinAndAcrossIncarnations() {
        GroupIds first = new GroupIds("gen-a");
        GroupIds restarted = new GroupIds("gen-a");
        GroupIds other = new GroupIds("gen-b");
        Set<String> seen = new HashSet<>();
        for (int attempt = 0; attempt < 1000; attempt++) {
            assertTrue(seen.add(first.next("p")));
            assertTrue(seen.add(restarted.next("p")));
            assertTrue(seen.add(other.next("p")));
        }
        assertNotEquals(first.incarnation(), restarted.incarnation());
    }

    @Test
    void generatorIdsThatCouldBreakTheFormatAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupIds("gen.a"));
        assertTrue(e.getMessage().contains("generatorId = 'gen.a'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GroupIds("gen|a"));
        assertThrows(IllegalArgumentException.class, () -> new GroupIds(""));
    }
}
