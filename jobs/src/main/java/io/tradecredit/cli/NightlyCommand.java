package io.tradecredit.cli;

import io.tradecredit.lake.Console;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nightly --date D} or a backfill {@code --from A --to B}, under the lake lock. A date already published
 * identically ({@link NightInputs}) is skipped, saying by which run; a failing date stops the range and says which
 * dates before it are published and the command that resumes from it.
 */
@Command(name = "nightly", description = "Run ingest, conform, features, score and publish for D, "
    + "or for every date from A to B in one Spark session; a date already published from the same landing drops, "
    + "model and configuration is skipped.")
final class NightlyCommand implements Callable<Integer> {
  /** Keys whose values are not printed in the resume command. */
  private static final Pattern SECRET = Pattern.compile("(?i).*(password|passwd|secret|token|credential|access\\.key"
      + "|private).*");

  @Mixin CommonOptions common;
  @ArgGroup(exclusive = false) DateRange range = new DateRange();

  @Option(names = "--rerun", description = "Run every date, also one already published from the same inputs.")
  boolean rerun;

  @Override
  public Integer call() {
    List<LocalDate> dates = range.dates();
    RunContext ctx = Session.start(common.load());
    try (LakeLock lock = Locking.acquire(ctx, "nightly " + range.describe() + (rerun ? " --rerun" : ""))) {
      int ran = 0;
      int skipped = 0;
      for (LocalDate date : dates) {
        RunContext night = ctx.nextRun();
        NightInputs inputs = NightInputs.of(night, date);
        if (!rerun) {
          NightInputs.Decision decision = inputs.decide(ctx.lake(), date);
          Console.line("nightly %s  %s: %s", date, decision.run() ? "runs" : "skipped", decision.why());
          if (!decision.run()) {
            skipped++;
            continue;
          }
        }
        try {
          Nightly.run(night, date, lock, inputs);
          ran++;
        } catch (RuntimeException | Error e) {
          stopped(date, dates.get(0), ran, skipped, e);
          throw e;
        }
      }
      if (dates.size() > 1) {
        Console.line("== nightly %s .. %s: %d published by this run, %d already published identically", dates.get(0),
            dates.get(dates.size() - 1), ran, skipped);
      }
    }
    return 0;
  }

  /** What an operator needs when a date fails: which, why, what is already published, how to go on. */
  private void stopped(LocalDate failed, LocalDate first, int ran, int skipped, Throwable e) {
    System.err.println("nightly stopped at " + failed + ": " + e.getMessage());
    System.err.println("  " + (failed.equals(first) ? "no date before it in this run"
        : first + " .. " + failed.minusDays(1) + " are published (" + ran + " by this run, " + skipped
            + " already published identically)"));
    System.err.println("  fix the cause, then resume with: " + resume(failed));
    System.err.flush();
  }

  /** The same command from {@code from} on, with the same configuration options. */
  String resume(LocalDate from) {
    List<String> args = new ArrayList<>(List.of("bin/tradecredit", "nightly"));
    if (range.date != null) {
      args.addAll(List.of("--date", from.toString()));
    } else {
      args.addAll(List.of("--from", from.toString(), "--to", range.to.toString()));
    }
    if (rerun) {
      args.add("--rerun");
    }
    if (common.conf != null) {
      args.addAll(List.of("--conf", common.conf.toString()));
    }
    boolean hidden = false;
    for (String set : common.overrides) {
      int eq = set.indexOf('=');
      if (eq > 0 && SECRET.matcher(set.substring(0, eq)).matches()) {
        set = set.substring(0, eq + 1) + "HIDDEN";
        hidden = true;
      }
      args.addAll(List.of("--set", set));
    }
    return args.stream().map(NightlyCommand::quote).collect(Collectors.joining(" "))
        + (hidden ? "   (values shown as HIDDEN are secrets: give them as before)" : "");
  }

  /** A shell word: as it is when it is plain, else in single quotes. */
  static String quote(String word) {
    return word.matches("[A-Za-z0-9_./:=@,+%\\-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
