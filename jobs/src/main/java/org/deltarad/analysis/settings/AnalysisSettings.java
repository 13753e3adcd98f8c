package org.deltarad.analysis.settings;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deltarad.stats.CoxNet;

/**
 * Every setting of the cohort analysis, parsed once from YAML ({@link AnalysisSettingsParser})
 * into immutable records with enums; stages read typed values, never strings to compare.
 * Defaults follow the paper where it says; where it does not, {@code conf/analysis.yaml} says
 * which default was chosen and why.
 */
public record AnalysisSettings(Clinical clinical, TimePoints timepoints, FeatureFilter features,
    Harmonization harmonization, IccFilter icc, Split split, Lasso lasso, Roc roc,
    Survival survival, Execution execution) implements Serializable {

  /**
   * Column names of the clinical table, and its columns listed in Table 2.
   *
   * @param maxDiameter baseline maximum tumour diameter (cm)
   * @param midDiameter mid-treatment maximum tumour diameter (cm); optional column
   * @param continuous Table 2 rows as median (IQR), Mann-Whitney U between the cohorts
   * @param categorical Table 2 rows as n (%) per level, Fisher's exact test
   * @param shrinkage relative diameter reduction (pre - mid) / pre counted as a response (the
   *     paper's >= 30%)
   */
  public record Clinical(String id, String time, String event, String figo, String maxDiameter,
      String midDiameter, List<String> continuous, List<String> categorical, double shrinkage)
      implements Serializable {
    public Clinical {
      continuous = List.copyOf(continuous);
      categorical = List.copyOf(categorical);
    }
  }

  /** Labels of the time points and readers in the features table. */
  public record TimePoints(String pre, String mid, String primaryReader, String secondReader)
      implements Serializable {}

  /** Feature columns left out before any statistics. */
  public record FeatureFilter(List<String> exclude) implements Serializable {
    public FeatureFilter {
      exclude = List.copyOf(exclude);
    }
  }

  /** How scanner effects are removed. */
  public enum HarmonizationMethod {
    /** Per-feature linear regression on the scanner covariates, residuals kept (the paper). */
    OLS,
    /** Parametric empirical-Bayes ComBat by scanner batch (sva::ComBat). */
    COMBAT,
    /** Raw values (then z-scored when asked). */
    NONE
  }

  /**
   * @param numeric numeric covariates of the OLS design (features-table columns)
   * @param categorical categorical covariates of the OLS design, one-hot as R's factor
   * @param batch columns whose joint value is the ComBat batch (scanner: manufacturer x field
   *     strength)
   * @param protect columns whose effect ComBat preserves (its {@code mod}): columns stored as
   *     numbers as they are, others one-hot; the time point by default, so that the treatment
   *     effect is not taken for a scanner effect
   * @param zscore then mean 0, sample SD 1 per feature
   */
  public record Harmonization(HarmonizationMethod method, List<String> numeric,
      List<String> categorical, List<String> batch, List<String> protect, boolean zscore)
      implements Serializable {
    public Harmonization {
      numeric = List.copyOf(numeric);
      categorical = List.copyOf(categorical);
      batch = List.copyOf(batch);
      protect = List.copyOf(protect);
    }

    /** Features-table columns this method reads, beyond the keys. */
    public List<String> columns() {
      return switch (method) {
        case OLS -> concat(numeric, categorical);
        case COMBAT -> concat(batch, protect);
        case NONE -> List.of();
      };
    }
  }

  /** ICC forms of {@code Icc}: one-way (the paper's, R package ICC), two-way agreement, consistency. */
  public enum IccForm {
    ICC1("icc1"), ICC2_1("icc2_1"), ICC3_1("icc3_1");

    private final String key;

    IccForm(String key) {
      this.key = key;
    }

    /** The YAML value and the column prefix of the {@code icc} table. */
    public String key() {
      return key;
    }
  }

  /** Which values the ICC sees: the paper does not say. */
  public enum IccInput {
    /** Harmonized, z-scored values: the values that enter the models (the default). */
    HARMONIZED,
    /** The extracted values as they are. */
    RAW
  }

  /**
   * Keep a feature when ICC > min and its lower 95% bound >= minLower at both time points,
   * computed on the {@code input} values.
   */
  public record IccFilter(boolean enabled, IccForm form, double min, double minLower,
      IccInput input) implements Serializable {}

  /**
   * Stratified training/validation split (event x follow-up bins x field strength), or, when
   * {@code column} names a clinical column, the split given there (values training /
   * validation), as for the paper's own cohorts.
   */
  public record Split(double validationFraction, long seed, int timeBins, String column)
      implements Serializable {
    public boolean given() {
      return column != null;
    }
  }

  /** Cross-validation folds: leave-one-out or K random folds. */
  public sealed interface Folds extends Serializable permits LeaveOneOut, KFold {}

  /** One fold per patient (the paper). */
  public record LeaveOneOut() implements Folds {
    @Override
    public String toString() {
      return "loo";
    }
  }

  /** K folds drawn with the split seed. */
  public record KFold(int k) implements Folds {
    @Override
    public String toString() {
      return Integer.toString(k);
    }
  }

  /** Which lambda of the CV curve gives the signature. */
  public enum LambdaRule {
    MIN("min"), ONE_SE("1se");

    private final String key;

    LambdaRule(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  public record Lasso(Folds folds, LambdaRule lambda, CoxNet.Ties ties) implements Serializable {}

  /** How survivalROC estimates the sensitivity and specificity behind the Youden cut-off. */
  public enum CutoffMethod {
    /** Kaplan-Meier within marker groups (survivalROC's method = "KM"). */
    KM,
    /** Nearest-neighbour estimation (method = "NNE", symmetric window of the given span). */
    NNE
  }

  /**
   * Time-dependent ROC horizon, the tumour-size classes of the Tumour_max marker, and the
   * cut-off method (NaN span: survivalROC's example default 0.25 n^(-1/5)).
   */
  public record Roc(double horizon, List<Double> diameterBreaks, CutoffMethod cutoffMethod,
      double nneSpan) implements Serializable {
    public Roc {
      diameterBreaks = List.copyOf(diameterBreaks);
    }
  }

  /**
   * @param riskTableEvery numbers at risk every this much time
   * @param timeUnit the unit of the clinical time column, for axis labels and medians
   */
  public record Survival(double riskTableEvery, String timeUnit) implements Serializable {}

  /** Where per-feature and per-fold work runs. */
  public enum Distribute {
    /** Spark executors from {@link Execution#sparkMinPatients} patients on, else the driver. */
    AUTO,
    /** Always Spark tasks. */
    SPARK,
    /** Always threads of the driver. */
    DRIVER
  }

  public record Execution(Distribute distribute, int sparkMinPatients) implements Serializable {}

  public static AnalysisSettings defaults() {
    return new AnalysisSettings(
        new Clinical("patient_id", "pfs_months", "progression", "figo_stage", "max_diameter_cm",
            "mid_diameter_cm", List.of("age"), List.of(), 0.30),
        new TimePoints("pre", "mid", "1", "2"),
        new FeatureFilter(List.of()),
        new Harmonization(HarmonizationMethod.OLS, List.of("tr", "te", "flip_angle",
            "slice_thickness", "nex", "anisotropy", "voxel_volume_mm3", "fov_x_mm",
            "field_strength"), List.of("manufacturer"), List.of("manufacturer", "field_strength"),
            List.of("timepoint"), true),
        new IccFilter(true, IccForm.ICC1, 0.75, 0.60, IccInput.HARMONIZED),
        new Split(1.0 / 3.0, 20250101L, 2, null),
        new Lasso(new LeaveOneOut(), LambdaRule.MIN, CoxNet.Ties.BRESLOW),
        new Roc(60.0, List.of(2.0, 4.0), CutoffMethod.KM, Double.NaN),
        new Survival(12.0, "months"),
        new Execution(Distribute.AUTO, 500));
  }

  /** The effective settings as one mapping per section, YAML keys and values (run record). */
  public Map<String, Map<String, Object>> effective() {
    Map<String, Map<String, Object>> m = new LinkedHashMap<>();
    m.put("clinical", map("id", clinical.id(), "time", clinical.time(), "event", clinical.event(),
        "figo", clinical.figo(), "max_diameter", clinical.maxDiameter(), "mid_diameter",
        clinical.midDiameter(), "continuous", clinical.continuous(), "categorical",
        clinical.categorical(), "shrinkage", clinical.shrinkage()));
    m.put("timepoints", map("pre", timepoints.pre(), "mid", timepoints.mid(), "primary_reader",
        timepoints.primaryReader(), "second_reader", timepoints.secondReader()));
    m.put("features", map("exclude", features.exclude()));
    m.put("harmonization", map("method", lower(harmonization.method()), "numeric",
        harmonization.numeric(), "categorical", harmonization.categorical(), "batch",
        harmonization.batch(), "protect", harmonization.protect(), "zscore",
        harmonization.zscore()));
    m.put("icc", map("enabled", icc.enabled(), "form", icc.form().key(), "min_icc", icc.min(),
        "min_lower_ci", icc.minLower(), "input", lower(icc.input())));
    m.put("split", map("validation_fraction", split.validationFraction(), "seed", split.seed(),
        "time_bins", split.timeBins(), "column", split.column()));
    m.put("lasso", map("folds", lasso.folds().toString(), "lambda", lasso.lambda().key(), "ties",
        lower(lasso.ties())));
    m.put("roc", map("horizon", roc.horizon(), "diameter_breaks", roc.diameterBreaks(),
        "cutoff_method", lower(roc.cutoffMethod()), "nne_span",
        Double.isNaN(roc.nneSpan()) ? null : roc.nneSpan()));
    m.put("survival", map("risk_table_every", survival.riskTableEvery(), "time_unit",
        survival.timeUnit()));
    m.put("execution", map("distribute", lower(execution.distribute()), "spark_min_patients",
        execution.sparkMinPatients()));
    return m;
  }

  /** The effective settings in a few readable lines, for the report. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("clinical columns", String.join(", ", clinical.id(), clinical.time(), clinical.event(),
        clinical.figo(), clinical.maxDiameter(), clinical.midDiameter()));
    m.put("Table 2 variables", String.join(", ", concat(clinical.continuous(),
        clinical.categorical())) + " (and FIGO stage, diameter classes, progression)");
    m.put("tumour response", "diameter reduction >= " + Math.round(clinical.shrinkage() * 100)
        + "%");
    m.put("time points", timepoints.pre() + " / " + timepoints.mid() + " (readers "
        + timepoints.primaryReader() + ", " + timepoints.secondReader() + ")");
    m.put("harmonization", switch (harmonization.method()) {
      case OLS -> "OLS on " + String.join(", ", concat(harmonization.numeric(),
          harmonization.categorical()));
      case COMBAT -> "ComBat by " + String.join(" x ", harmonization.batch())
          + (harmonization.protect().isEmpty() ? "" : ", protecting "
          + String.join(", ", harmonization.protect()));
      case NONE -> "none";
    } + (harmonization.zscore() ? "; z-scored" : ""));
    m.put("ICC", icc.enabled() ? icc.form().key() + " > " + icc.min() + " and lower 95% CI >= "
        + icc.minLower() + " at both time points, on " + (icc.input() == IccInput.RAW
        ? "raw (extracted)" : "harmonized") + " values" : "off");
    m.put("split", split.given() ? "as given in clinical column " + split.column()
        : "validation fraction " + split.validationFraction() + ", seed " + split.seed()
        + ", strata: event x follow-up (" + split.timeBins() + " bins) x field strength");
    m.put("LASSO-Cox", "folds " + lasso.folds() + ", lambda." + lasso.lambda().key() + ", ties "
        + lower(lasso.ties()));
    m.put("horizon", roc.horizon() + " (time units of the clinical table)");
    m.put("cut-off", "Youden index of survivalROC (" + (roc.cutoffMethod() == CutoffMethod.KM
        ? "KM" : "NNE, span " + (Double.isNaN(roc.nneSpan()) ? "0.25 n^(-1/5)" : roc.nneSpan()))
        + ") on the training cohort");
    return m;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toList());
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
