package dev.progrs.monitor.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The one user and password the monitor's HTTP side accepts (HTTP basic auth), for a dashboard and
 * {@code /metrics} served beyond the loopback interface. Prometheus scrapes it with {@code basic_auth}.
 *
 * @param user     non-empty, no colon
 * @param password non-empty
 */
public record HttpCredentials(String user, String password) {
    /** The environment variable {@code progrs monitor} reads the password from when no flag gives it. */
    public static final String PASSWORD_ENV = "PROGRS_MONITOR_PASSWORD";

    public HttpCredentials {
        if (user == null || user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("--http-user '" + user + "': accepted a non-empty name without ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--http-user " + user + " needs a password: give --http-password or set "
                    + PASSWORD_ENV);
        }
    }

    /** Compares in constant time, so the reply time says nothing about how much of a guess was right. */
    boolean accepts(String givenUser, String givenPassword) {
        boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), givenUser.getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                givenPassword.getBytes(StandardCharsets.UTF_8));
        return userOk & passwordOk;
    }

    @Override
    public String toString() {
        return "HttpCredentials[user=" + user + ", password=[hidden]]";
    }
}
