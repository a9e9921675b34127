package dev.progrs.tasks.benchmarks.fetch;

/**
 * Hears how a download advances, to draw a progress bar. {@link #started} comes once per attempt
 * (a resumed attempt starts at the bytes already on disk), {@link #advanced} after every chunk
 * written, {@link #close} once at the end whatever happened.
 */
public interface DownloadProgress extends AutoCloseable {

    /** Progress that shows nothing. */
    DownloadProgress NONE = new DownloadProgress() {
        @Override
        public void started(long total, long from) {
        }

        @Override
        public void advanced(long done) {
        }
    };

    /**
     * An attempt begins.
     *
     * @param total bytes of the whole file
     * @param from  bytes already on disk that this attempt continues from (0 on a fresh start)
     */
    void started(long total, long from);

    /** {@code done} bytes of the file are on disk. */
    void advanced(long done);

    /** The download ended (whole, or failed); release the display. */
    @Override
    default void close() {
    }
}
