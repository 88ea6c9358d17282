package io.tradecredit.erase;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Parallel;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Erases a company from the lake: its rows from every table ({@link ErasedRows} says which), every file of an older
 * Delta version that held them ({@link DeltaPurge}), and every Parquet export ({@link ExportErasure}); records the
 * erasure in ops.erasures, whose identifier hashes make ingest quarantine the company's later records with rule
 * {@code ERASED}; lists the landing records that carried it, for the operator to delete at the source.
 *
 * <p>The record is written before anything is removed: a process killed part way leaves the company blocked at
 * ingest, and running the erasure again finishes it (an erasure is idempotent).
 */
public final class CompanyErasure {
  private final RunContext ctx;
  private final Lake lake;

  public CompanyErasure(RunContext ctx) {
    this.ctx = ctx;
    this.lake = ctx.lake();
  }

  /**
   * @param companyId as in credit.company_score: {@code COUNTRY:NUMBER} (any spelling landing.md normalises) or
   *     {@code platform@account}
   * @param reason why, recorded; must not itself hold personal data
   * @param operator who asked for it, recorded with the OS user that ran it
   */
  public ErasureResult erase(String companyId, String reason, String operator) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("An erasure needs --reason TEXT (why it was requested, e.g. a ticket "
          + "number), recorded in ops.erasures");
    }
    long start = System.nanoTime();
    Instant at = Instant.now();
    String osUser = System.getProperty("user.name");
    String who = operator == null || operator.isBlank() ? osUser : operator.strip();
    CompanyKeys keys = CompanyKeys.find(lake, companyId);
    String sha = CompanyKeys.sha256(keys.companyId());
    ErasedRows rows = new ErasedRows(keys);
    String previous = ErasureLog.previous(lake, sha).map(r -> r.getString(0)).orElse(null);

    List<Table> tables = identifying(rows);
    Map<String, Long> counts = Collections.synchronizedMap(new TreeMap<>());
    List<ErasureResult.LandingRecord> landing = Collections.synchronizedList(new ArrayList<>());
    Parallel.run(tables.stream().<Runnable>map(t -> () -> count(t, rows, counts, landing)).toList(), threads());
    counts.putAll(ExportErasure.count(ctx.spark(), ctx.config().paths().exports(), rows));
    counts.values().removeIf(n -> n == 0);
    landing.sort(java.util.Comparator.comparing(ErasureResult.LandingRecord::file)
        .thenComparing(ErasureResult.LandingRecord::line));
    ErasureResult result = new ErasureResult(!counts.isEmpty(), ctx.runId(), at, who, osUser, reason.strip(), sha,
        previous, new TreeMap<>(counts), 0, List.copyOf(landing), 0);
    if (counts.isEmpty() && previous == null) {
      return result;
    }
    if (result.erased()) {
      ErasureLog.append(lake, result, keys.hashes());
    }
    // A repeated erasure still purges: a process killed after its deletes may have left older files on disk.
    AtomicLong vacuumed = new AtomicLong();
    DeltaPurge.withoutRetentionCheck(lake, () -> Parallel.run(tables.stream().<Runnable>map(t -> () -> {
      remove(t, rows, counts);
      vacuumed.addAndGet(DeltaPurge.purge(lake, t));
    }).toList(), threads()));
    ExportErasure.erase(ctx.spark(), ctx.config().paths().exports(), rows, ctx.runId());
    return new ErasureResult(result.erased(), result.runId(), at, who, osUser, result.reason(), sha, previous,
        result.rowsByTable(), vacuumed.get(), result.landingRecords(), (System.nanoTime() - start) / 1e9);
  }

  /** The existing tables with a column that can identify a company; ops.erasures holds only hashes. */
  private List<Table> identifying(ErasedRows rows) {
    List<Table> tables = new ArrayList<>();
    for (Table t : Tables.all()) {
      if (!t.equals(Tables.ERASURES) && lake.exists(t)) {
        var schema = lake.read(t).schema();
        if (rows.condition(schema) != null || !ErasedRows.companyMaps(schema).isEmpty()) {
          tables.add(t);
        }
      }
    }
    return tables;
  }

  private void count(Table t, ErasedRows rows, Map<String, Long> counts,
      List<ErasureResult.LandingRecord> landing) {
    Dataset<Row> all = lake.read(t);
    Column condition = rows.condition(all.schema());
    if (condition != null) {
      Dataset<Row> hit = all.where(condition);
      List<String> columns = List.of(all.columns());
      if (columns.contains("source_file") && columns.contains("source_line") && columns.contains("dt")) {
        Column feed = columns.contains("feed") ? col("feed") : lit(t.name());
        List<Row> found = hit.select(feed, col("dt"), col("source_file"), col("source_line")).collectAsList();
        found.forEach(r -> landing.add(new ErasureResult.LandingRecord(r.getString(0),
            r.getDate(1).toLocalDate(), r.getString(2), r.isNullAt(3) ? 0 : r.getLong(3))));
        counts.put(t.qualified(), (long) found.size());
      } else {
        counts.put(t.qualified(), hit.count());
      }
    }
    for (String map : ErasedRows.companyMaps(all.schema())) {
      Column others = condition == null ? lit(true) : not(condition);
      counts.merge(t.qualified() + "." + map, all.where(others.and(rows.mapHolds(map))).count(), Long::sum);
    }
  }

  private void remove(Table t, ErasedRows rows, Map<String, Long> counts) {
    DeltaTable table = lake.delta(t);
    var schema = lake.read(t).schema();
    Column condition = rows.condition(schema);
    if (condition != null && counts.getOrDefault(t.qualified(), 0L) > 0) {
      table.delete(condition);
    }
    for (String map : ErasedRows.companyMaps(schema)) {
      if (counts.getOrDefault(t.qualified() + "." + map, 0L) > 0) {
        table.update(rows.mapHolds(map), Map.of(map, rows.mapWithout(map)));
      }
    }
  }

  private int threads() {
    return ctx.config().spark().parallelFeeds();
  }

  /** The lines an erasure prints: what it removed, and the landing records to delete at the source. */
  public static List<String> report(String companyId, ErasureResult r) {
    List<String> out = new ArrayList<>();
    if (!r.erased()) {
      out.add(r.previousRunId() == null
          ? "erase " + companyId + "  not found: no table or export holds it; nothing erased, nothing recorded"
          : "erase " + companyId + "  already erased (run " + r.previousRunId() + "): no row of it is left; older "
              + "files purged again, nothing recorded");
      return out;
    }
    out.add(String.format("erase %s  %d rows removed  %d files of older versions removed  run %s  %s", companyId,
        r.rows(), r.filesVacuumed(), r.runId(), Console.duration(r.seconds())));
    r.rowsByTable().forEach((t, n) -> out.add(String.format("erase   %-45s %d", t, n)));
    Map<String, List<ErasureResult.LandingRecord>> byFile = r.landingRecords().stream()
        .collect(Collectors.groupingBy(ErasureResult.LandingRecord::file, TreeMap::new, Collectors.toList()));
    out.add("erase landing records to delete at the source (" + r.landingRecords().size() + " in " + byFile.size()
        + " files; stored in ops.erasures.landing_records):");
    byFile.forEach((file, records) -> out.add("erase   " + file + "  lines " + records.stream()
        .map(l -> Long.toString(l.line())).collect(Collectors.toCollection(TreeSet::new)).stream()
        .sorted(java.util.Comparator.comparingLong(Long::parseLong)).collect(Collectors.joining(", "))));
    out.add("erase recorded in " + Tables.ERASURES + "; later landing records of the company are quarantined "
        + "with rule ERASED");
    return out;
  }
}
