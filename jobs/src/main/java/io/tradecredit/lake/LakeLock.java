package io.tradecredit.lake;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.config.PipelineConfig;
import io.tradecredit.ingest.Feed;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One night at a time per lake: every command that writes the lake holds a lock for as long as it runs.
 *
 * <pre>{@code
 * try (LakeLock lock = LakeLock.acquire(ctx, "erase --company C")) {
 *   ... write the lake ...
 * }
 * }</pre>
 *
 * <p>A lock is a small JSON file under {@code <lake>/_locks/}, written through the Hadoop FileSystem API so that it
 * works wherever the lake is (local disk, HDFS, s3a). It names its holder (host, pid, run id, command, since when)
 * and, for a night, the night, its run and the stage it is in. Its <em>scopes</em> say what it keeps others from:
 * {@link #LAKE} (the whole lake: nightly, conform, features, score, publish, demo, erase) conflicts with every
 * other lock; {@link #ingest(Feed) ingest-FEED} conflicts with the lake scope and with the same feed only, so the
 * scheduler's ingests of different feeds run side by side.
 *
 * <p>Acquiring: write a file of one's own (a name no one else uses), then list the folder; if a live holder of a
 * conflicting scope is there, remove one's own file and refuse. Of two runs that start together at least one sees
 * the other, because each lists only after its own file is complete; both may refuse, neither can miss the other.
 * A conflicting lock whose holder is dead is taken over: moved to {@code _locks/dead/} (a rename: of two runs
 * taking over the same file one moves it) where {@link #died} finds it, so that the dead night is recorded.
 *
 * <p>A holder is dead when it ran on this host and its pid has ended (or now belongs to a process started at
 * another time, by the kernel's count where there is one: {@link #kernelStart}), or, on another host, when its lock
 * file has not been rewritten for {@code lock.stale_after_seconds}; a live holder rewrites it every
 * {@code lock.heartbeat_seconds} from a daemon thread. A lock is released when its command ends, normally or by an
 * exception; a killed process leaves its file, and the next run takes it over.
 */
public final class LakeLock implements AutoCloseable {
  /** The scope of commands that change more than one feed's bronze: they run alone on a lake. */
  public static final String LAKE = "lake";

  static final String DIR = "_locks";
  static final String DEAD_DIR = "dead";
  static final String SUFFIX = ".lock";

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final long PID = ProcessHandle.current().pid();
  private static final String HOST = hostName();
  private static final int READ_TRIES = 5;

  /** The scope of an ingest of one feed. */
  public static String ingest(Feed feed) {
    return "ingest-" + feed.id();
  }

  /** A stage of a night that ended, as the lock file records it. */
  public record StageDone(
      @JsonProperty("stage") String stage,
      @JsonProperty("started_at") String startedAt,
      @JsonProperty("seconds") double seconds) {}

  /**
   * What a lock file says about its holder. Times are ISO-8601 instants (UTC).
   *
   * @param id the lock's own name (its file is {@code <id>.lock})
   * @param pidStartedAt when the holder's process started, by the wall clock (for people, and where there is no
   *     {@code /proc})
   * @param pidStart when it started as the kernel counts it ({@link LakeLock#kernelStart}), which identifies it on its
   *     host
   * @param runId the holder's current run: for a night, the night's run id (each date of a backfill has its own)
   * @param heartbeatAt when the holder last said it was alive
   * @param night the night a {@code nightly} is running (null between nights and for other commands)
   * @param stage the stage that night is in; {@code stagesDone} the ones it finished, with their times
   * @param takenOverBy the run that found the holder dead and took its lock over (set once it is in dead/)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Holder(
      @JsonProperty("id") String id,
      @JsonProperty("scopes") List<String> scopes,
      @JsonProperty("command") String command,
      @JsonProperty("host") String host,
      @JsonProperty("pid") long pid,
      @JsonProperty("pid_started_at") String pidStartedAt,
      @JsonProperty("pid_start") String pidStart,
      @JsonProperty("run_id") String runId,
      @JsonProperty("started_at") String startedAt,
      @JsonProperty("heartbeat_at") String heartbeatAt,
      @JsonProperty("night") String night,
      @JsonProperty("night_started_at") String nightStartedAt,
      @JsonProperty("stage") String stage,
      @JsonProperty("stage_started_at") String stageStartedAt,
      @JsonProperty("stages_done") List<StageDone> stagesDone,
      @JsonProperty("taken_over_by") String takenOverBy,
      @JsonProperty("taken_over_at") String takenOverAt) {

    /** {@code nightly --date D (run R) on host H pid P since T}. */
    public String describe() {
      return command + " (run " + runId + ") on host " + host + " pid " + pid
          + (startedAt == null ? "" : " since " + startedAt);
    }

    /** For a holder that died in a night: {@code night D (run R) died during stage S, started T}; else empty. */
    public Optional<String> deadNight() {
      if (night == null) {
        return Optional.empty();
      }
      return Optional.of("night " + night + " (run " + runId + ") died during stage "
          + (stage == null ? "(none yet)" : stage) + ", started " + nightStartedAt);
    }

    public LocalDate nightDate() {
      return night == null ? null : LocalDate.parse(night);
    }
  }

  /**
   * A lock file as found in the folder: who holds it (for an unreadable file, what its name says:
   * {@link #fromName}), and whether the holder still lives, and why.
   */
  public record Found(Path file, Holder holder, boolean alive, String why) {
    /** One line for {@code status} and for messages. */
    public String describe() {
      return holder.describe();
    }
  }

  /** A lock that could not be taken: another live run holds a conflicting one. */
  public static final class Refused extends IllegalStateException {
    private final List<Found> holders;

    Refused(String message, List<Found> holders) {
      super(message);
      this.holders = List.copyOf(holders);
    }

    public List<Found> holders() {
      return holders;
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final Path dir;
  private final ScheduledExecutorService heartbeat;
  private final List<Holder> takenOver = new ArrayList<>();
  private Holder state;
  private Instant stageStarted;
  private volatile boolean lost;
  private boolean closed;

  private LakeLock(FileSystem fs, Path dir, Holder state) {
    this.fs = fs;
    this.dir = dir;
    this.file = new Path(dir, state.id() + SUFFIX);
    this.state = state;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lake-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  /** Takes the lake-wide lock for {@code command} (e.g. {@code "erase --company C"}); see the class comment. */
  public static LakeLock acquire(RunContext ctx, String command) {
    return acquire(ctx, command, List.of(LAKE));
  }

  /**
   * Takes a lock of the given scopes for {@code command}, taking over conflicting locks whose holders are dead.
   *
   * @throws Refused when a live run holds a conflicting lock; the message names it and says what to do
   */
  public static LakeLock acquire(RunContext ctx, String command, List<String> scopes) {
    PipelineConfig.Lock settings = ctx.config().lock();
    Path dir = new Path(ctx.lake().root() + "/" + DIR);
    String now = Instant.now().toString();
    Holder me = new Holder(ctx.runId() + "@" + HOST + "@" + PID, List.copyOf(scopes), command, HOST, PID,
        processStart(PID), kernelStart(PID), ctx.runId(), now, now, null, null, null, null, List.of(), null,
        null);
    LakeLock lock;
    try {
      FileSystem fs = fileSystem(dir, ctx.lake());
      lock = new LakeLock(fs, dir, me);
      try (OutputStream out = fs.create(lock.file, false)) {
        JSON.writeValue(out, me);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take the lock of lake " + ctx.lake().root() + " for " + command
          + ": cannot write " + dir + " (" + e.getMessage() + "); check that the lake's storage is reachable "
          + "and writable", e);
    }
    try {
      List<Found> live = new ArrayList<>();
      List<Found> dead = new ArrayList<>();
      for (Found f : list(lock.fs, dir, settings)) {
        if (f.file().getName().equals(lock.file.getName()) || !conflicts(scopes, f)) {
          continue;
        }
        (f.alive() ? live : dead).add(f);
      }
      if (!live.isEmpty()) {
        throw refusal(ctx, command, live, settings);
      }
      for (Found f : dead) {
        lock.takeOver(f);
      }
    } catch (IOException e) {
      lock.close();
      throw new UncheckedIOException("Cannot take the lock of lake " + ctx.lake().root() + " for " + command
          + ": cannot read " + dir + " (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    lock.heartbeat.scheduleAtFixedRate(lock::beat, settings.heartbeatSeconds(), settings.heartbeatSeconds(),
        TimeUnit.SECONDS);
    return lock;
  }

  private static boolean conflicts(List<String> mine, Found other) {
    for (String a : mine) {
      for (String b : other.holder().scopes()) {
        if (a.equals(LAKE) || b.equals(LAKE) || a.equals(b)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Refused refusal(RunContext ctx, String command, List<Found> live, PipelineConfig.Lock settings) {
    StringBuilder m = new StringBuilder("Cannot run " + command + ": lake " + ctx.lake().root()
        + " is locked by ");
    for (int i = 0; i < live.size(); i++) {
      Found f = live.get(i);
      m.append(i == 0 ? "" : "; and by ").append(f.describe());
      if (f.holder() != null) {
        m.append(" (last heartbeat ").append(f.holder().heartbeatAt()).append(")");
        if (f.holder().night() != null) {
          m.append(", now in night ").append(f.holder().night()).append(" stage ").append(f.holder().stage());
        }
      }
    }
    m.append(". One night at a time per lake: wait until it ends (bin/tradecredit status shows the lock), then run "
        + "again. If that process is gone, the lock is taken over by the next run: at once on the same host, "
        + "after " + settings.staleAfterSeconds() + " s without a heartbeat (lock.stale_after_seconds) from "
        + "another host.");
    return new Refused(m.toString(), live);
  }

  /** Moves a dead holder's file into dead/, where {@link #died} finds it; of two runs doing so, one moves it. */
  private void takeOver(Found f) {
    Path target = new Path(new Path(dir, DEAD_DIR), f.file().getName());
    try {
      fs.mkdirs(target.getParent());
      if (!fs.rename(f.file(), target)) {
        return; // another run took it over first
      }
      Holder h = f.holder();
      Holder recorded = new Holder(h.id(), h.scopes(), h.command(), h.host(), h.pid(), h.pidStartedAt(),
          h.pidStart(), h.runId(), h.startedAt(), h.heartbeatAt(), h.night(), h.nightStartedAt(), h.stage(),
          h.stageStartedAt(), h.stagesDone(), state.runId(), Instant.now().toString());
      try (OutputStream out = fs.create(target, true)) {
        JSON.writeValue(out, recorded);
      }
      takenOver.add(recorded);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take over the lock " + f.file() + " left by a dead process", e);
    }
    Console.line("lock: took over the lock left by a dead process (%s): %s%s", f.why(), f.describe(),
        f.holder().deadNight().map(s -> "; " + s).orElse(""));
  }

  /** The dead holders whose locks this run took over, as recorded in dead/. */
  public List<Holder> takenOver() {
    return List.copyOf(takenOver);
  }

  public List<String> scopes() {
    return state.scopes();
  }

  /** Records that a night begins under this lock, so that a run that finds it dead can say which night died. */
  public synchronized void beginNight(LocalDate night, String runId) {
    String now = Instant.now().toString();
    state = with(state, runId, night.toString(), now, null, null, List.of());
    write();
  }

  /**
   * Records that the current night enters {@code stage} (ending the one before, with its time).
   *
   * @throws IllegalStateException when this lock was taken over by another run that found it dead
   */
  public synchronized void beginStage(String stage) {
    if (lost) {
      throw new IllegalStateException("Cannot go on with " + state.command() + " (run " + state.runId()
          + "): its lock " + file + " was taken over by another run that found no heartbeat for longer than "
          + "lock.stale_after_seconds; that run now owns the lake. Stopped before stage " + stage + ".");
    }
    Instant now = Instant.now();
    List<StageDone> done = new ArrayList<>(state.stagesDone());
    if (state.stage() != null) {
      done.add(new StageDone(state.stage(), state.stageStartedAt(),
          Duration.between(stageStarted, now).toMillis() / 1000.0));
    }
    stageStarted = now;
    state = with(state, state.runId(), state.night(), state.nightStartedAt(), stage, now.toString(), done);
    write();
  }

  /** Records that the night ended (whichever way): a death from now on is not that night's. */
  public synchronized void endNight() {
    state = with(state, state.runId(), null, null, null, null, List.of());
    write();
  }

  private static Holder with(Holder h, String runId, String night, String nightStartedAt, String stage,
      String stageStartedAt, List<StageDone> done) {
    return new Holder(h.id(), h.scopes(), h.command(), h.host(), h.pid(), h.pidStartedAt(), h.pidStart(), runId,
        h.startedAt(), Instant.now().toString(), night, nightStartedAt, stage, stageStartedAt, done, null, null);
  }

  private synchronized void beat() {
    if (closed) {
      return;
    }
    state = with(state, state.runId(), state.night(), state.nightStartedAt(), state.stage(), state.stageStartedAt(),
        state.stagesDone());
    write();
  }

  /**
   * Rewrites the lock file, unless it is gone: then another run judged this one dead and took it over, and a
   * rewrite would make two holders.
   */
  private void write() {
    if (lost || closed) {
      return;
    }
    try {
      if (!fs.exists(file)) {
        lost = true;
        System.err.println("tradecredit: the lock " + file + " was taken over by another run; this run ("
            + state.runId() + ") stops before its next stage");
        return;
      }
      try (OutputStream out = fs.create(file, true)) {
        JSON.writeValue(out, state);
      }
    } catch (IOException e) {
      // A missed heartbeat is not fatal: the next one retries, and only a long silence makes the lock stale.
      System.err.println("tradecredit: cannot refresh the lock " + file + ": " + e.getMessage());
    }
  }

  /** Releases the lock: stops the heartbeat and removes the file. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.shutdownNow();
    if (!lost) {
      delete();
    }
  }

  private void delete() {
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      System.err.println("tradecredit: cannot remove the lock " + file + " (" + e.getMessage()
          + "); the next run takes it over once this process has ended");
    }
  }

  /**
   * The lake's file system for lock files. On a local disk, the raw one: Hadoop's checksummed local file system
   * keeps a {@code .crc} file beside each file, which a reader finds out of step while a heartbeat rewrites the
   * lock (a warning with a stack trace) and which a process killed mid-write leaves broken.
   */
  private static FileSystem fileSystem(Path dir, Lake lake) throws IOException {
    FileSystem fs = dir.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  /** Every lock file of the lake, oldest first, each judged alive or dead. */
  public static List<Found> held(Lake lake, PipelineConfig.Lock settings) {
    Path dir = new Path(lake.root() + "/" + DIR);
    try {
      return list(fileSystem(dir, lake), dir, settings);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the locks of lake " + lake.root(), e);
    }
  }

  /** The holders found dead and taken over, not yet recorded ({@link #forget}), oldest first. */
  public static List<Holder> died(Lake lake) {
    Path dead = new Path(lake.root() + "/" + DIR + "/" + DEAD_DIR);
    List<Holder> out = new ArrayList<>();
    try {
      FileSystem fs = fileSystem(dead, lake);
      for (FileStatus s : files(fs, dead)) {
        try {
          Holder h = read(fs, s.getPath());
          if (h != null) {
            out.add(h);
          }
        } catch (FileNotFoundException e) {
          // recorded and removed by another run meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the dead locks of lake " + lake.root(), e);
    }
    out.sort(Comparator.comparing(Holder::startedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  /** Removes a dead holder's record from dead/ once it has been recorded elsewhere. */
  public static void forget(Lake lake, Holder dead) {
    Path f = new Path(lake.root() + "/" + DIR + "/" + DEAD_DIR + "/" + dead.id() + SUFFIX);
    try {
      fileSystem(f, lake).delete(f, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + f, e);
    }
  }

  private static List<Found> list(FileSystem fs, Path dir, PipelineConfig.Lock settings) throws IOException {
    Instant now = Instant.now();
    List<Found> found = new ArrayList<>();
    for (FileStatus s : files(fs, dir)) {
      Holder h;
      try {
        h = read(fs, s.getPath());
      } catch (FileNotFoundException e) {
        continue; // released while we looked
      }
      if (h == null) {
        h = fromName(s.getPath());
      }
      Instant written = Instant.ofEpochMilli(s.getModificationTime());
      found.add(judge(s.getPath(), h, written, now, Duration.ofSeconds(settings.staleAfterSeconds())));
    }
    found.sort(Comparator.comparing(f -> f.holder().startedAt(), Comparator.nullsFirst(Comparator.naturalOrder())));
    return found;
  }

  private static FileStatus[] files(FileSystem fs, Path dir) throws IOException {
    try {
      return fs.listStatus(dir, p -> p.getName().endsWith(SUFFIX));
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    }
  }

  /**
   * What the name of an unreadable lock file says ({@code <run id>@<host>@<pid>.lock}): enough to tell whether its
   * holder lives, as a process killed while writing its heartbeat leaves such a file. It may hold any scope.
   */
  static Holder fromName(Path file) {
    String id = file.getName().substring(0, file.getName().length() - SUFFIX.length());
    String[] parts = id.split("@");
    long pid = -1;
    try {
      pid = parts.length == 3 ? Long.parseLong(parts[2]) : -1;
    } catch (NumberFormatException e) {
      // not a name this class wrote: judged by its age alone
    }
    return new Holder(id, List.of(LAKE), "(unreadable lock file " + file.getName() + ")",
        parts.length == 3 ? parts[1] : "unknown-host", pid, null, null, parts[0], null, null, null, null, null, null,
        List.of(), null, null);
  }

  static Found judge(Path file, Holder h, Instant written, Instant now, Duration staleAfter) {
    if (h != null && h.host().equals(HOST)) {
      Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
      if (p.isEmpty() || !p.get().isAlive()) {
        return new Found(file, h, false, "pid " + h.pid() + " has ended on this host");
      }
      String kernel = kernelStart(h.pid());
      if (h.pidStart() != null && kernel != null) {
        return h.pidStart().equals(kernel)
            ? new Found(file, h, true, "pid " + h.pid() + " runs on this host")
            : new Found(file, h, false, "pid " + h.pid() + " now belongs to a process started at "
                + processStart(h.pid()));
      }
      String started = processStart(h.pid());
      if (h.pidStartedAt() != null && started != null && Math.abs(Duration.between(Instant.parse(h.pidStartedAt()),
          Instant.parse(started)).toMillis()) > 2_000) {
        return new Found(file, h, false, "pid " + h.pid() + " now belongs to a process started at " + started);
      }
      return new Found(file, h, true, "pid " + h.pid() + " runs on this host");
    }
    // Another host (or a file being written): the later of its heartbeat and the storage's modification time.
    Instant last = written;
    if (h != null && h.heartbeatAt() != null && Instant.parse(h.heartbeatAt()).isAfter(last)) {
      last = Instant.parse(h.heartbeatAt());
    }
    long silent = Duration.between(last, now).toSeconds();
    return silent > staleAfter.toSeconds()
        ? new Found(file, h, false, "no heartbeat for " + silent + " s, more than lock.stale_after_seconds="
            + staleAfter.toSeconds())
        : new Found(file, h, true, "heartbeat " + silent + " s ago");
  }

  /**
   * Reads a lock file; null when it cannot be parsed even after a few tries (a file is empty between its creation
   * and its first write, and a heartbeat rewrites it in place).
   *
   * @throws FileNotFoundException when the file is gone: its lock was released
   */
  private static Holder read(FileSystem fs, Path file) throws IOException {
    for (int i = 0; i < READ_TRIES; i++) {
      try (InputStream in = fs.open(file)) {
        return JSON.readValue(in, Holder.class);
      } catch (FileNotFoundException e) {
        throw e;
      } catch (IOException e) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
    return null;
  }

  private static String processStart(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(Instant::toString).orElse(null);
  }

  /**
   * A process's start as the kernel counts it: the boot's id and the clock ticks from boot to the process's start
   * ({@code /proc/<pid>/stat}, field 22); null where there is no {@code /proc}. Unlike the wall-clock start, which
   * the JDK derives from the boot time as seen when each JVM started, it does not move when the host's clock is
   * stepped (time sync on a fresh machine), so a live holder is never judged to be another process.
   */
  static String kernelStart(long pid) {
    try {
      String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
      // Field 2, the command name, may hold spaces and parentheses: count from after its closing one (field 3).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      String boot = Files.readString(Paths.get("/proc/sys/kernel/random/boot_id")).trim();
      return boot + "/" + fields[22 - 3];
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The name this host goes by in lock files. */
  static String host() {
    return HOST;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown-host" : env;
    }
  }
}
