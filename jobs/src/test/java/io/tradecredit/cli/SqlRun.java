package io.tradecredit.cli;

import io.tradecredit.SampleLake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code tradecredit sql ...} through the entry point, its standard output and error captured.
 *
 * @param code the exit code
 */
record SqlRun(int code, String out, String err) {

  /** {@code sql} with the configuration of conf/local.yaml, the lake under {@code root}, and {@code args}. */
  static SqlRun sql(Path root, String... args) {
    List<String> line = new ArrayList<>(List.of("sql", "--conf", SampleLake.HOME.resolve("conf/local.yaml").toString()));
    for (String setting : SampleLake.settings(root, SampleLake.HOME.resolve("data-samples/landing"))) {
      line.add("--set");
      line.add(setting);
    }
    line.addAll(List.of(args));
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(line.toArray(String[]::new));
      return new SqlRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  List<String> lines() {
    return out.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- stdout (" + out.length() + " chars)\n" + (out.length() > 4000
        ? out.substring(0, 2000) + "\n...\n" + out.substring(out.length() - 2000) : out) + "\n--- stderr\n" + err;
  }
}
