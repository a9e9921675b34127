package dev.progrs.stage.settings;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InvalidSettingExceptionTest {

    @Test
    void theMessageNamesTheValueTheKeyAndWhatIsAccepted() {
        InvalidSettingException e = new InvalidSettingException("windows", "slide", "partition, sliding");
        assertEquals("Invalid value 'slide' for configuration 'windows': accepted partition, sliding", e.getMessage());
        assertEquals("windows", e.key());
        assertEquals("slide", e.value());
        assertEquals("null", new InvalidSettingException("out", null, "a directory path").value());
    }

    @Test
    void requireThrowsOnlyWhenTheCheckFails() {
        assertDoesNotThrow(() -> InvalidSettingException.require(true, "batch-size", 4, "an integer >= 1"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> InvalidSettingException.require(false, "--lr", -1f, "a finite number > 0"));
        assertEquals("Invalid value '-1.0' for configuration '--lr': accepted a finite number > 0", e.getMessage());
        assertEquals("--lr", e.key());
        assertEquals("-1.0", e.value());
    }
}
