package io.tradecredit.erase;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.ingest.ErasedRecords;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * ops.erasures: one row per erasure that removed rows, written before anything is removed (so what it found, not
 * how long the removal took). The company appears only as the SHA-256 of its identifiers
 * (company_id, {@code platform@account}, {@code platform/order_id}): enough for ingest to recognise its records
 * and for an operator to check whether an id was erased, not a copy of what was erased.
 */
final class ErasureLog {
  static final StructType LANDING_RECORD = new StructType()
      .add("feed", DataTypes.StringType)
      .add("dt", DataTypes.DateType)
      .add("source_file", DataTypes.StringType)
      .add("source_line", DataTypes.LongType);

  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("erased_at", DataTypes.TimestampType, false)
      .add("operator", DataTypes.StringType, false)
      .add("os_user", DataTypes.StringType)
      .add("reason", DataTypes.StringType, false)
      .add("company_sha256", DataTypes.StringType, false)
      .add(ErasedRecords.KEYS_COLUMN, DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("rows_by_table", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false), false)
      .add("landing_records", DataTypes.createArrayType(LANDING_RECORD, false), false);

  private ErasureLog() {}

  static void append(Lake lake, ErasureResult r, List<String> keys) {
    List<Row> landing = new ArrayList<>();
    r.landingRecords().forEach(l -> landing.add(RowFactory.create(l.feed(), java.sql.Date.valueOf(l.dt()),
        l.file(), l.line())));
    Row row = RowFactory.create(r.runId(), Timestamp.from(r.erasedAt()), r.operator(), r.osUser(), r.reason(),
        r.companySha256(), keys, r.rowsByTable(), landing);
    lake.append(Tables.ERASURES, lake.spark().createDataFrame(List.of(row), SCHEMA));
  }

  /** The run and time of the latest erasure of the company, if any. */
  static Optional<Row> previous(Lake lake, String companySha256) {
    if (!lake.exists(Tables.ERASURES)) {
      return Optional.empty();
    }
    return lake.read(Tables.ERASURES).where(col("company_sha256").equalTo(companySha256))
        .orderBy(col("erased_at").desc()).select("run_id", "erased_at").limit(1).collectAsList().stream().findFirst();
  }
}
