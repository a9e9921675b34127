package dev.progrs.cli.run;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While {@code progrs run} shows its progress line, every log line goes to a file in the run directory and
 * the console shows warnings and errors only, so per-version INFO lines do not break the progress line.
 * Closing restores the console. A no-op when the logging backend is not logback.
 */
final class RunLog implements AutoCloseable {

    private final List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
    private final List<List<ch.qos.logback.core.filter.Filter<ILoggingEvent>>> previous = new ArrayList<>();
    private final FileAppender<ILoggingEvent> file;
    private final ch.qos.logback.classic.Logger root;

    private RunLog(ch.qos.logback.classic.Logger root, FileAppender<ILoggingEvent> file) {
        this.root = root;
        this.file = file;
    }

    /** Starts writing every log line to {@code path}; the console keeps WARN and above. */
    static RunLog toFile(Path path) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext ctx)) {
            return new RunLog(null, null);
        }
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(ctx);
        file.setName("progrs-run-file");
        file.setFile(path.toString());
        file.setEncoder(encoder);
        file.start();
        RunLog log = new RunLog(root, file);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            ThresholdFilter warn = new ThresholdFilter();
            warn.setLevel(Level.WARN.levelStr);
            warn.start();
            log.consoles.add(a);
            log.previous.add(a.getCopyOfAttachedFiltersList());
            a.addFilter(warn);
        }
        root.addAppender(file);
        return log;
    }

    @Override
    public void close() {
        if (root == null) {
            return;
        }
        root.detachAppender(file);
        file.stop();
        for (int i = 0; i < consoles.size(); i++) {
            Appender<ILoggingEvent> a = consoles.get(i);
            a.clearAllFilters();
            previous.get(i).forEach(a::addFilter);
        }
    }
}
