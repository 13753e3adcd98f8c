package org.deltarad.tables;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Every Parquet table the cohort analysis writes under its output directory, declared in one
 * place: name and schema. Tables hold numbers (NaN written as null); the report formats them.
 * Column meanings: {@code docs/tables.md}.
 */
public final class AnalysisTables {
  /** A table: its directory name under the output and its schema. */
  public record Table(String name, StructType schema) {}

  private static final DataType S = DataTypes.StringType;
  private static final DataType D = DataTypes.DoubleType;
  private static final DataType I = DataTypes.IntegerType;
  private static final DataType B = DataTypes.BooleanType;

  public static final Table HARMONIZED = new Table("harmonized", schema(
      "feature", S, "patient_id", S, "timepoint", S, "reader", S, "raw", D, "residual", D,
      "value", D));
  /** The covariate encoding of the scanner model (ols): one row per design column or level. */
  public static final Table HARMONIZATION_DESIGN = new Table("harmonization_design", schema(
      "term", S, "position", I, "covariate", S, "kind", S, "level", S));
  /** Per feature, the scanner model's coefficient of each design term (null = aliased). */
  public static final Table HARMONIZATION_COEFFICIENTS = new Table(
      "harmonization_coefficients", schema("feature", S, "term", S, "coefficient", D));
  /**
   * Per feature and scanner batch, the fitted ComBat adjustment (combat): alpha and sigma of the
   * feature, gamma* and delta* of the batch; the protected covariates' coefficients are in
   * harmonization_coefficients.
   */
  public static final Table HARMONIZATION_COMBAT = new Table("harmonization_combat", schema(
      "feature", S, "batch", S, "alpha", D, "sigma", D, "gamma_star", D, "delta_star", D));
  /** Per feature, the mean and sample SD of the fitted residuals that z-scoring uses. */
  public static final Table ZSCORE = new Table("zscore", schema("feature", S, "mean", D,
      "sd", D));
  public static final Table ICC = new Table("icc", schema("feature", S, "timepoint", S,
      "subjects", I, "icc1", D, "icc1_lower", D, "icc1_upper", D, "icc2_1", D, "icc2_1_lower", D,
      "icc2_1_upper", D, "icc3_1", D, "icc3_1_lower", D, "icc3_1_upper", D, "problem", S));
  public static final Table SELECTED = new Table("selected_features", schema("feature", S,
      "selected", B, "icc_form", S));
  public static final Table DELTAS = new Table("deltas", schema("feature", S, "patient_id", S,
      "pre", D, "mid", D, "delta", D));
  public static final Table SPLIT = new Table("split", schema("patient_id", S, "cohort", S,
      "stratum", S, "time", D, "event", I, "field_strength", S));
  public static final Table SIGNATURES = new Table("signatures", schema("signature", S,
      "feature", S, "coefficient", D, "in_signature", B, "lambda", D, "lambda_min", D,
      "lambda_1se", D));
  public static final Table SIGNATURES_CV = new Table("signatures_cv", schema("signature", S,
      "step", I, "lambda", D, "cvm", D, "cvsd", D, "nzero", I, "is_lambda_min", B,
      "is_lambda_1se", B));
  public static final Table SCORES = new Table("scores", schema("patient_id", S, "cohort", S,
      "signature", S, "score", D, "group", S));
  public static final Table CUTOFFS = new Table("cutoffs", schema("signature", S, "cutoff", D,
      "horizon", D, "method", S));
  public static final Table KM = new Table("km", schema("signature", S, "cohort", S, "group", S,
      "time", D, "n_risk", I, "n_event", I, "n_censor", I, "survival", D, "lower", D,
      "upper", D, "logrank_chisq", D, "logrank_p", D, "hazard_ratio", D, "hr_lower", D,
      "hr_upper", D, "median", D));
  public static final Table AUC = new Table("auc", schema("marker", S, "cohort", S, "horizon", D,
      "n", I, "auc", D, "se", D, "ci_lower", D, "ci_upper", D, "cases", I, "controls", I,
      "censored", I).add("comparisons", DataTypes.createMapType(S, D), true)
      .add("note", S, true));
  public static final Table TESTS = new Table("tests", schema("feature", S, "test", S,
      "comparison", S, "n", I, "statistic", D, "p_value", D, "estimate", D, "ci_lower", D,
      "ci_upper", D, "exact", B, "median_a", D, "median_b", D, "problem", S));
  public static final Table CHARACTERISTICS = new Table("cohort_characteristics", schema(
      "characteristic", S, "level", S, "test", S, "total_n", I, "total_median", D,
      "total_q1", D, "total_q3", D, "training_n", I, "training_median", D,
      "training_q1", D, "training_q3", D, "validation_n", I, "validation_median", D,
      "validation_q1", D, "validation_q3", D, "p_value", D));
  /** Suppl. Table 2: the cohort_characteristics columns per time point of the scans. */
  public static final Table ACQUISITION = new Table("acquisition", withFirst(
      "timepoint", S, CHARACTERISTICS.schema()));
  public static final Table TUMOUR_SIZE = new Table("tumour_size", schema("measure", S,
      "test", S, "comparison", S, "n_a", I, "n_b", I, "statistic", D, "p_value", D,
      "estimate", D, "ci_lower", D, "ci_upper", D, "q1_a", D, "median_a", D, "q3_a", D,
      "q1_b", D, "median_b", D, "q3_b", D, "count_a", I, "count_b", I, "problem", S));
  public static final Table FLOW = new Table("flow", schema("step", I, "stage", S,
      "patients", I));
  public static final Table WARNINGS = new Table("warnings", schema("stage", S, "subject", S,
      "message", S));

  /** Every table, in the order the analysis writes them. */
  public static final List<Table> ALL = List.of(HARMONIZED, HARMONIZATION_DESIGN,
      HARMONIZATION_COEFFICIENTS, HARMONIZATION_COMBAT, ZSCORE, ICC, SELECTED, DELTAS, SPLIT,
      SIGNATURES, SIGNATURES_CV, SCORES, CUTOFFS, KM, AUC, TESTS, CHARACTERISTICS, ACQUISITION,
      TUMOUR_SIZE, FLOW, WARNINGS);

  private AnalysisTables() {}

  /** A nullable column, then the columns of rest. */
  private static StructType withFirst(String name, DataType type, StructType rest) {
    StructType t = new StructType().add(name, type, true);
    for (org.apache.spark.sql.types.StructField f : rest.fields()) {
      t = t.add(f);
    }
    return t;
  }

  /** A schema of nullable columns from (name, type) pairs. */
  static StructType schema(Object... nameType) {
    StructType t = new StructType();
    for (int i = 0; i < nameType.length; i += 2) {
      t = t.add((String) nameType[i], (DataType) nameType[i + 1], true);
    }
    return t;
  }
}
