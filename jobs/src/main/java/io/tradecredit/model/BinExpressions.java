package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * Spark column expressions that put a characteristic's values into its bins: one CASE WHEN per
 * characteristic, so scoring stays inside Spark's optimiser (no row-by-row UDF).
 */
final class BinExpressions {
  private BinExpressions() {}

  /** A column reference that survives dots and other odd characters in a name. */
  static Column column(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  /** The characteristic's column as the bins read it: double for NUMERIC, string for CATEGORICAL. */
  static Column input(Characteristic c) {
    return column(c.name()).cast(c.type() == Characteristic.Type.NUMERIC ? "double" : "string");
  }

  /**
   * {@code value(bin)} of the bin each row falls in. Nulls and NaN take the MISSING bin; unseen
   * categories take the MISSING bin too (no evidence about them).
   */
  static Column binValue(Characteristic c, Function<Bin, Object> value) {
    Column x = input(c);
    Object missing = value.apply(c.missingBin());
    if (c.type() == Characteristic.Type.NUMERIC) {
      Column e = when(x.isNull().or(isnan(x)), lit(missing));
      for (Bin b : c.bins(Bin.Kind.SPECIAL)) {
        e = e.when(x.isin(b.specialValues().toArray()), lit(value.apply(b)));
      }
      List<Bin> ranges = c.bins(Bin.Kind.RANGE);
      // Ranges are contiguous and ordered, so "below the upper edge" is enough once earlier bins failed.
      for (Bin b : ranges.subList(0, ranges.size() - 1)) {
        e = e.when(x.lt(b.upper()), lit(value.apply(b)));
      }
      return e.otherwise(lit(value.apply(ranges.get(ranges.size() - 1))));
    }
    Column e = when(x.isNull(), lit(missing));
    for (Bin b : c.bins(Bin.Kind.VALUES)) {
      e = e.when(x.isin(b.values().toArray()), lit(value.apply(b)));
    }
    return e.otherwise(lit(missing));
  }
}
