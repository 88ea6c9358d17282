package io.tradecredit;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a child JVM's command line for tests that run a process of their own (to kill it, or to hold a
 * lock): this JDK, this JVM's class path, and the JDK opens and Spark settings surefire gave this JVM.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java OPTIONS... -cp CLASSPATH}, the main class and its arguments to be added. Children stop the JIT at its
   * first tier (they are short), whose code is larger: its default cache of 48 MB filled during a whole night, which
   * disables the compiler and then failed Spark tasks, hence 256 MB.
   */
  public static List<String> command(String... options) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=256m"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Dspark")).forEach(cmd::add);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    return cmd;
  }
}
