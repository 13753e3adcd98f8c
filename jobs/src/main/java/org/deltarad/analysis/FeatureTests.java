package org.deltarad.analysis;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.report.Figures;
import org.deltarad.stats.MannWhitneyTest;
import org.deltarad.stats.SpearmanCorrelation;
import org.deltarad.stats.WilcoxonSignedRankTest;

/**
 * Step 8: the per-feature tests of the paper, as a Spark aggregation grouped by feature over the
 * {@code deltas} table: Wilcoxon signed-rank of pre vs mid (Table 4), Mann-Whitney with the
 * Hodges-Lehmann shift of the deltas between progressors and non-progressors (Fig. 5), and
 * Spearman of the pre values and the deltas with the baseline tumour diameter.
 */
public final class FeatureTests {
  public static final StructType SCHEMA = new StructType()
      .add("feature", DataTypes.StringType, false)
      .add("test", DataTypes.StringType, false)
      .add("comparison", DataTypes.StringType, false)
      .add("n", DataTypes.IntegerType, false)
      .add("statistic", DataTypes.DoubleType, true)
      .add("p_value", DataTypes.DoubleType, true)
      .add("estimate", DataTypes.DoubleType, true)
      .add("ci_lower", DataTypes.DoubleType, true)
      .add("ci_upper", DataTypes.DoubleType, true)
      .add("exact", DataTypes.BooleanType, true)
      .add("median_a", DataTypes.DoubleType, true)
      .add("median_b", DataTypes.DoubleType, true)
      .add("problem", DataTypes.StringType, true);

  /** What each patient contributes: outcome and diameter. */
  record Outcome(int event, double diameter) implements Serializable {}

  private FeatureTests() {}

  static Dataset<Row> run(Dataset<Row> deltas, List<String> features,
      Map<String, Outcome> outcomes) {
    Broadcast<Map<String, Outcome>> bc = new org.apache.spark.api.java.JavaSparkContext(
        deltas.sparkSession().sparkContext()).broadcast(new java.util.HashMap<>(outcomes));
    return deltas.filter(col("feature").isin(features.toArray()))
        .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>)
            (f, rows) -> one(f, rows, bc.value()), Encoders.row(SCHEMA))
        .orderBy("feature", "test", "comparison");
  }

  private static Iterator<Row> one(String feature, Iterator<Row> it, Map<String, Outcome> out) {
    List<Row> rows = new ArrayList<>();
    it.forEachRemaining(rows::add);
    rows.sort(Comparator.comparing(r -> r.getString(1)));
    List<double[]> paired = new ArrayList<>();
    List<Double> dProg = new ArrayList<>();
    List<Double> dNon = new ArrayList<>();
    List<double[]> withDiameter = new ArrayList<>();
    for (Row r : rows) {
      Outcome o = out.get(r.getString(1));
      if (o == null || r.isNullAt(2) || r.isNullAt(3)) {
        continue;
      }
      double pre = r.getDouble(2);
      double mid = r.getDouble(3);
      paired.add(new double[] {pre, mid});
      (o.event() == 1 ? dProg : dNon).add(mid - pre);
      if (Double.isFinite(o.diameter())) {
        withDiameter.add(new double[] {pre, mid - pre, o.diameter()});
      }
    }
    List<Row> res = new ArrayList<>();
    double[] pre = paired.stream().mapToDouble(a -> a[0]).toArray();
    double[] mid = paired.stream().mapToDouble(a -> a[1]).toArray();
    try {
      WilcoxonSignedRankTest.Result w = WilcoxonSignedRankTest.test(mid, pre);
      res.add(row(feature, "wilcoxon_signed_rank", "mid vs pre", pre.length, w.v(), w.pValue(),
          Double.NaN, Double.NaN, Double.NaN, w.exact(), median(pre), median(mid), null));
    } catch (IllegalArgumentException ex) {
      res.add(problem(feature, "wilcoxon_signed_rank", "mid vs pre", pre.length, ex));
    }
    double[] a = dProg.stream().mapToDouble(Double::doubleValue).toArray();
    double[] b = dNon.stream().mapToDouble(Double::doubleValue).toArray();
    try {
      MannWhitneyTest.Result m = MannWhitneyTest.test(a, b);
      res.add(row(feature, "mann_whitney", "delta: progression vs no progression",
          a.length + b.length, m.w(), m.pValue(), m.estimate(), m.lower(), m.upper(), m.exact(),
          median(a), median(b), null));
    } catch (IllegalArgumentException ex) {
      res.add(problem(feature, "mann_whitney", "delta: progression vs no progression",
          a.length + b.length, ex));
    }
    double[] dia = withDiameter.stream().mapToDouble(v -> v[2]).toArray();
    for (int k = 0; k < 2; k++) {
      int kk = k;
      double[] x = withDiameter.stream().mapToDouble(v -> v[kk]).toArray();
      String what = (k == 0 ? "pre" : "delta") + " vs baseline max diameter";
      try {
        SpearmanCorrelation.Result s = SpearmanCorrelation.test(x, dia);
        res.add(row(feature, "spearman", what, x.length, s.s(), s.pValue(), s.rho(), Double.NaN,
            Double.NaN, s.exact(), Double.NaN, Double.NaN, null));
      } catch (IllegalArgumentException ex) {
        res.add(problem(feature, "spearman", what, x.length, ex));
      }
    }
    return res.iterator();
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return Figures.quantile(s, 0.5);
  }

  private static Row row(String f, String test, String cmp, int n, double stat, double p,
      double est, double lo, double hi, boolean exact, double ma, double mb, String problem) {
    return RowFactory.create(f, test, cmp, n, nan(stat), nan(p), nan(est), nan(lo), nan(hi),
        exact, nan(ma), nan(mb), problem);
  }

  private static Row problem(String f, String test, String cmp, int n, Exception ex) {
    return RowFactory.create(f, test, cmp, n, null, null, null, null, null, null, null, null,
        ex.getMessage());
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
