package io.tradecredit.lake;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.CreateStruct;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.In;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.Literal;
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
        LogicalPlan filtered = asFilter(join.left(), (LocalRelation) join.right(), join.condition().get());
        return filtered == null ? join : filtered;
      }
    });
  }

  /** The left side filtered by the literal keys, or null where the condition is not equalities of such keys. */
  private static LogicalPlan asFilter(LogicalPlan left, LocalRelation right, Expression condition) {
    List<Expression> kept = new ArrayList<>();
    List<Integer> columns = new ArrayList<>();
    List<Attribute> output = CollectionConverters.asJava(right.output());
    for (Expression e : conjuncts(condition, new ArrayList<>())) {
      if (!(e instanceof EqualTo eq)) {
        return null;
      }
      int column = columnOf(output, eq.right(), eq.left(), left);
      Expression key = eq.left();
      if (column < 0) {
        column = columnOf(output, eq.left(), eq.right(), left);
        key = eq.right();
      }
      if (column < 0 || !valueEquality(key.dataType())) {
        return null;
      }
      kept.add(key);
      columns.add(column);
    }
    Expression value = kept.size() == 1 ? kept.get(0) : CreateStruct.apply(CollectionConverters.asScala(kept).toSeq());
    List<Expression> keys = new ArrayList<>();
    for (InternalRow row : CollectionConverters.asJava(right.data())) {
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.get(columns.get(i), kept.get(i).dataType());
      }
      keys.add(new Literal(values.length == 1 ? values[0] : new GenericInternalRow(values), value.dataType()));
    }
    Expression test = new In(value, CollectionConverters.asScala(keys).toSeq());
    // The join never matches a null key; IN would match a key with a null part to a literal row with the same null.
    for (Expression k : kept) {
      test = new And(new IsNotNull(k), test);
    }
    return new Filter(test, left);
  }

  /**
   * The column of {@code output} that {@code side} names, if {@code other} reads only {@code left} and has the same
   * type; else -1.
   */
  private static int columnOf(List<Attribute> output, Expression side, Expression other, LogicalPlan left) {
    if (!(side instanceof Attribute a) || !other.references().subsetOf(left.outputSet())
        || !other.dataType().equals(side.dataType())) {
      return -1;
    }
    for (int i = 0; i < output.size(); i++) {
      if (output.get(i).exprId().equals(a.exprId())) {
        return i;
      }
    }
    return -1;
  }

  private static List<Expression> conjuncts(Expression e, List<Expression> into) {
    if (e instanceof And and) {
      conjuncts(and.left(), into);
      conjuncts(and.right(), into);
    } else {
      into.add(e);
    }
    return into;
  }

  /** Types whose join equality is equality of their values, as IN compares them. */
  private static boolean valueEquality(DataType type) {
    return type instanceof StringType s && s.supportsBinaryEquality() || type instanceof IntegralType
        || type instanceof DecimalType || type instanceof DateType || type instanceof TimestampType
        || type instanceof TimestampNTZType || type instanceof BooleanType;
  }
}
