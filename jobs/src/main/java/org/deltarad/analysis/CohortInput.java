package org.deltarad.analysis;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.extract.ExtractionJob;

/**
 * The analysis inputs, checked: the extraction job's {@code features} table and the clinical
 * table. Feature columns are the {@code original_*} double columns; keys are normalised to
 * strings so that a reader stored as 1 or "1" means the same.
 */
public final class CohortInput {
  /** One patient's clinical row. FIGO is 1-4; NaN marks a missing value. */
  public record Clinical(String id, double time, int event, double figo, double diameter,
      Map<String, String> other) {}

  final Dataset<Row> features;
  final List<String> featureColumns;
  final Map<String, Clinical> clinical;
  final List<Warning> warnings = new ArrayList<>();

  private CohortInput(Dataset<Row> features, List<String> featureColumns,
      Map<String, Clinical> clinical) {
    this.features = features;
    this.featureColumns = featureColumns;
    this.clinical = clinical;
  }

  public static CohortInput load(SparkSession spark, String featuresPath, String clinicalPath,
      AnalysisConfig cfg) throws java.io.IOException {
    Dataset<Row> raw = isExtractionOutput(spark, featuresPath)
        ? ExtractionJob.readFeatures(spark, featuresPath, null)
        : spark.read().parquet(featuresPath);
    Set<String> cols = new HashSet<>(Arrays.asList(raw.columns()));
    List<String> missing = new ArrayList<>();
    for (String c : List.of("patient_id", "timepoint", "reader")) {
      if (!cols.contains(c)) {
        missing.add(c);
      }
    }
    for (String c : cfg.numericCovariates) {
      if (!cols.contains(c)) {
        missing.add(c);
      }
    }
    for (String c : cfg.categoricalCovariates) {
      if (!cols.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(featuresPath + ": the features table lacks column(s) "
          + String.join(", ", missing));
    }
    Set<String> excluded = new HashSet<>(cfg.featureExclude);
    List<String> featureColumns = new ArrayList<>();
    for (String c : new TreeSet<>(cols)) {
      if (c.startsWith("original_") && !excluded.contains(c)) {
        featureColumns.add(c);
      }
    }
    if (featureColumns.isEmpty()) {
      throw new IllegalArgumentException(featuresPath
          + ": the features table has no feature columns (original_*)");
    }
    List<org.apache.spark.sql.Column> select = new ArrayList<>();
    select.add(col("patient_id").cast("string").as("patient_id"));
    select.add(col("timepoint").cast("string").as("timepoint"));
    select.add(col("reader").cast("string").as("reader"));
    for (String c : cfg.numericCovariates) {
      select.add(col(c).cast("double").as(c));
    }
    for (String c : cfg.categoricalCovariates) {
      select.add(col(c).cast("string").as(c));
    }
    for (String c : featureColumns) {
      select.add(col(c).cast("double").as(c));
    }
    Dataset<Row> features = raw.select(select.toArray(new org.apache.spark.sql.Column[0]));
    Map<String, Clinical> clinical = readClinical(spark, clinicalPath, cfg);
    return new CohortInput(features, featureColumns, clinical);
  }

  /** An extraction job's output directory (with _run.json) rather than a bare Parquet table. */
  static boolean isExtractionOutput(SparkSession spark, String dir) throws java.io.IOException {
    org.apache.hadoop.fs.Path run = new org.apache.hadoop.fs.Path(dir, "_run.json");
    return run.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(run);
  }

  static Map<String, Clinical> readClinical(SparkSession spark, String path, AnalysisConfig cfg) {
    Dataset<Row> df = path.toLowerCase(Locale.ROOT).endsWith(".parquet")
        ? spark.read().parquet(path)
        : spark.read().option("header", "true").csv(path);
    Set<String> cols = new HashSet<>(Arrays.asList(df.columns()));
    List<String> missing = new ArrayList<>();
    for (String c : List.of(cfg.clinicalId, cfg.clinicalTime, cfg.clinicalEvent)) {
      if (!cols.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(path + ": the clinical table lacks column(s) "
          + String.join(", ", missing) + " (has " + String.join(", ", new TreeSet<>(cols)) + ")");
    }
    Map<String, Clinical> out = new TreeMap<>();
    List<Row> rows = df.collectAsList();
    String[] names = df.columns();
    int line = 1;
    for (Row r : rows) {
      line++;
      String id = str(r.getAs(cfg.clinicalId));
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException(path + ": row " + line + " has no " + cfg.clinicalId);
      }
      double time = number(path, id, cfg.clinicalTime, r.getAs(cfg.clinicalTime), true);
      if (time < 0) {
        throw new IllegalArgumentException(path + ": patient " + id + " has negative "
            + cfg.clinicalTime + " " + time);
      }
      double ev = number(path, id, cfg.clinicalEvent, r.getAs(cfg.clinicalEvent), true);
      if (ev != 0 && ev != 1) {
        throw new IllegalArgumentException(path + ": patient " + id + ": " + cfg.clinicalEvent
            + " must be 0 or 1, got " + ev);
      }
      double figo = cols.contains(cfg.clinicalFigo) ? figo(path, id, r.getAs(cfg.clinicalFigo))
          : Double.NaN;
      double diameter = cols.contains(cfg.clinicalDiameter)
          ? number(path, id, cfg.clinicalDiameter, r.getAs(cfg.clinicalDiameter), false)
          : Double.NaN;
      Map<String, String> other = new LinkedHashMap<>();
      for (String n : names) {
        other.put(n, str(r.getAs(n)));
      }
      if (out.put(id, new Clinical(id, time, (int) ev, figo, diameter, other)) != null) {
        throw new IllegalArgumentException(path + ": patient " + id + " appears twice");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(path + ": the clinical table has no rows");
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o).trim();
  }

  private static double number(String path, String id, String column, Object v,
      boolean required) {
    String s = str(v);
    if (s == null || s.isEmpty() || s.equalsIgnoreCase("NA")) {
      if (required) {
        throw new IllegalArgumentException(path + ": patient " + id + " has no " + column);
      }
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(path + ": patient " + id + ": " + column
          + " is not a number: '" + s + "'");
    }
  }

  /** FIGO stage as 1-4 from "I".."IV" (sub-stages such as "IIIC1" count as their stage) or 1-4. */
  static double figo(String path, String id, Object v) {
    String s = str(v);
    if (s == null || s.isEmpty() || s.equalsIgnoreCase("NA")) {
      return Double.NaN;
    }
    String u = s.toUpperCase(Locale.ROOT).replaceFirst("^FIGO\\s*", "");
    if (u.matches("[1-4](\\.0)?")) {
      return u.charAt(0) - '0';
    }
    for (String[] roman : new String[][] {{"IV", "4"}, {"III", "3"}, {"II", "2"}, {"I", "1"}}) {
      if (u.startsWith(roman[0])) {
        return Double.parseDouble(roman[1]);
      }
    }
    throw new IllegalArgumentException(path + ": patient " + id + ": FIGO stage '" + s
        + "' is not I-IV or 1-4");
  }
}
