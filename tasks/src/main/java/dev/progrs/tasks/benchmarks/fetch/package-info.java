/**
 * Downloading a file whose bytes are known in advance ({@link dev.progrs.tasks.benchmarks.fetch.PinnedFile}):
 * resumable over HTTP {@code Range} requests, checked against a pinned SHA-256 before it appears
 * under its final name, so a reader never sees a partial or altered file.
 */
package dev.progrs.tasks.benchmarks.fetch;
