package dev.progrs.cli.stream;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.cli.io.StandardStreams;
import dev.progrs.centering.offline.OfflineCentering;
import dev.progrs.cli.options.CenteringOptions;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code progrs center}: the centering maths over JSON lines, no Kafka. A thin shell over {@link OfflineCentering}. */
@Command(name = "center", mixinStandardHelpOptions = true,
        description = "Offline re-centering: read JSON lines {\"group_id\", \"sample_index\", \"group_size\", \"outcome\", "
                + "\"process_score\"} (or ScoredTrajectory JSON, or `progrs dump` lines of progrs.scored) and write the lines of "
                + "complete groups, in input order, with centered_bonus, outcome_advantage and advantage added. Incomplete "
                + "groups and unreadable lines (a non-finite outcome or score too) are named on stderr and left out; every "
                + "other complete group is written.")
public final class CenterCommand implements Callable<Integer> {
    @Option(names = "--in", description = "Input file (default: standard input).")
    Path in;

    @Option(names = "--out", description = "Output file (default: standard output).")
    Path out;

    @Mixin
    CenteringOptions centeringOptions;

    @Override
    public Integer call() throws Exception {
        CenteringConfig config = centeringOptions.config();
        if (in != null && !Files.isRegularFile(in)) {
            throw new IllegalArgumentException("--in " + in + ": no such file");
        }
        // std streams stay open (closing System.err hid picocli's report of a failure); a malformed UTF-8 byte
        // becomes U+FFFD and costs its line, not the run
        try (Reader reader = new InputStreamReader(in == null ? StandardStreams.in() : Files.newInputStream(in), StandardCharsets.UTF_8);
             Writer writer = out == null ? new OutputStreamWriter(StandardStreams.out(), StandardCharsets.UTF_8)
                     : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             Writer problems = new OutputStreamWriter(StandardStreams.err(), StandardCharsets.UTF_8)) {
            OfflineCentering.Summary summary = OfflineCentering.run(reader, writer, problems, config);
            problems.write("progrs center: " + config.describe() + "; " + summary.completeGroups() + " complete groups ("
                    + summary.written() + " lines written), " + summary.incompleteGroups() + " incomplete groups left out, "
                    + summary.rejectedLines() + " lines rejected\n");
            problems.flush();
        }
        return 0;
    }
}
