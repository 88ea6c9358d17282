package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.ChildJvm;
import io.tradecredit.SampleLake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@code tradecredit} command in a JVM of its own, on the test classpath, held at a pause point
 * ({@code TRADECREDIT_PAUSE_AT}) so that a test knows where it is, and killed with SIGKILL.
 */
final class CommandProcess {
  final String point;
  final Process process;
  private final CountDownLatch paused = new CountDownLatch(1);
  private final StringBuilder out = new StringBuilder();
  private final Thread reader;

  private CommandProcess(String point, Process process) {
    this.point = point;
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (out) {
            out.append(line).append('\n');
          }
          if (line.equals("tradecredit: paused at " + point)) {
            paused.countDown();
          }
        }
      } catch (IOException e) {
        // The stream closes when the process is killed.
      }
    });
    reader.start();
  }

  /** Starts {@code args} with conf/local.yaml and {@code settings} (one Spark core: the machine is shared). */
  static CommandProcess start(String point, List<String> settings, String... args) throws IOException {
    List<String> cmd = ChildJvm.command("-Xmx1g");
    cmd.add("io.tradecredit.cli.Main");
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--conf", SampleLake.HOME.resolve("conf/local.yaml").toString()));
    for (String s : settings) {
      cmd.addAll(List.of("--set", s.startsWith("spark.master=") ? "spark.master=local[1]" : s));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TRADECREDIT_PAUSE_AT", point);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return new CommandProcess(point, pb.start());
  }

  void awaitPause() throws InterruptedException {
    boolean reached = paused.await(600, TimeUnit.SECONDS) && process.isAlive();
    assertTrue(reached, "the command never paused at " + point + ":\n" + output());
  }

  String output() {
    synchronized (out) {
      return out.toString();
    }
  }

  /** The value of the first output line starting with {@code prefix}, up to {@code end}. */
  String find(String prefix, String end) {
    for (String line : output().split("\n")) {
      int at = line.indexOf(prefix);
      if (at >= 0) {
        String rest = line.substring(at + prefix.length());
        return rest.substring(0, rest.indexOf(end));
      }
    }
    throw new AssertionError("no line with '" + prefix + "' in:\n" + output());
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
    reader.join(10_000);
    assertEquals(137, process.exitValue(), "killed with SIGKILL");
  }
}
