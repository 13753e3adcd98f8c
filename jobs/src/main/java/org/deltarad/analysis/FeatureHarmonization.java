package org.deltarad.analysis;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.stats.DesignMatrix;
import org.deltarad.stats.OlsHarmonizer;

/**
 * Step 1 of the analysis: per-feature regression on the scanner covariates, residuals kept, then
 * z-scored, as a Spark aggregation grouped by feature.
 *
 * <p>The design (one row per scan) is small and shared by every feature, so it is decomposed
 * once on the driver and broadcast; each feature's values meet it in one task. The model is
 * fitted on the primary reader's pre and mid rows together (the paper's concatenated time
 * points) and applied unchanged to the second reader's rows: both readers outlined the same
 * scan, so they share its covariates and the same prediction is subtracted from both.
 */
public final class FeatureHarmonization {
  /** Long format: one row per (feature, patient, time point, reader). */
  public static final StructType SCHEMA = new StructType()
      .add("feature", DataTypes.StringType, false)
      .add("patient_id", DataTypes.StringType, true)
      .add("timepoint", DataTypes.StringType, true)
      .add("reader", DataTypes.StringType, true)
      .add("raw", DataTypes.DoubleType, true)
      .add("residual", DataTypes.DoubleType, true)
      .add("value", DataTypes.DoubleType, true)
      .add("problem", DataTypes.StringType, true);

  /** Harmonized values (no problem rows), the features that failed, and the design's aliases. */
  public record Result(Dataset<Row> harmonized, List<Warning> warnings, List<String> aliased,
      int designRows) {}

  private FeatureHarmonization() {}

  /** What each task needs: row positions, the decomposed design, the second reader's design. */
  static final class Plan implements Serializable {
    private static final long serialVersionUID = 1L;
    final String method;
    final boolean zscore;
    final Map<String, Integer> primary = new HashMap<>();
    final Map<String, Integer> second = new HashMap<>();
    double[][] design;
    String[] designNames;
    double[][] secondDesign;
    /** Decomposed once per executor from the broadcast design, never shipped. */
    private transient OlsHarmonizer.Model model;

    synchronized OlsHarmonizer.Model model() {
      if (model == null && design != null) {
        model = OlsHarmonizer.fit(design, designNames);
      }
      return model;
    }

    Plan(String method, boolean zscore) {
      this.method = method;
      this.zscore = zscore;
    }
  }

  static String key(String patient, String timepoint) {
    return patient + '\u0001' + timepoint;
  }

  public static Result run(SparkSession spark, CohortInput in, AnalysisConfig cfg) {
    List<Warning> warnings = new ArrayList<>();
    Dataset<Row> scans = in.features.filter(col("timepoint").isin(cfg.preLabel, cfg.midLabel)
        .and(col("reader").isin(cfg.primaryReader, cfg.secondReader)));
    List<String> covs = new ArrayList<>(cfg.numericCovariates);
    covs.addAll(cfg.categoricalCovariates);
    List<Column> designCols = new ArrayList<>(List.of(col("patient_id"), col("timepoint"),
        col("reader")));
    covs.forEach(c -> designCols.add(col(c)));
    List<Row> design = scans.select(designCols.toArray(new Column[0]))
        .orderBy("reader", "patient_id", "timepoint").collectAsList();

    Plan plan = new Plan(cfg.harmonization, cfg.zscore);
    int nn = cfg.numericCovariates.size();
    int nc = cfg.categoricalCovariates.size();
    List<double[]> num1 = new ArrayList<>();
    List<String[]> cat1 = new ArrayList<>();
    List<double[]> num2 = new ArrayList<>();
    List<String[]> cat2 = new ArrayList<>();
    for (Row r : design) {
      String pid = r.getString(0);
      String tp = r.getString(1);
      boolean isPrimary = cfg.primaryReader.equals(r.getString(2));
      double[] num = new double[nn];
      String[] cat = new String[nc];
      String gap = null;
      for (int j = 0; j < nn; j++) {
        Object v = r.get(3 + j);
        num[j] = v == null ? Double.NaN : ((Number) v).doubleValue();
        if (!Double.isFinite(num[j])) {
          gap = cfg.numericCovariates.get(j);
        }
      }
      for (int j = 0; j < nc; j++) {
        Object v = r.get(3 + nn + j);
        cat[j] = v == null ? null : String.valueOf(v);
        if (cat[j] == null || cat[j].isBlank()) {
          gap = cfg.categoricalCovariates.get(j);
        }
      }
      if (gap != null && !"none".equals(cfg.harmonization)) {
        warnings.add(new Warning("harmonization", pid, "scan " + tp + " (reader " + r.getString(2)
            + ") has no value for covariate " + gap + "; left out of the analysis"));
        continue;
      }
      if (isPrimary) {
        if (plan.primary.putIfAbsent(key(pid, tp), num1.size()) != null) {
          throw new IllegalArgumentException("the features table has two rows for patient " + pid
              + ", " + tp + ", reader " + cfg.primaryReader);
        }
        num1.add(num);
        cat1.add(cat);
      } else if (plan.second.putIfAbsent(key(pid, tp), num2.size()) == null) {
        num2.add(num);
        cat2.add(cat);
      }
    }
    if (num1.size() < 3) {
      throw new IllegalArgumentException("harmonization needs at least 3 scans of reader "
          + cfg.primaryReader + " at " + cfg.preLabel + "/" + cfg.midLabel + ", found "
          + num1.size());
    }
    List<String> aliased = new ArrayList<>();
    if ("ols".equals(cfg.harmonization)) {
      String[] numNames = cfg.numericCovariates.toArray(new String[0]);
      String[] catNames = cfg.categoricalCovariates.toArray(new String[0]);
      DesignMatrix dm = DesignMatrix.learn(numNames, catNames, columns(cat1, nc));
      double[][] x1 = dm.encode(columnsNum(num1, nn), columns(cat1, nc));
      plan.design = x1;
      plan.designNames = dm.columnNames();
      aliased.addAll(plan.model().aliased());
      for (String a : aliased) {
        warnings.add(new Warning("harmonization", a, "covariate column " + a + " is aliased"
            + " (constant or collinear with others) and was dropped, as R's lm does"));
      }
      if (!num2.isEmpty()) {
        try {
          plan.secondDesign = dm.encode(columnsNum(num2, nn), columns(cat2, nc));
        } catch (IllegalArgumentException ex) {
          warnings.add(new Warning("harmonization", "reader " + cfg.secondReader,
              "second-reader scans cannot be harmonized (" + ex.getMessage()
                  + "); they are left out, so no ICC can be computed"));
          plan.second.clear();
        }
      }
    }
    Broadcast<Plan> bc = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
        .broadcast(plan);

    Column[] kv = new Column[in.featureColumns.size()];
    for (int i = 0; i < kv.length; i++) {
      String f = in.featureColumns.get(i);
      kv[i] = struct(lit(f).as("feature"), col(f).as("value"));
    }
    Dataset<Row> longForm = scans
        .select(col("patient_id"), col("timepoint"), col("reader"), explode(array(kv)).as("kv"))
        .select(col("kv.feature").as("feature"), col("patient_id"), col("timepoint"),
            col("reader"), col("kv.value").as("value"));
    String primaryReader = cfg.primaryReader;
    String secondReader = cfg.secondReader;
    Dataset<Row> all = longForm
        .groupByKey((org.apache.spark.api.java.function.MapFunction<Row, String>)
            r -> r.getString(0), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>)
            (feature, rows) -> harmonize(feature, rows, bc.value(), primaryReader, secondReader),
            Encoders.row(SCHEMA));
    all = all.cache();
    List<Row> problems = all.filter(col("problem").isNotNull()).orderBy("feature")
        .collectAsList();
    for (Row p : problems) {
      warnings.add(new Warning("harmonization", p.getString(0), p.getString(7)));
    }
    Dataset<Row> harmonized = all.filter(col("problem").isNull()).drop("problem");
    return new Result(harmonized, warnings, aliased, num1.size());
  }

  private static String[][] columns(List<String[]> rows, int k) {
    String[][] out = new String[k][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < k; j++) {
        out[j][i] = rows.get(i)[j];
      }
    }
    return out;
  }

  private static double[][] columnsNum(List<double[]> rows, int k) {
    double[][] out = new double[k][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < k; j++) {
        out[j][i] = rows.get(i)[j];
      }
    }
    return out;
  }

  /** One feature: residuals of the primary reader, then the second reader's with its betas. */
  static Iterator<Row> harmonize(String feature, Iterator<Row> rows, Plan plan,
      String primaryReader, String secondReader) {
    int n1 = plan.primary.size();
    int n2 = plan.second.size();
    double[] y1 = new double[n1];
    double[] y2 = new double[n2];
    java.util.Arrays.fill(y1, Double.NaN);
    java.util.Arrays.fill(y2, Double.NaN);
    String[] ids1 = new String[n1];
    String[] ids2 = new String[n2];
    while (rows.hasNext()) {
      Row r = rows.next();
      String k = key(r.getString(1), r.getString(2));
      boolean primary = primaryReader.equals(r.getString(3));
      Integer idx = primary ? plan.primary.get(k) : plan.second.get(k);
      if (idx == null) {
        continue;
      }
      double v = r.isNullAt(4) ? Double.NaN : r.getDouble(4);
      if (primary) {
        y1[idx] = v;
        ids1[idx] = k;
      } else {
        y2[idx] = v;
        ids2[idx] = k;
      }
    }
    for (int i = 0; i < n1; i++) {
      if (!Double.isFinite(y1[i])) {
        String where = ids1[i] == null ? "a scan" : ids1[i].replace('\u0001', ' ');
        return problem(feature, "value missing or not finite for " + where
            + "; feature left out");
      }
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : y1) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (lo == hi) {
      return problem(feature, "zero variance: the value is " + lo + " in every scan; feature"
          + " left out");
    }
    try {
      double[] r1;
      double[] r2;
      OlsHarmonizer.Model model = plan.model();
      if (model != null) {
        OlsHarmonizer.Fit fit = model.fit(y1);
        r1 = fit.residuals();
        r2 = plan.secondDesign == null ? new double[0] : fit.residuals(plan.secondDesign, y2);
      } else {
        r1 = y1;
        r2 = y2;
      }
      if (sd(r1) <= 1e-9 * sd(y1)) {
        // the residuals are rounding noise: z-scoring them would manufacture a feature
        return problem(feature, "zero variance after harmonization: the covariates explain the"
            + " feature entirely; feature left out");
      }
      double[] z1 = plan.zscore ? OlsHarmonizer.zScore(r1, r1) : r1;
      double[] z2 = plan.zscore && n2 > 0 ? OlsHarmonizer.zScore(r1, r2) : r2;
      List<Row> out = new ArrayList<>(n1 + n2);
      emit(out, feature, plan.primary, primaryReader, y1, r1, z1);
      emit(out, feature, plan.second, secondReader, y2, r2, z2);
      return out.iterator();
    } catch (IllegalArgumentException ex) {
      return problem(feature, ex.getMessage().contains("zero variance")
          ? "zero variance after harmonization (constant feature); feature left out"
          : ex.getMessage() + "; feature left out");
    }
  }

  private static double sd(double[] v) {
    double m = 0;
    for (double x : v) {
      m += x;
    }
    m /= v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / Math.max(1, v.length - 1));
  }

  private static void emit(List<Row> out, String feature, Map<String, Integer> index,
      String reader, double[] raw, double[] residual, double[] value) {
    for (Map.Entry<String, Integer> e : index.entrySet()) {
      int i = e.getValue();
      if (!Double.isFinite(value[i])) {
        continue;
      }
      String[] k = e.getKey().split("\u0001", 2);
      out.add(RowFactory.create(feature, k[0], k[1], reader, raw[i],
          residual[i], value[i], null));
    }
  }

  private static Iterator<Row> problem(String feature, String message) {
    return List.of(RowFactory.create(feature, null, null, null, null, null, null, message))
        .iterator();
  }
}
