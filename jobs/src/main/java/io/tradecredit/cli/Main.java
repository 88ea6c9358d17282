package io.tradecredit.cli;

import io.tradecredit.config.ConfigException;
import io.tradecredit.ingest.IngestFailure;
import io.tradecredit.publish.PublishFailure;
import java.time.LocalDate;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tradecredit <command> [options]}: the one entry point of the Spark application. */
@Command(name = "tradecredit", mixinStandardHelpOptions = true, version = "tradecredit 0.1.0",
    description = "Nightly lakehouse pipeline scoring the credit of companies in cross-border B2B trade.",
    subcommands = {StageCommands.Ingest.class, StageCommands.Conform.class, StageCommands.Features.class,
        StageCommands.Score.class, StageCommands.Publish.class, NightlyCommand.class, SqlCommand.class,
        DemoCommand.class, TrainCommand.class, PromoteCommand.class, StatusCommand.class, GenerateCommand.class,
        EraseCommand.class, PullCommand.class, ProfileCommand.class, VerifyCommand.class, ReportCommand.class,
        ServeCommand.class, WarmUpCommand.class})
public class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code: 0 done, 1 failed, 2 bad usage. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.registerConverter(LocalDate.class, LocalDate::parse);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return 2;
      }
      if (e instanceof IngestFailure || e instanceof PublishFailure || e instanceof IllegalStateException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
