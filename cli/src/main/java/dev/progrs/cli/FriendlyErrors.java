package dev.progrs.cli;

import picocli.CommandLine;

/**
 * Prints an exception's message (which names the bad value and what is accepted) instead of a stack
 * trace; {@code PROGRS_DEBUG=1} shows the trace too.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        Throwable t = ex;
        StringBuilder msg = new StringBuilder("progrs ").append(cl.getCommandName()).append(": ");
        msg.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !msg.toString().contains(c.getMessage())) {
                msg.append("\n  caused by: ").append(c.getMessage());
            }
        }
        cl.getErr().println(cl.getColorScheme().errorText(msg.toString()));
        if (System.getenv("PROGRS_DEBUG") != null) {
            ex.printStackTrace(cl.getErr());
        }
        return ex instanceof IllegalArgumentException ? 2 : 1;
    }
}
