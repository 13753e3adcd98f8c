package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.stats.RightCensoredSample;
import org.deltarad.stats.TimeDependentRoc;

/**
 * Step 7: time-dependent AUC (timeROC, cumulative/dynamic, IPCW) of every marker in both
 * cohorts, with the iid standard error, 95% CI and the pairwise comparison test.
 */
final class AucTable {
  static final StructType SCHEMA = new StructType()
      .add("marker", DataTypes.StringType, false)
      .add("cohort", DataTypes.StringType, false)
      .add("horizon", DataTypes.DoubleType, false)
      .add("n", DataTypes.IntegerType, false)
      .add("auc", DataTypes.DoubleType, true)
      .add("se", DataTypes.DoubleType, true)
      .add("ci_lower", DataTypes.DoubleType, true)
      .add("ci_upper", DataTypes.DoubleType, true)
      .add("cases", DataTypes.IntegerType, true)
      .add("controls", DataTypes.IntegerType, true)
      .add("censored", DataTypes.IntegerType, true)
      .add("comparisons", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType),
          true);

  /** cohort -> marker -> result (null where it could not be computed). */
  final Map<String, Map<String, TimeDependentRoc.Result>> results = new LinkedHashMap<>();
  /** cohort -> marker -> other marker -> p of the comparison. */
  final Map<String, Map<String, Map<String, Double>>> comparisons = new LinkedHashMap<>();
  final double horizon;

  private AucTable(double horizon) {
    this.horizon = horizon;
  }

  static AucTable compute(Map<String, double[]> markers, double[] time, int[] event, int[] tr,
      int[] va, double horizon, List<Warning> warnings) {
    AucTable t = new AucTable(horizon);
    for (String cohort : List.of(CohortAnalysisJob.TRAIN, CohortAnalysisJob.VALID)) {
      int[] idx = cohort.equals(CohortAnalysisJob.TRAIN) ? tr : va;
      Map<String, TimeDependentRoc.Result> res = new LinkedHashMap<>();
      Map<String, Map<String, Double>> cmp = new LinkedHashMap<>();
      RightCensoredSample sample = null;
      try {
        sample = new RightCensoredSample(CohortAnalysisJob.pick(time, idx),
            CohortAnalysisJob.pick(event, idx), cohort + " cohort");
      } catch (IllegalArgumentException ex) {
        warnings.add(new Warning("roc", cohort, "no AUC: " + ex.getMessage()));
      }
      for (Map.Entry<String, double[]> m : markers.entrySet()) {
        double[] marker = CohortAnalysisJob.pick(m.getValue(), idx);
        TimeDependentRoc.Result r = null;
        if (sample != null) {
          boolean complete = true;
          for (double v : marker) {
            complete &= Double.isFinite(v);
          }
          if (!complete) {
            warnings.add(new Warning("roc", m.getKey() + " " + cohort, "marker missing for"
                + " some patients; no AUC (timeROC needs every subject's marker)"));
          } else {
            try {
              r = TimeDependentRoc.compute(sample, marker, horizon);
            } catch (IllegalArgumentException ex) {
              warnings.add(new Warning("roc", m.getKey() + " " + cohort, "no AUC: "
                  + ex.getMessage()));
            }
          }
        }
        res.put(m.getKey(), r);
      }
      for (Map.Entry<String, TimeDependentRoc.Result> a : res.entrySet()) {
        Map<String, Double> row = new LinkedHashMap<>();
        for (Map.Entry<String, TimeDependentRoc.Result> b : res.entrySet()) {
          if (a.getKey().equals(b.getKey()) || a.getValue() == null || b.getValue() == null) {
            continue;
          }
          row.put(b.getKey(), TimeDependentRoc.compare(a.getValue(), b.getValue()));
        }
        cmp.put(a.getKey(), row);
      }
      t.results.put(cohort, res);
      t.comparisons.put(cohort, cmp);
    }
    return t;
  }

  Dataset<Row> toDataFrame(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    results.forEach((cohort, res) -> res.forEach((marker, r) -> {
      Map<String, Double> cmp = comparisons.get(cohort).get(marker);
      Map<String, Double> scmp = new java.util.TreeMap<>(cmp);
      if (r == null) {
        rows.add(RowFactory.create(marker, cohort, horizon, 0, null, null, null, null, null, null,
            null, scmp));
      } else {
        rows.add(RowFactory.create(marker, cohort, horizon, r.cases() + r.controls()
            + r.censored(), r.auc(), r.se(), r.ciLower(), r.ciUpper(), r.cases(), r.controls(),
            r.censored(), scmp));
      }
    }));
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** Marker -> validation AUC (NaN where missing). */
  Map<String, Double> validationAuc() {
    Map<String, Double> out = new LinkedHashMap<>();
    results.get(CohortAnalysisJob.VALID).forEach((m, r) -> out.put(m, r == null ? Double.NaN
        : r.auc()));
    return out;
  }
}
