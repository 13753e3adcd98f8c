package org.deltarad.analysis;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.stats.CoxNet;
import org.deltarad.stats.CoxNetCv;
import org.deltarad.stats.CoxNetCvResult;
import org.deltarad.stats.CoxNetModel;
import org.deltarad.stats.CoxNetPath;
import org.deltarad.stats.FisherExactTest;
import org.deltarad.stats.KaplanMeier;
import org.deltarad.stats.LogRankTest;
import org.deltarad.stats.MannWhitneyTest;
import org.deltarad.stats.RightCensoredSample;
import org.deltarad.stats.StratifiedSplit;
import org.deltarad.stats.SurvivalRoc;
import org.deltarad.stats.TimeDependentRoc;

/**
 * The study end to end on a features table and a clinical table: harmonization, ICC filter,
 * deltas, stratified split, two LASSO-Cox signatures (leave-one-out folds as Spark tasks), risk
 * scores, Youden cut-offs, Kaplan-Meier and log-rank, time-dependent AUCs with comparisons,
 * per-feature tests, the cohort table; every table as Parquet under {@code out}, and the report.
 */
public final class CohortAnalysisJob {
  public static final String DELTA = "Delta_rad";
  public static final String PRE = "Pre_rad";
  public static final String FIGO = "FIGO";
  public static final String TUMOUR_MAX = "Tumour_max";
  static final String TRAIN = "training";
  static final String VALID = "validation";

  /** What the run produced, for the command line and tests. */
  public record Summary(String out, int patients, int training, int validation,
      int featuresIn, List<String> selected, Map<String, Map<String, Double>> signatures,
      Map<String, Double> auc, int warnings, String report) {}

  /** One fitted signature with everything the report needs. */
  record Signature(String name, String[] features, CoxNetCvResult cv, CoxNetModel model,
      double[] scores, double cutoff) {}

  private CohortAnalysisJob() {}

  public static Summary run(SparkSession spark, String featuresPath, String clinicalPath,
      String out, AnalysisConfig cfg) throws IOException {
    Instant start = Instant.now();
    CohortInput in = CohortInput.load(spark, featuresPath, clinicalPath, cfg);
    List<Warning> warnings = in.warnings;
    Outputs outputs = new Outputs(spark, out);

    FeatureHarmonization.Result harm = FeatureHarmonization.run(spark, in, cfg);
    warnings.addAll(harm.warnings());
    Dataset<Row> harmonized = harm.harmonized().cache();
    outputs.write("harmonized", harmonized.orderBy("feature", "patient_id", "timepoint",
        "reader"));
    List<String> usable = new ArrayList<>(in.featureColumns);
    for (Warning w : harm.warnings()) {
      usable.remove(w.subject());
    }

    ReaderAgreement.Result icc = ReaderAgreement.run(harmonized, usable, cfg);
    warnings.addAll(icc.warnings());
    outputs.write("icc", icc.icc());
    outputs.write("selected_features", selectedTable(spark, usable, icc, cfg));
    List<String> selected = icc.selected();

    Dataset<Row> deltas = PatientMatrix.deltas(harmonized, cfg).cache();
    outputs.write("deltas", deltas);
    List<String> allPatients = new ArrayList<>();
    for (Row r : in.features.filter(col("reader").equalTo(cfg.primaryReader))
        .select("patient_id").distinct().collectAsList()) {
      allPatients.add(r.getString(0));
    }
    if (selected.isEmpty()) {
      outputs.writeWarnings(warnings);
      throw new IllegalArgumentException("no feature passed the robustness filter ("
          + cfg.iccForm + " > " + cfg.iccMin + " with lower 95% CI >= " + cfg.iccLowerMin
          + " at both time points, " + icc.pairedPatients() + " patients with two readers);"
          + " see " + out + "/icc and " + out + "/warnings");
    }
    PatientMatrix pm = PatientMatrix.gather(deltas, selected, in.clinical, allPatients, cfg,
        warnings);
    int n = pm.patients.length;
    if (n < 6) {
      outputs.writeWarnings(warnings);
      throw new IllegalArgumentException("only " + n + " patients have both time points, the"
          + " selected features and a clinical row; at least 6 are needed");
    }
    double[] time = new double[n];
    int[] event = new int[n];
    for (int i = 0; i < n; i++) {
      CohortInput.Clinical c = in.clinical.get(pm.patients[i]);
      time[i] = c.time();
      event[i] = c.event();
    }
    if (Arrays.stream(event).sum() == 0) {
      outputs.writeWarnings(warnings);
      throw new IllegalArgumentException("every patient is censored (no " + cfg.clinicalEvent
          + " = 1): no survival model can be fitted");
    }

    // split
    Map<String, String> field = fieldStrength(in, cfg);
    List<StratifiedSplit.Subject> subjects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      subjects.add(new StratifiedSplit.Subject(pm.patients[i], event[i] == 1, time[i],
          field.getOrDefault(pm.patients[i], "unknown")));
    }
    StratifiedSplit.Split split = StratifiedSplit.split(subjects, cfg.validationFraction,
        cfg.timeBins, cfg.seed);
    for (String m : split.merges()) {
      warnings.add(new Warning("split", m, "stratum with a single patient merged: " + m));
    }
    java.util.Set<String> trainIds = new java.util.HashSet<>(split.train());
    boolean[] isTrain = new boolean[n];
    for (int i = 0; i < n; i++) {
      isTrain[i] = trainIds.contains(pm.patients[i]);
    }
    int[] tr = PatientMatrix.positions(isTrain).stream().mapToInt(Integer::intValue).toArray();
    boolean[] isValid = new boolean[n];
    for (int i = 0; i < n; i++) {
      isValid[i] = !isTrain[i];
    }
    int[] va = PatientMatrix.positions(isValid).stream().mapToInt(Integer::intValue).toArray();
    int trainEvents = 0;
    for (int i : tr) {
      trainEvents += event[i];
    }
    if (trainEvents < 2) {
      outputs.writeWarnings(warnings);
      throw new IllegalArgumentException("the training cohort has " + trainEvents
          + " event(s); LASSO-Cox needs at least 2");
    }
    List<Row> splitRows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      splitRows.add(RowFactory.create(pm.patients[i], isTrain[i] ? TRAIN : VALID,
          split.stratum().get(pm.patients[i]), time[i], event[i],
          field.getOrDefault(pm.patients[i], null)));
    }
    outputs.write("split", spark.createDataFrame(splitRows, new StructType()
        .add("patient_id", DataTypes.StringType).add("cohort", DataTypes.StringType)
        .add("stratum", DataTypes.StringType).add("time", DataTypes.DoubleType)
        .add("event", DataTypes.IntegerType).add("field_strength", DataTypes.StringType)));

    // signatures
    double[] trTime = pick(time, tr);
    int[] trEvent = pick(event, tr);
    List<Signature> sigs = new ArrayList<>();
    for (String name : List.of(DELTA, PRE)) {
      double[][] all = name.equals(DELTA) ? pm.delta : pm.pre;
      double[][] x = PatientMatrix.rows(all, tr);
      CoxNetCvResult cv = crossValidate(spark, x, trTime, trEvent, pm.features, cfg);
      CoxNetModel model = "1se".equals(cfg.lambdaRule) ? cv.model1se() : cv.modelMin();
      if (model.df() == 0) {
        warnings.add(new Warning("lasso", name, "LASSO-Cox kept no feature at lambda."
            + cfg.lambdaRule + " = " + model.lambda() + "; every score is 0"));
      }
      double[] scores = model.linearPredictor(all);
      RightCensoredSample trainSample = new RightCensoredSample(trTime, trEvent, name
          + " training");
      double cutoff;
      try {
        cutoff = SurvivalRoc.km(trainSample, pick(scores, tr), cfg.horizon).youdenCutoff();
      } catch (IllegalArgumentException ex) {
        warnings.add(new Warning("roc", name, "no Youden cut-off: " + ex.getMessage()));
        cutoff = Double.NaN;
      }
      sigs.add(new Signature(name, pm.features, cv, model, scores, cutoff));
    }
    outputs.write("signatures", signatureTable(spark, sigs));
    outputs.write("signatures_cv", cvTable(spark, sigs));

    // scores, cut-offs, Kaplan-Meier
    List<Row> scoreRows = new ArrayList<>();
    List<Row> cutRows = new ArrayList<>();
    List<Row> kmRows = new ArrayList<>();
    Map<String, Map<String, SurvivalCurves.Km>> kmFigures = new LinkedHashMap<>();
    for (Signature s : sigs) {
      cutRows.add(RowFactory.create(s.name(), finite(s.cutoff()), cfg.horizon, "survivalROC KM,"
          + " Youden index on the training cohort; high = score > cut-off"));
      for (int i = 0; i < n; i++) {
        String group = !Double.isFinite(s.cutoff()) ? null
            : s.scores()[i] > s.cutoff() ? "high" : "low";
        scoreRows.add(RowFactory.create(pm.patients[i], isTrain[i] ? TRAIN : VALID, s.name(),
            s.scores()[i], group));
      }
      if (!Double.isFinite(s.cutoff())) {
        continue;
      }
      for (String cohort : List.of(TRAIN, VALID)) {
        int[] idx = cohort.equals(TRAIN) ? tr : va;
        SurvivalCurves.Km km = kaplanMeier(s, idx, time, event, cfg, warnings, cohort);
        kmFigures.computeIfAbsent(s.name(), k -> new LinkedHashMap<>()).put(cohort, km);
        kmRows.addAll(km.rows());
      }
    }
    outputs.write("scores", spark.createDataFrame(scoreRows, new StructType()
        .add("patient_id", DataTypes.StringType).add("cohort", DataTypes.StringType)
        .add("signature", DataTypes.StringType).add("score", DataTypes.DoubleType)
        .add("group", DataTypes.StringType)).orderBy("signature", "patient_id"));
    outputs.write("cutoffs", spark.createDataFrame(cutRows, new StructType()
        .add("signature", DataTypes.StringType).add("cutoff", DataTypes.DoubleType)
        .add("horizon", DataTypes.DoubleType).add("method", DataTypes.StringType)));
    outputs.write("km", spark.createDataFrame(kmRows, SurvivalCurves.KM_SCHEMA));

    // time-dependent AUC
    Map<String, double[]> markers = new LinkedHashMap<>();
    for (Signature s : sigs) {
      markers.put(s.name(), s.scores());
    }
    double[] figo = new double[n];
    double[] tmax = new double[n];
    for (int i = 0; i < n; i++) {
      CohortInput.Clinical c = in.clinical.get(pm.patients[i]);
      figo[i] = c.figo();
      tmax[i] = diameterClass(c.diameter(), cfg.diameterBreaks);
    }
    markers.put(FIGO, figo);
    markers.put(TUMOUR_MAX, tmax);
    AucTable auc = AucTable.compute(markers, time, event, tr, va, cfg.horizon, warnings);
    outputs.write("auc", auc.toDataFrame(spark));

    // per-feature tests and the cohort table
    Map<String, FeatureTests.Outcome> outcomes = new HashMap<>();
    for (CohortInput.Clinical c : in.clinical.values()) {
      outcomes.put(c.id(), new FeatureTests.Outcome(c.event(), c.diameter()));
    }
    Dataset<Row> tests = FeatureTests.run(deltas, selected, outcomes).cache();
    outputs.write("tests", tests);
    List<Row> table2 = cohortTable(in, pm, isTrain, field);
    outputs.write("cohort_characteristics", spark.createDataFrame(table2,
        CohortTable.SCHEMA));

    outputs.writeWarnings(warnings);
    Map<String, Map<String, Double>> sigCoef = new LinkedHashMap<>();
    for (Signature s : sigs) {
      Map<String, Double> m = new LinkedHashMap<>();
      double[] b = s.model().coefficients();
      for (int j = 0; j < b.length; j++) {
        if (b[j] != 0) {
          m.put(s.features()[j], b[j]);
        }
      }
      sigCoef.put(s.name(), m);
    }
    String report = CohortReport.write(outputs, cfg, new CohortReport.Inputs(featuresPath,
        clinicalPath, start, in.featureColumns.size(), usable.size(), selected, icc, sigs,
        kmFigures, auc, tests.collectAsList(), table2, warnings, n, tr.length, va.length,
        harm.aliased(), pm, event));
    return new Summary(out, n, tr.length, va.length, in.featureColumns.size(), selected,
        sigCoef, auc.validationAuc(), warnings.size(), report);
  }

  /** Leave-one-out (or K-fold) CV with the folds as Spark tasks; the full path on the driver. */
  static CoxNetCvResult crossValidate(SparkSession spark, double[][] x, double[] time,
      int[] event, String[] names, AnalysisConfig cfg) {
    CoxNet.Ties ties = "efron".equals(cfg.ties) ? CoxNet.Ties.EFRON : CoxNet.Ties.BRESLOW;
    CoxNet net = new CoxNet().setTies(ties);
    CoxNetPath full = net.fit(x, time, event);
    int[] foldId = "loo".equals(cfg.folds) ? CoxNetCv.leaveOneOut(time.length)
        : CoxNetCv.kFold(time.length, Integer.parseInt(cfg.folds), cfg.seed);
    int folds = Arrays.stream(foldId).max().orElse(0);
    double[] lambdas = full.lambdas();
    JavaSparkContext jsc = new JavaSparkContext(spark.sparkContext());
    Broadcast<double[][]> bx = jsc.broadcast(x);
    List<Integer> ks = new ArrayList<>();
    for (int k = 1; k <= folds; k++) {
      ks.add(k);
    }
    List<double[]> raw = jsc.parallelize(ks, Math.min(folds, Math.max(1,
            jsc.defaultParallelism() * 4)))
        .map(k -> new CoxNetCv(new CoxNet().setTies(ties))
            .foldDeviance(bx.value(), time, event, foldId, k, lambdas))
        .collect();
    bx.destroy();
    return CoxNetCv.combine(full, foldId, event, raw.toArray(new double[0][]));
  }

  private static SurvivalCurves.Km kaplanMeier(Signature s, int[] idx, double[] time, int[] event,
      AnalysisConfig cfg, List<Warning> warnings, String cohort) {
    double[] t = pick(time, idx);
    int[] e = pick(event, idx);
    int[] group = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      group[i] = s.scores()[idx[i]] > s.cutoff() ? 1 : 0;
    }
    return SurvivalCurves.km(s.name(), cohort, t, e, group, cfg.kmRiskEvery, warnings);
  }

  static double diameterClass(double d, double[] breaks) {
    if (!Double.isFinite(d)) {
      return Double.NaN;
    }
    int c = 1;
    for (double b : breaks) {
      if (d > b) {
        c++;
      }
    }
    return c;
  }

  private static Map<String, String> fieldStrength(CohortInput in, AnalysisConfig cfg) {
    Map<String, String> out = new TreeMap<>();
    if (!Arrays.asList(in.features.columns()).contains("field_strength")) {
      return out;
    }
    for (Row r : in.features.filter(col("reader").equalTo(cfg.primaryReader)
        .and(col("timepoint").equalTo(cfg.preLabel))).select("patient_id", "field_strength")
        .collectAsList()) {
      out.put(r.getString(0), r.isNullAt(1) ? "unknown" : String.valueOf(r.get(1)));
    }
    return out;
  }

  private static Dataset<Row> selectedTable(SparkSession spark, List<String> usable,
      ReaderAgreement.Result icc, AnalysisConfig cfg) {
    java.util.Set<String> sel = new java.util.HashSet<>(icc.selected());
    List<Row> rows = new ArrayList<>();
    for (String f : usable) {
      rows.add(RowFactory.create(f, sel.contains(f), cfg.iccEnabled ? cfg.iccForm : "none"));
    }
    return spark.createDataFrame(rows, new StructType().add("feature", DataTypes.StringType)
        .add("selected", DataTypes.BooleanType).add("icc_form", DataTypes.StringType));
  }

  private static Dataset<Row> signatureTable(SparkSession spark, List<Signature> sigs) {
    List<Row> rows = new ArrayList<>();
    for (Signature s : sigs) {
      double[] b = s.model().coefficients();
      for (int j = 0; j < b.length; j++) {
        rows.add(RowFactory.create(s.name(), s.features()[j], b[j], b[j] != 0,
            s.model().lambda(), s.cv().lambdaMin(), s.cv().lambda1se()));
      }
    }
    return spark.createDataFrame(rows, new StructType()
        .add("signature", DataTypes.StringType).add("feature", DataTypes.StringType)
        .add("coefficient", DataTypes.DoubleType).add("in_signature", DataTypes.BooleanType)
        .add("lambda", DataTypes.DoubleType).add("lambda_min", DataTypes.DoubleType)
        .add("lambda_1se", DataTypes.DoubleType));
  }

  private static Dataset<Row> cvTable(SparkSession spark, List<Signature> sigs) {
    List<Row> rows = new ArrayList<>();
    for (Signature s : sigs) {
      CoxNetCvResult cv = s.cv();
      double[] lam = cv.lambda();
      for (int k = 0; k < lam.length; k++) {
        rows.add(RowFactory.create(s.name(), k + 1, lam[k], cv.cvm()[k], cv.cvsd()[k],
            cv.nzero()[k], k == cv.indexMin(), k == cv.index1se()));
      }
    }
    return spark.createDataFrame(rows, new StructType()
        .add("signature", DataTypes.StringType).add("step", DataTypes.IntegerType)
        .add("lambda", DataTypes.DoubleType).add("cvm", DataTypes.DoubleType)
        .add("cvsd", DataTypes.DoubleType).add("nzero", DataTypes.IntegerType)
        .add("is_lambda_min", DataTypes.BooleanType).add("is_lambda_1se", DataTypes.BooleanType));
  }

  private static List<Row> cohortTable(CohortInput in, PatientMatrix pm, boolean[] isTrain,
      Map<String, String> field) {
    return CohortTable.rows(in, pm.patients, isTrain, field);
  }

  static double[] pick(double[] v, int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = v[idx[i]];
    }
    return out;
  }

  static int[] pick(int[] v, int[] idx) {
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = v[idx[i]];
    }
    return out;
  }

  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Where the tables go: one Parquet directory each, written in a stable row order. */
  static final class Outputs {
    final SparkSession spark;
    final String out;

    Outputs(SparkSession spark, String out) {
      this.spark = spark;
      this.out = out;
    }

    void write(String name, Dataset<Row> df) {
      df.coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/" + name);
    }

    void writeWarnings(List<Warning> warnings) {
      List<Row> rows = new ArrayList<>();
      for (Warning w : warnings) {
        rows.add(RowFactory.create(w.stage(), w.subject(), w.message()));
      }
      write("warnings", spark.createDataFrame(rows, new StructType()
          .add("stage", DataTypes.StringType).add("subject", DataTypes.StringType)
          .add("message", DataTypes.StringType)));
    }

    String writeText(String relative, String text) throws IOException {
      Path p = new Path(out + "/" + relative);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(p, true)) {
        os.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return p.toString();
    }
  }
}
