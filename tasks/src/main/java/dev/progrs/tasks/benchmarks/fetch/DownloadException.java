package dev.progrs.tasks.benchmarks.fetch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A download that did not produce its file. The message names the URL, says what went wrong, and
 * ends with the manual step: fetch the URL by hand, check the pinned SHA-256, save it as the
 * target. Whatever the reason, the target was not created or changed.
 */
public final class DownloadException extends IOException {

    /** Why a download failed. */
    public enum Reason {
        /** The host could not be reached (offline, DNS, refused, timed out). */
        UNREACHABLE,
        /** The server answered with a status other than 200 or 206. */
        HTTP_STATUS,
        /** The bytes received do not have the pinned SHA-256 or size; nothing was kept. */
        CHECKSUM_MISMATCH,
        /** The connection was cut on every attempt; the bytes so far are kept for a resume. */
        INTERRUPTED,
        /** The local file system refused a write or a move. */
        LOCAL_IO
    }

    private final Reason reason;

    private DownloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static DownloadException unreachable(PinnedFile file, Path target, Throwable cause) {
        return new DownloadException(Reason.UNREACHABLE, "cannot reach " + file.url() + " (" + describe(cause)
                + "); are you offline? " + manualStep(file, target), cause);
    }

    static DownloadException status(PinnedFile file, Path target, int status) {
        return new DownloadException(Reason.HTTP_STATUS, "GET " + file.url() + " answered HTTP " + status
                + (status == 404 ? " (not found)" : "") + "; expected 200 or 206. " + manualStep(file, target), null);
    }

    static DownloadException mismatch(PinnedFile file, Path target, String actualSha256, long actualSize) {
        return new DownloadException(Reason.CHECKSUM_MISMATCH, "the bytes from " + file.url() + " have sha256 " + actualSha256
                + " (" + actualSize + " bytes), expected sha256 " + file.sha256() + " (" + file.size() + " bytes); "
                + "the download was discarded. " + manualStep(file, target), null);
    }

    static DownloadException oversize(PinnedFile file, Path target, long received) {
        return new DownloadException(Reason.CHECKSUM_MISMATCH, "the server at " + file.url() + " sent more than the expected "
                + file.size() + " bytes (" + received + " so far), so it is not the file with sha256 " + file.sha256()
                + "; the download was discarded. " + manualStep(file, target), null);
    }

    static DownloadException undersize(PinnedFile file, Path target, long received) {
        return new DownloadException(Reason.CHECKSUM_MISMATCH, "the server at " + file.url() + " ended the file after "
                + received + " bytes, short of the expected " + file.size() + ", so it is not the file with sha256 "
                + file.sha256() + "; the download was discarded. " + manualStep(file, target), null);
    }

    static DownloadException interrupted(PinnedFile file, Path target, Path part, long have, int attempts, Throwable cause) {
        return new DownloadException(Reason.INTERRUPTED, "the connection to " + file.url() + " was cut " + attempts
                + " time(s) (" + describe(cause) + "); " + have + " of " + file.size() + " bytes are kept in " + part
                + " and the next run resumes from there. " + manualStep(file, target), cause);
    }

    static DownloadException localIo(PinnedFile file, Path target, Path where, IOException cause) {
        return new DownloadException(Reason.LOCAL_IO, "cannot write " + where + " (" + describe(cause) + ") while fetching "
                + file.url() + ". " + manualStep(file, target), cause);
    }

    /** The instructions for placing the file by hand. */
    public static String manualStep(PinnedFile file, Path target) {
        return "To place the file by hand: download " + file.url() + " on a machine that can reach it, check that "
                + "`sha256sum` prints " + file.sha256() + " for it (" + file.size() + " bytes), and save it as "
                + target.toAbsolutePath() + ".";
    }

    /** {@code Class: message} of {@code t} and of its causes (the JDK's ConnectException for an unknown host has no message of its own). */
    private static String describe(Throwable t) {
        if (t == null) {
            return "no detail";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 300; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            sb.append(sb.length() == 0 ? "" : " caused by ").append(c.getClass().getSimpleName())
                    .append(m == null || m.isBlank() ? "" : ": " + m);
        }
        return sb.toString();
    }
}
