package dev.progrs.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One invocation of the {@code progrs} command line in-process, with what it printed: {@code out}
 * is standard output, {@code err} picocli's error writer followed by what the command wrote to
 * {@code System.err}; {@code stdStreamsOpen} whether the command left both standard streams usable.
 */
public record CommandRun(int code, String out, String err, boolean stdStreamsOpen) {

    public static CommandRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream capturedErr = new PrintStream(stderr, true, StandardCharsets.UTF_8);
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            // a closed PrintStream reports the write below as an error
            capturedOut.print("");
            capturedOut.flush();
            capturedErr.flush();
            boolean open = !capturedOut.checkError() && !capturedErr.checkError();
            return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err + stderr.toString(StandardCharsets.UTF_8), open);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
