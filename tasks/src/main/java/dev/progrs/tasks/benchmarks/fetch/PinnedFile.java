package dev.progrs.tasks.benchmarks.fetch;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file on the web whose content is fixed in advance: where to fetch it, the SHA-256 of its
 * bytes and its length. A download is accepted only when both match, so the URL should name an
 * immutable revision (a commit, not a branch).
 *
 * @param url    {@code http} or {@code https} address serving the file
 * @param sha256 SHA-256 of the file's bytes, 64 lower-case hex digits
 * @param size   length in bytes, at least 1
 */
public record PinnedFile(URI url, String sha256, long size) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public PinnedFile {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url " + url + " is not an http or https address; accepted: http://..., https://...");
        }
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 '" + sha256 + "' is not 64 lower-case hex digits");
        }
        if (size < 1) {
            throw new IllegalArgumentException("size " + size + " is invalid; accepted: a length in bytes >= 1");
        }
    }

    /** The same expected bytes, fetched from {@code other} (a mirror). */
    public PinnedFile at(URI other) {
        return new PinnedFile(other, sha256, size);
    }
}
