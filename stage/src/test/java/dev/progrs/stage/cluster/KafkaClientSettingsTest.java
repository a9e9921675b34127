package dev.progrs.stage.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {
    private static final String SASL_FILE = """
            # a SASL/PLAIN cluster over TLS
            security.protocol=SASL_SSL
            sasl.mechanism=PLAIN
            sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\
                username="alice" \\
                password="alice-secret";
            ssl.truststore.location=/etc/progrs/truststore.p12
            ssl.truststore.password=changeit
            basic.auth.credentials.source=USER_INFO
            basic.auth.user.info=reg:reg-secret
            """;

    private static Path write(Path dir, String text) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void everyKafkaKeyReachesTheClientPropertiesWithTheBootstrapServers(@TempDir Path dir) throws IOException {
        KafkaClientSettings s = KafkaClientSettings.load(write(dir, SASL_FILE), "broker:9093");
        Properties p = s.properties();
        assertEquals("broker:9093", p.get("bootstrap.servers"));
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertTrue(p.get("sasl.jaas.config").toString().contains("password=\"alice-secret\";"), p.toString());
        assertFalse(p.containsKey("basic.auth.user.info"), "registry keys stay out of the Kafka clients");
        assertEquals("reg:reg-secret", s.registrySettings().userInfo().orElseThrow());
    }

    @Test
    void theFlagWinsOverTheFileWhichWinsOverTheDefault(@TempDir Path dir) throws IOException {
        Path file = write(dir, "bootstrap.servers=file:9092\n");
        assertEquals("flag:9092", KafkaClientSettings.load(file, "flag:9092").bootstrapServers());
        assertEquals("file:9092", KafkaClientSettings.load(file, null).bootstrapServers());
        assertEquals(KafkaClientSettings.DEFAULT_BOOTSTRAP, KafkaClientSettings.load(null, null).bootstrapServers());
    }

    @Test
    void secretsNeverReachTheStartUpLine(@TempDir Path dir) throws IOException {
        String line = KafkaClientSettings.load(write(dir, SASL_FILE), null).describe();
        assertFalse(line.contains("alice-secret") || line.contains("changeit") || line.contains("reg-secret"), line);
        assertTrue(line.contains("security.protocol=SASL_SSL") && line.contains("client.properties"), line);
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.load(missing, null));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void everyBadLineIsListedByNumber(@TempDir Path dir) throws IOException {
        Path file = write(dir, """
                security.protocol=SASL_PLAINTEX
                sasl.jass.config=x

                group.id=mine
                sasl.mechanism
                request.timeout.ms=soon
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.load(file, null));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()) && m.contains("5 bad lines"), m);
        assertTrue(m.contains("line 1: 'security.protocol' = SASL_PLAINTEX"), m);
        assertTrue(m.contains("line 2: 'sasl.jass.config' is not a Kafka client setting"), m);
        assertTrue(m.contains("line 4: 'group.id' is set by each stage"), m);
        assertTrue(m.contains("line 5: 'sasl.mechanism' has no value"), m);
        assertTrue(m.contains("line 6: 'request.timeout.ms' = soon"), m);
    }

    @Test
    void aBadRegistryValueIsRefusedWithTheFile(@TempDir Path dir) throws IOException {
        Path file = write(dir, "basic.auth.user.info=no-colon\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.load(file, null));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("user:password"), e.getMessage());
    }
}
