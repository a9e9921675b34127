package dev.progrs.centering.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.CenteringConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster's client settings reach the Streams clients, the topic preparation's and replay's admin clients and replay's report consumer, never the log line. */
class CenteringClientSettingsTest {
    private static final Map<String, String> SASL = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\" password=\"s3cret\";");

    private static CenteringAppConfig config() {
        return CenteringAppConfig.defaults("broker:9093", CenteringTopologyConfig.defaults(CenteringConfig.defaults()))
                .withClientSettings(SASL);
    }

    @Test
    void streamsAndAdminClientsGetTheSecuritySettings() {
        CenteringAppConfig c = config();
        assertEquals("SASL_SSL", c.streamsProperties().get("security.protocol"));
        Map<String, Object> admin = c.adminProperties();
        assertEquals("broker:9093", admin.get("bootstrap.servers"));
        assertEquals("SASL_SSL", admin.get("security.protocol"));
        assertTrue(admin.get("sasl.jaas.config").toString().contains("s3cret"));
    }

    @Test
    void streamsSettingsGivenExplicitlyWinAndAdminPrefixedOnesReachOnlyTheAdminClient() {
        CenteringAppConfig c = CenteringAppConfig.fromSettings(Map.of(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093",
                "streams.security.protocol", "SSL", "streams.admin.request.timeout.ms", "5000",
                "streams.consumer.session.timeout.ms", "6000")).withClientSettings(SASL);
        assertEquals("SSL", c.streamsProperties().get("security.protocol"));
        Map<String, Object> admin = c.adminProperties();
        assertEquals("SSL", admin.get("security.protocol"));
        assertEquals("5000", admin.get("request.timeout.ms"));
        assertFalse(admin.containsKey("consumer.session.timeout.ms") || admin.containsKey("session.timeout.ms"), admin.toString());
    }

    @Test
    void theReplayReportsConsumerGetsTheSecuritySettingsAndConsumerPrefixedOnes() {
        CenteringAppConfig c = CenteringAppConfig.fromSettings(Map.of(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093",
                "streams.consumer.session.timeout.ms", "6000", "streams.admin.request.timeout.ms", "5000"))
                .withClientSettings(SASL);
        Map<String, Object> consumer = c.consumerProperties();
        assertEquals("broker:9093", consumer.get("bootstrap.servers"));
        assertEquals("SASL_SSL", consumer.get("security.protocol"));
        assertTrue(consumer.get("sasl.jaas.config").toString().contains("s3cret"));
        assertEquals("6000", consumer.get("session.timeout.ms"));
        assertFalse(consumer.containsKey("request.timeout.ms"), "admin-prefixed settings stay with the admin client");
    }

    @Test
    void theStartUpLineHidesTheJaasConfiguration() {
        String line = config().describe();
        assertFalse(line.contains("s3cret"), line);
        assertTrue(line.contains("sasl.jaas.config=[hidden]") && line.contains("security.protocol=SASL_SSL"), line);
    }
}
