package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import io.tradecredit.model.HeldOutScores;
import io.tradecredit.model.TrainingScratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --date} writes what it trains on to a folder of the lake's work area and removes it when done, whether
 * training succeeded or failed; the candidate's held-out rows are scored into its report.
 */
class TrainWorkFolderTest extends SparkTestBase {
  private static final StructType FEATURES = new StructType()
      .add("company_id", DataTypes.StringType)
      .add("x", DataTypes.DoubleType)
      .add("as_of_date", DataTypes.DateType);
  private static final StructType EVENTS = new StructType()
      .add("company_id", DataTypes.StringType)
      .add("event_type", DataTypes.StringType)
      .add("event_date", DataTypes.DateType)
      .add("valid_from", DataTypes.DateType)
      .add("valid_to", DataTypes.DateType);
  private static final Pattern WORK = Pattern.compile("work folder: (\\S+)");
  private static final LocalDate D = LocalDate.parse("2025-06-30");

  @TempDir Path dir;

  @Test
  void removesItsWorkFolderAfterTrainingAndScoresTheHeldOutRows() throws Exception {
    Path out = dir.resolve("candidate");
    CliRun train = train(lake(true), out);

    assertEquals(0, train.code(), train.toString());
    assertGone(train);
    Dataset<Row> held = spark().read().parquet(out.resolve("report").resolve(HeldOutScores.DIR).toString());
    assertTrue(held.count() > 0, train.toString());
    assertEquals(held.count(), held.where("bad IS NOT NULL AND pd_12m BETWEEN 0 AND 1").count());
  }

  @Test
  void removesItsWorkFolderWhenTrainingFails() throws Exception {
    // No credit event at all: every row is good, which the trainer refuses after the labelled rows were written.
    CliRun train = train(lake(false), dir.resolve("candidate"));

    assertNotEquals(0, train.code(), train.toString());
    assertTrue(train.err().contains("Cannot train a scorecard: no bad rows"), train.toString());
    assertGone(train);
  }

  private CliRun train(Lake lake, Path out) {
    List<String> settings = SampleLake.settings(dir, dir.resolve("landing"));
    return CliRun.run(settings, "train", "--date", D.toString(), "--out", out.toString(), "--option", "cv-folds=0",
        "--option", "baseline=false");
  }

  /** The folder the run named was in the lake's work area, and neither it nor any other is left there. */
  private void assertGone(CliRun train) throws Exception {
    Matcher m = WORK.matcher(train.out());
    assertTrue(m.find(), train.toString());
    Path work = dir.resolve("lake").resolve(TrainingScratch.WORK_DIR);
    assertEquals(work, Path.of(m.group(1).replaceFirst("^file:", "")).getParent());
    assertFalse(Files.exists(Path.of(m.group(1).replaceFirst("^file:", ""))));
    try (Stream<Path> left = Files.list(work)) {
      assertEquals(List.of(), left.toList());
    }
  }

  /** 300 companies at 12 month ends; the riskier (higher x) have credit events, when {@code events} is set. */
  private Lake lake(boolean events) {
    Random random = new Random(7);
    List<Row> features = new ArrayList<>();
    List<Row> credit = new ArrayList<>();
    LocalDate first = LocalDate.parse("2023-05-31");
    for (int c = 0; c < 300; c++) {
      double risk = random.nextDouble();
      for (int m = 0; m < 12; m++) {
        LocalDate month = first.plusMonths(m);
        LocalDate asOf = month.withDayOfMonth(month.lengthOfMonth());
        features.add(RowFactory.create("C" + c, risk * 10 + random.nextGaussian(), java.sql.Date.valueOf(asOf)));
      }
      if (events && random.nextDouble() < risk * risk) {
        LocalDate day = first.plusDays(random.nextInt(700));
        credit.add(RowFactory.create("C" + c, "BANKRUPTCY", java.sql.Date.valueOf(day),
            java.sql.Date.valueOf(day.plusDays(1)), null));
      }
    }
    Lake lake = new Lake(spark(), dir.resolve("lake").toString());
    lake.overwrite(Tables.COMPANY_FEATURES_GOLD, spark().createDataFrame(features, FEATURES), "as_of_date");
    lake.overwrite(Tables.silver(Feed.CREDIT_EVENTS), spark().createDataFrame(credit, EVENTS));
    return lake;
  }
}
