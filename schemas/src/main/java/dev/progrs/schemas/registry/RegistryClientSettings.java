package dev.progrs.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the REST client authenticates to a schema registry and trusts it: HTTP basic auth and TLS
 * key material, under the names Confluent's own client reads, so one properties file serves both.
 *
 * <table>
 *   <caption>Accepted keys</caption>
 *   <tr><td>{@value #CREDENTIALS_SOURCE}</td><td>{@code USER_INFO} (the only source supported; optional)</td></tr>
 *   <tr><td>{@value #USER_INFO}</td><td>{@code user:password} for HTTP basic auth</td></tr>
 *   <tr><td>{@value #SSL_PREFIX}{@code truststore.location|password|type}</td><td>trust store for an https registry
 *       (type JKS or PKCS12; default: the JVM's trusted CAs)</td></tr>
 *   <tr><td>{@value #SSL_PREFIX}{@code keystore.location|password|type}, {@value #SSL_PREFIX}{@code key.password}</td>
 *       <td>client certificate, for a registry that asks for one (mutual TLS)</td></tr>
 *   <tr><td>{@value #SSL_PREFIX}{@code protocol}</td><td>the {@link SSLContext} protocol (default {@code TLS})</td></tr>
 * </table>
 * The basic-auth keys are also accepted with the {@code schema.registry.} prefix (as Kafka Streams and
 * Connect configurations spell them).
 *
 * @param userInfo {@code user:password}, if basic auth is used
 * @param ssl      the {@value #SSL_PREFIX}* settings, keys without the prefix (e.g. {@code truststore.location})
 */
public record RegistryClientSettings(Optional<String> userInfo, Map<String, String> ssl) {
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    /** The prefix Kafka Streams and Connect configurations put before registry keys. */
    public static final String PREFIX = "schema.registry.";
    public static final String SSL_PREFIX = "schema.registry.ssl.";
    private static final List<String> SSL_KEYS = List.of("truststore.location", "truststore.password", "truststore.type",
            "keystore.location", "keystore.password", "keystore.type", "key.password", "protocol");
    private static final Set<String> SECRETS = Set.of("truststore.password", "keystore.password", "key.password");

    /** No basic auth, the JVM's default trust. */
    public static final RegistryClientSettings NONE = new RegistryClientSettings(Optional.empty(), Map.of());

    public RegistryClientSettings {
        userInfo = userInfo == null ? Optional.empty() : userInfo;
        userInfo.ifPresent(RegistryClientSettings::checkUserInfo);
        ssl = Map.copyOf(ssl);
        for (String key : ssl.keySet()) {
            if (!SSL_KEYS.contains(key)) {
                throw new IllegalArgumentException("registry setting '" + SSL_PREFIX + key + "' is not known; accepted: "
                        + String.join(", ", SSL_KEYS.stream().map(k -> SSL_PREFIX + k).toList()));
            }
        }
    }

    /** @return whether {@code key} is one this class reads (so a properties file may hold it next to Kafka's) */
    public static boolean isRegistryKey(String key) {
        return key.equals(CREDENTIALS_SOURCE) || key.equals(USER_INFO) || key.equals(PREFIX + CREDENTIALS_SOURCE)
                || key.equals(PREFIX + USER_INFO) || key.startsWith(SSL_PREFIX) && SSL_KEYS.contains(key.substring(SSL_PREFIX.length()));
    }

    /** What {@link #isRegistryKey} accepts, for error messages. */
    public static String acceptedKeys() {
        return CREDENTIALS_SOURCE + ", " + USER_INFO + " (also with the prefix " + PREFIX + "), " + SSL_PREFIX + "{"
                + String.join(",", SSL_KEYS) + "}";
    }

    /**
     * Reads the registry keys of {@code properties} (other keys are ignored).
     *
     * @throws IllegalArgumentException naming the key and the accepted values
     */
    public static RegistryClientSettings fromProperties(Map<String, String> properties) {
        String source = first(properties, CREDENTIALS_SOURCE);
        if (source != null && !source.equalsIgnoreCase("USER_INFO")) {
            throw new IllegalArgumentException("registry setting '" + CREDENTIALS_SOURCE + "' = " + source
                    + "; accepted: USER_INFO (with " + USER_INFO + "=user:password)");
        }
        String userInfo = first(properties, USER_INFO);
        Map<String, String> ssl = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(SSL_PREFIX)) {
                ssl.put(k.substring(SSL_PREFIX.length()), v);
            }
        });
        return new RegistryClientSettings(Optional.ofNullable(userInfo), ssl);
    }

    /** The same with basic auth as {@code user}:{@code password}. */
    public RegistryClientSettings withUser(String user, String password) {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("registry user is empty; accepted: a non-empty name (with its password)");
        }
        if (password == null) {
            throw new IllegalArgumentException("registry user '" + user + "' has no password; give --registry-password, "
                    + "the environment variable PROGRS_REGISTRY_PASSWORD, or " + USER_INFO + "=user:password in --kafka-config");
        }
        return new RegistryClientSettings(Optional.of(user + ":" + password), ssl);
    }

    /** @return the {@code Authorization} header value, if basic auth is set */
    public Optional<String> authorization() {
        return userInfo.map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return whether any TLS setting is given (else the JVM's default {@link SSLContext} is used) */
    public boolean hasSsl() {
        return !ssl.isEmpty();
    }

    /**
     * The TLS context of the settings: the trust store (else the JVM's CAs) and the key store (else
     * none).
     *
     * @throws IllegalArgumentException naming the file or key that cannot be used
     */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = null;
            String trustLocation = ssl.get("truststore.location");
            if (trustLocation != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load("truststore", trustLocation, ssl.get("truststore.password"), ssl.get("truststore.type")));
            }
            KeyManagerFactory kmf = null;
            String keyLocation = ssl.get("keystore.location");
            if (keyLocation != null) {
                String storePassword = ssl.get("keystore.password");
                String keyPassword = ssl.getOrDefault("key.password", storePassword);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load("keystore", keyLocation, storePassword, ssl.get("keystore.type")),
                        keyPassword == null ? null : keyPassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance(ssl.getOrDefault("protocol", "TLS"));
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("registry TLS settings (" + SSL_PREFIX + "*) cannot be used: " + e.getMessage(), e);
        }
    }

    /** One line for start-up logs; secrets hidden. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(userInfo.map(u -> "basic auth as " + u.substring(0, u.indexOf(':'))).orElse("no auth"));
        if (hasSsl()) {
            Map<String, String> shown = new LinkedHashMap<>();
            ssl.forEach((k, v) -> shown.put(k, SECRETS.contains(k) ? "[hidden]" : v));
            s.append(", TLS ").append(shown);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "RegistryClientSettings[" + describe() + "]";
    }

    private static KeyStore load(String what, String location, String password, String type) throws GeneralSecurityException {
        String storeType = (type == null ? KeyStore.getDefaultType() : type).toUpperCase(Locale.ROOT);
        if (!storeType.equals("JKS") && !storeType.equals("PKCS12")) {
            throw new IllegalArgumentException("registry setting '" + SSL_PREFIX + what + ".type' = " + type + "; accepted: JKS, PKCS12");
        }
        Path file = Path.of(location);
        KeyStore store = KeyStore.getInstance(storeType);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        } catch (IOException e) {
            throw new IllegalArgumentException("registry " + what + " " + file + " (" + SSL_PREFIX + what
                    + ".location) cannot be read as " + storeType + ": " + e.getMessage(), e);
        }
        return store;
    }

    private static String first(Map<String, String> properties, String key) {
        String plain = properties.get(key);
        return plain != null ? plain : properties.get(PREFIX + key);
    }

    private static void checkUserInfo(String userInfo) {
        int colon = userInfo.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("registry setting '" + USER_INFO + "' must be user:password (a non-empty user, "
                    + "a colon, the password); the value given has " + (colon < 0 ? "no colon" : "an empty user"));
        }
    }
}
