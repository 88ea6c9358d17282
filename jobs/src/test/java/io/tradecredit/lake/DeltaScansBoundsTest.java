package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tradecredit.SparkTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionSet$;
import org.apache.spark.sql.catalyst.expressions.GreaterThan;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.stats.DataSize;
import org.apache.spark.sql.delta.stats.DeltaDataSkippingType;
import org.apache.spark.sql.delta.stats.DeltaScan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The bounds of what {@link DeltaScans} remembers: at most {@link DeltaScans#MAX_SCANS} scans and {@link
 * DeltaScans#MAX_FILES} files in all, the least recently used forgotten first, and a scan of more files than that
 * never. Each scan is of a real table's version, with its own filters; the listing Delta would make for them is
 * counted instead of made, and gives every file of the version, or a given number of files.
 */
class DeltaScansBoundsTest extends SparkTestBase {
  private Snapshot snapshot;
  private AddFile file;
  private int listed;

  @BeforeEach
  void table(@TempDir Path root) {
    spark().conf().set(TableFiles.SMALL_BYTES, "0");
    sql("CREATE TABLE delta.`%s` (id INT) USING delta", root.resolve("t"));
    sql("INSERT INTO delta.`%s` VALUES (1)", root.resolve("t"));
    snapshot = DeltaLog.forTable(spark(), root.resolve("t").toString()).update(false, Option.empty(),
        Option.empty());
    file = snapshot.allFiles().first();
  }

  @AfterEach
  void restore() {
    spark().conf().unset(TableFiles.SMALL_BYTES);
  }

  @Test
  void atMostTheBoundOfScansIsRememberedTheLeastRecentlyUsedForgottenFirst() {
    DeltaScan all = TableFiles.scan(snapshot, Option.empty(), CollectionConverters.asScala(List.<Expression>of())
        .toSeq());
    for (int k = 0; k < DeltaScans.MAX_SCANS; k++) {
      scan(k, () -> all);
    }
    assertEquals(DeltaScans.MAX_SCANS, listed);
    assertEquals(DeltaScans.MAX_SCANS, scanned(0, () -> all), "the first of them remembered");

    scan(DeltaScans.MAX_SCANS, () -> all);
    assertEquals(DeltaScans.MAX_SCANS + 2, scanned(1, () -> all), "one more forgets the least recently used");
    assertEquals(DeltaScans.MAX_SCANS + 2, scanned(0, () -> all), "the one used since stays");
  }

  @Test
  void aScanOfMoreFilesThanTheBoundIsNotRememberedAndTheFilesInAllStayWithinIt() {
    scan(0, () -> files(DeltaScans.MAX_FILES + 1));
    assertEquals(2, scanned(0, () -> files(DeltaScans.MAX_FILES + 1)), "listed again");

    int half = DeltaScans.MAX_FILES / 2;
    scan(1, () -> files(half));
    scan(2, () -> files(half));
    assertEquals(4, scanned(1, () -> files(half)), "both within the bound remembered");
    assertEquals(4, scanned(2, () -> files(half)));
    scan(3, () -> files(1));
    assertEquals(6, scanned(1, () -> files(half)), "one file more forgets the least recently used");
  }

  /** The scan of {@code id > k}, listed by {@code listing} unless remembered. */
  private void scan(int k, Supplier<DeltaScan> listing) {
    AttributeReference id = new AttributeReference("id", DataTypes.IntegerType, true, Metadata.empty(),
        org.apache.spark.sql.catalyst.expressions.NamedExpression.newExprId(), CollectionConverters.asScala(
            List.<String>of()).toSeq());
    Expression filter = new GreaterThan(id, Literal.create(k, DataTypes.IntegerType));
    DeltaScans.scan(snapshot, Option.empty(), CollectionConverters.asScala(List.of(filter)).toSeq(), () -> {
      listed++;
      return listing.get();
    });
  }

  /** Listings made so far, after the scan of {@code id > k}. */
  private int scanned(int k, Supplier<DeltaScan> listing) {
    scan(k, listing);
    return listed;
  }

  /** A scan of the version giving {@code n} files: its one file, and others named in its place. */
  private DeltaScan files(int n) {
    List<AddFile> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      files.add(TableFilesBoundsTest.named(file, "part-" + i + ".parquet"));
    }
    DataSize size = new DataSize(Option.apply(file.size() * n), Option.empty(), Option.apply((long) n),
        Option.empty());
    var none = ExpressionSet$.MODULE$.apply(CollectionConverters.asScala(List.<Expression>of()));
    return new DeltaScan(snapshot.version(), CollectionConverters.asScala(files).toSeq(), size, size, size, snapshot,
        none, none, none, scala.collection.immutable.Set$.MODULE$.empty(), none, 0L,
        DeltaDataSkippingType.noSkippingV1());
  }
}
