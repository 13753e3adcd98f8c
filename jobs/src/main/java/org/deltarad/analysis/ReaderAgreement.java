package org.deltarad.analysis;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.stats.Icc;

/**
 * Step 2: inter-reader ICC per feature and time point, on the patients both readers outlined,
 * as a Spark aggregation grouped by (feature, time point); then the robustness filter.
 *
 * <p>The ICC is computed on the harmonized, z-scored values, the values that enter the models.
 * Both readers' rows of a scan share its covariates, so harmonization subtracts the same
 * prediction from both and z-scoring is one linear map: the reader disagreement is untouched,
 * while between-patient variance due to scanners is gone. A feature therefore has to be
 * reproducible relative to its biological spread, not to its scanner spread, which is the
 * stricter test and the one that matters for the signatures.
 */
public final class ReaderAgreement {
  public static final StructType SCHEMA = new StructType()
      .add("feature", DataTypes.StringType, false)
      .add("timepoint", DataTypes.StringType, false)
      .add("subjects", DataTypes.IntegerType, false)
      .add("icc1", DataTypes.DoubleType, true)
      .add("icc1_lower", DataTypes.DoubleType, true)
      .add("icc1_upper", DataTypes.DoubleType, true)
      .add("icc2_1", DataTypes.DoubleType, true)
      .add("icc2_1_lower", DataTypes.DoubleType, true)
      .add("icc2_1_upper", DataTypes.DoubleType, true)
      .add("icc3_1", DataTypes.DoubleType, true)
      .add("icc3_1_lower", DataTypes.DoubleType, true)
      .add("icc3_1_upper", DataTypes.DoubleType, true)
      .add("problem", DataTypes.StringType, true);

  /** The ICC table, the features that pass at every time point, and what went wrong. */
  public record Result(Dataset<Row> icc, List<String> selected, List<Warning> warnings,
      int pairedPatients) {}

  private ReaderAgreement() {}

  public static Result run(Dataset<Row> harmonized, List<String> features, AnalysisConfig cfg) {
    List<Warning> warnings = new ArrayList<>();
    if (!cfg.iccEnabled) {
      return new Result(harmonized.sparkSession().createDataFrame(List.of(), SCHEMA),
          new ArrayList<>(features), warnings, 0);
    }
    // scans outlined by both readers
    Dataset<Row> both = harmonized.groupBy("patient_id", "timepoint")
        .agg(countDistinct("reader").as("readers")).filter(col("readers").geq(2))
        .select("patient_id", "timepoint");
    Dataset<Row> paired = harmonized.join(both, new String[] {"patient_id", "timepoint"});
    long pairedPatients = both.select("patient_id").distinct().count();
    Dataset<Row> icc = paired
        .groupByKey((MapFunction<Row, String>) r -> r.<String>getAs("feature") + '\u0001'
            + r.<String>getAs("timepoint"), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) ReaderAgreement::one,
            Encoders.row(SCHEMA))
        .orderBy("feature", "timepoint")
        .cache();
    List<Row> rows = icc.collectAsList();
    String valueCol = cfg.iccForm;
    Map<String, Integer> passes = new TreeMap<>();
    for (String f : features) {
      passes.put(f, 0);
    }
    for (Row r : rows) {
      String f = r.getString(0);
      if (!r.isNullAt(12)) {
        warnings.add(new Warning("icc", f + " (" + r.getString(1) + ")", r.getString(12)));
        continue;
      }
      double v = r.getAs(valueCol);
      double lo = r.getAs(valueCol + "_lower");
      if (v > cfg.iccMin && lo >= cfg.iccLowerMin && passes.containsKey(f)) {
        passes.merge(f, 1, Integer::sum);
      }
    }
    if (rows.isEmpty()) {
      warnings.add(new Warning("icc", "reader " + cfg.secondReader, "no scan was outlined by"
          + " both readers, so no feature can pass the ICC filter; disable it (icc.enabled:"
          + " false) to analyse all features"));
    }
    List<String> selected = new ArrayList<>();
    passes.forEach((f, n) -> {
      if (n == 2) {
        selected.add(f);
      }
    });
    return new Result(icc, selected, warnings, (int) pairedPatients);
  }

  private static Iterator<Row> one(String key, Iterator<Row> rows) {
    String[] k = key.split("\u0001", 2);
    // Sums must not depend on the order the shuffle delivered the rows in.
    List<Row> sorted = new ArrayList<>();
    rows.forEachRemaining(sorted::add);
    sorted.sort(java.util.Comparator.<Row, String>comparing(r -> r.getAs("patient_id"))
        .thenComparing(r -> r.<String>getAs("reader")));
    List<String> subj = new ArrayList<>();
    List<String> rater = new ArrayList<>();
    List<Double> val = new ArrayList<>();
    for (Row r : sorted) {
      subj.add(r.getAs("patient_id"));
      rater.add(r.getAs("reader"));
      val.add(r.getAs("value"));
    }
    int n = (int) subj.stream().distinct().count();
    try {
      Icc.Result res = Icc.fromLong(subj.toArray(new String[0]), rater.toArray(new String[0]),
          val.stream().mapToDouble(Double::doubleValue).toArray());
      return List.of(RowFactory.create(k[0], k[1], n,
          res.icc1().value(), res.icc1().lower(), res.icc1().upper(),
          res.icc2_1().value(), res.icc2_1().lower(), res.icc2_1().upper(),
          res.icc3_1().value(), res.icc3_1().lower(), res.icc3_1().upper(), null)).iterator();
    } catch (IllegalArgumentException ex) {
      return List.of(RowFactory.create(k[0], k[1], n, null, null, null, null, null, null, null,
          null, null, ex.getMessage())).iterator();
    }
  }
}
