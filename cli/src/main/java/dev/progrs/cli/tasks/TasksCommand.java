package dev.progrs.cli.tasks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code progrs tasks}: problem suites. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Problem suites: the built-in arithmetic suite and the maths benchmarks.",
        subcommands = {TasksSampleCommand.class})
public final class TasksCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
