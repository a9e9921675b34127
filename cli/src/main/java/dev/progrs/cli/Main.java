package dev.progrs.cli;

import dev.progrs.cli.options.StepRangeConverter;
import dev.progrs.cli.benchmarks.BenchmarksCommand;
import dev.progrs.cli.kafka.DumpCommand;
import dev.progrs.cli.kafka.TopicsCommand;
import dev.progrs.cli.kafka.UpCommand;
import dev.progrs.cli.experiment.ExperimentCommand;
import dev.progrs.cli.run.RunCommand;
import dev.progrs.cli.stream.CenterCommand;
import dev.progrs.cli.stream.CenteringCommand;
import dev.progrs.cli.stream.ReplayCommand;
import dev.progrs.cli.stream.MonitorCommand;
import dev.progrs.cli.stream.FeedCommand;
import dev.progrs.cli.stream.GeneratorCommand;
import dev.progrs.cli.stream.LearnerCommand;
import dev.progrs.cli.stream.ScorerCommand;
import dev.progrs.cli.tasks.EvalCommand;
import dev.progrs.cli.tasks.TasksCommand;
import dev.progrs.cli.tasks.VerifyCommand;
import dev.progrs.cli.train.PretrainCommand;
import dev.progrs.cli.train.TrainPrmCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code progrs} command. */
@Command(name = "progrs", mixinStandardHelpOptions = true, version = "progrs 0.1.0",
        description = "PROGRS stream: RL from verifiable outcomes plus outcome-conditioned process rewards, on Kafka.",
        subcommands = {
                RunCommand.class,
                ExperimentCommand.class,
                UpCommand.class,
                TopicsCommand.class,
                DumpCommand.class,
                PretrainCommand.class,
                TrainPrmCommand.class,
                dev.progrs.cli.train.ModelReportCommand.class,
                ScorerCommand.class,
                CenteringCommand.class,
                ReplayCommand.class,
                CenterCommand.class,
                MonitorCommand.class,
                FeedCommand.class,
                GeneratorCommand.class,
                LearnerCommand.class,
                VerifyCommand.class,
                TasksCommand.class,
                EvalCommand.class,
                BenchmarksCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with the project's error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(dev.progrs.tasks.arithmetic.StepRange.class, new StepRangeConverter());
        cl.setExecutionExceptionHandler(new FriendlyErrors());
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        // Some libraries (Symja, DJL) leave non-daemon threads: end the JVM explicitly.
        System.exit(code);
    }
}
