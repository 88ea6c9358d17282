package io.tradecredit.cli;

import io.tradecredit.SampleLake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A command line run in the test JVM (its Spark session), with what it printed. */
record CliRun(int code, String out, String err) {

  /** Runs {@code args} with conf/local.yaml and {@code settings} as --set options. */
  static CliRun run(List<String> settings, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", SampleLake.HOME.resolve("conf/local.yaml").toString()));
    for (String s : settings) {
      all.addAll(List.of("--set", s));
    }
    return main(all.toArray(String[]::new));
  }

  /** Runs exactly {@code args}, capturing what it prints (and printing it again for the test's log). */
  static CliRun main(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.run(args);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
    CliRun run = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    stdout.print(run.out);
    stderr.print(run.err);
    return run;
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
