package io.tradecredit.lake;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.CreateStruct;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.planning.ExtractEquiJoinKeys$;
import org.apache.spark.sql.catalyst.plans.LeftSemi$;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractPartialFunction;

/**
 * A semi join with a few literal rows (a night's changed keys, collected once: {@link MergeSources#collectIfFits})
 * planned as a filter of the kept side by those keys, {@code (k1, k2) IN (...)}: the same rows, without the job that
 * broadcasting the literal rows costs (Spark collects a broadcast's rows in a job of its own even when they are
 * already on the driver), without the join, and with a filter Delta can skip files by.
 *
 * <p>Only where the two are the same: an equi-join on keys of types whose equality is their values' (strings of the
 * binary collation, integers, decimals, dates, times, booleans), and the kept side's rows with a null key filtered
 * out, as the join never matches them.
 */
public final class LiteralSemiJoins extends Rule<LogicalPlan> {
  /** Literal rows up to which a semi join becomes a filter: a night's key sets ({@link MergeSources}). */
  static final int MAX_ROWS = (int) MergeSources.LITERAL_MAX_ROWS;

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    return plan.transformUp(new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
      @Override
      public boolean isDefinedAt(LogicalPlan p) {
        return p instanceof Join j && j.joinType() == LeftSemi$.MODULE$ && j.right() instanceof LocalRelation r
            && r.data().size() <= MAX_ROWS && j.condition().isDefined();
      }

      @Override
      public LogicalPlan apply(LogicalPlan p) {
        Join join = (Join) p;
        LogicalPlan filtered = asFilter(join);
        return filtered == null ? join : filtered;
      }
    });
  }

  /** The left side filtered by the literal keys, or null where the condition is not equalities of such keys. */
  private static LogicalPlan asFilter(Join join) {
    // Spark's own split of a join condition into key pairs, each left key reading the left side only.
    var split = ExtractEquiJoinKeys$.MODULE$.unapply(join);
    if (split.isEmpty() || split.get()._4().isDefined()) {
      return null;
    }
    List<Expression> kept = CollectionConverters.asJava(split.get()._2());
    List<Expression> literalKeys = CollectionConverters.asJava(split.get()._3());
    LocalRelation right = (LocalRelation) join.right();
    List<Attribute> output = CollectionConverters.asJava(right.output());
    int[] columns = new int[kept.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = literalKeys.get(i) instanceof Attribute a && a.dataType().equals(kept.get(i).dataType())
          && valueEquality(a.dataType()) ? indexOf(output, a) : -1;
      if (columns[i] < 0) {
        return null;
      }
    }
    Expression value = kept.size() == 1 ? kept.get(0) : CreateStruct.apply(CollectionConverters.asScala(kept).toSeq());
    List<Expression> keys = new ArrayList<>();
    for (InternalRow row : CollectionConverters.asJava(right.data())) {
      Object[] values = new Object[columns.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.get(columns[i], kept.get(i).dataType());
      }
      keys.add(new Literal(values.length == 1 ? values[0] : new GenericInternalRow(values), value.dataType()));
    }
    Expression test = new In(value, CollectionConverters.asScala(keys).toSeq());
    // The join never matches a null key; IN would match a key with a null part to a literal row with the same null.
    for (Expression k : kept) {
      test = new And(new IsNotNull(k), test);
    }
    return new Filter(test, join.left());
  }

  private static int indexOf(List<Attribute> output, Attribute a) {
    for (int i = 0; i < output.size(); i++) {
      if (output.get(i).exprId().equals(a.exprId())) {
        return i;
      }
    }
    return -1;
  }

  /** Types whose join equality is equality of their values, as IN compares them. */
  private static boolean valueEquality(DataType type) {
    return type instanceof StringType s && s.supportsBinaryEquality() || type instanceof IntegralType
        || type instanceof DecimalType || type instanceof DateType || type instanceof TimestampType
        || type instanceof TimestampNTZType || type instanceof BooleanType;
  }
}
