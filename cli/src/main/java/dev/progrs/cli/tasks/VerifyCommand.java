package dev.progrs.cli.tasks;

import dev.progrs.cli.io.StandardStreams;
import dev.progrs.tasks.eval.VerifyJsonLines;
import dev.progrs.tasks.verify.AnswerExtractor;
import dev.progrs.tasks.verify.EquivalenceConfig;
import dev.progrs.tasks.verify.Verifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code progrs verify}: JSON lines {@code {"gold","pred"}} in, one verdict line out per input. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies model outputs against gold answers.",
                "Reads JSON lines {\"gold\": \"...\", \"pred\": \"...\"} from stdin (or --in) and writes, in order, one line per input:",
                "{\"correct\": true|false, \"extracted\": \"...\", \"rule\": \"...\", \"reason\": \"...\"}."})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--in", paramLabel = "FILE", description = "Input JSON lines (default: stdin).")
    Path in;

    @Option(names = "--out", paramLabel = "FILE", description = "Output JSON lines (default: stdout).")
    Path out;

    @Option(names = "--symbolic-timeout-ms", paramLabel = "MS",
            description = "Bound on one symbolic (Symja) comparison, 1..60000, capped by what is left of --budget-ms "
                    + "(default: ${DEFAULT-VALUE}).")
    long symbolicTimeoutMs = EquivalenceConfig.defaults().symbolicTimeout().toMillis();

    @Option(names = "--budget-ms", paramLabel = "MS",
            description = "Bound on one whole verification, 1..60000; when it runs out the verdict is incorrect with reason "
                    + "'timeout: ...' (default: ${DEFAULT-VALUE}).")
    long budgetMs = EquivalenceConfig.DEFAULT_BUDGET.toMillis();

    @Option(names = "--rules", split = ",", paramLabel = "RULE", converter = RuleName.class,
            description = "Extraction rules to use, in their fixed priority order: boxed, answer-line, answer-is, "
                    + "hash-marker, math-span, whole-output, last-number, choice-letter (default: all). "
                    + "answer-line alone suits the built-in suite.")
    List<AnswerExtractor.Rule> rules;

    /** Picocli conversion of rule ids with the accepted list on error. */
    static final class RuleName implements CommandLine.ITypeConverter<AnswerExtractor.Rule> {
        @Override
        public AnswerExtractor.Rule convert(String value) {
            try {
                return AnswerExtractor.Rule.ofId(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        EquivalenceConfig config = new EquivalenceConfig(Duration.ofMillis(symbolicTimeoutMs),
                EquivalenceConfig.defaults().randomPoints(), EquivalenceConfig.defaults().seed(), Duration.ofMillis(budgetMs));
        if (in != null && !Files.isRegularFile(in)) {
            throw new IllegalArgumentException("--in " + in.toAbsolutePath() + " is not a readable file");
        }
        // InputStreamReader with a Charset replaces malformed bytes by U+FFFD (Files.newBufferedReader would throw
        // "Input length = 1" and stop): a stray byte costs its line's text, never the other lines' verdicts.
        try (Verifier verifier = new Verifier(config);
             Reader reader = new BufferedReader(new InputStreamReader(in == null ? StandardStreams.in() : Files.newInputStream(in),
                     StandardCharsets.UTF_8));
             Writer writer = out == null
                     ? new BufferedWriter(new OutputStreamWriter(StandardStreams.out(), StandardCharsets.UTF_8))
                     : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            Set<AnswerExtractor.Rule> allowed = rules == null || rules.isEmpty()
                    ? AnswerExtractor.ALL_RULES : EnumSet.copyOf(rules);
            VerifyJsonLines.Summary s = new VerifyJsonLines(verifier, allowed).run(reader, writer);
            System.err.printf("verified %d lines: %d correct, %d invalid input%n", s.lines(), s.correct(), s.invalid());
            return s.invalid() > 0 ? 1 : 0;
        }
    }
}
