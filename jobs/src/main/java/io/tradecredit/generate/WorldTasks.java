package io.tradecredit.generate;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/** The Spark tasks of generate: each turns a slice of ids into landing files and returns what it wrote. */
final class WorldTasks {
  private WorldTasks() {}

  static String partName() {
    return String.format("%05d", TaskContext.getPartitionId());
  }

  /** Companies: each one's registry record, accounts and credit events, and the orders it sells. */
  static MapPartitionsFunction<Long, Row> companies(WorldSpec spec, String landing, LongAccumulator orders) {
    return ids -> {
      PartitionWriter out = new PartitionWriter(landing, spec, partName());
      CompanyRecords records = new CompanyRecords(spec);
      OrderSimulator trade = new OrderSimulator(spec);
      while (ids.hasNext()) {
        Company c = Company.of(spec, ids.next());
        records.all(c, out);
        // Added per company: running tasks report it with their heartbeats, for the progress line.
        orders.add(trade.seller(c, out));
      }
      return out.close().iterator();
    };
  }

  /** Days: the fx rates of each. */
  static MapPartitionsFunction<Long, Row> fx(WorldSpec spec, String landing) {
    return days -> {
      PartitionWriter out = new PartitionWriter(landing, spec, partName());
      FxRows fx = new FxRows(spec);
      while (days.hasNext()) {
        fx.day(days.next(), out);
      }
      return out.close().iterator();
    };
  }
}
