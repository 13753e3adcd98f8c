package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.report.CohortReport;
import org.deltarad.runtime.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis on a small cohort whose truth is planted in the features table directly, so
 * the statistics are checked without image extraction: one robust feature's delta drives the
 * hazard, a scanner effect is added that harmonization must remove, and one feature is noise
 * between readers so the ICC filter must drop it.
 */
class CohortAnalysisJobTest {
  static SparkSession spark;
  @TempDir
  static Path tmp;

  static final String[] FEATURES = {"original_glszm_ZonePercentage",
      "original_gldm_DependenceEntropy", "original_glcm_Idmn", "original_glrlm_RunEntropy",
      "original_firstorder_Skewness", "original_glcm_Constant"};

  @BeforeAll
  static void start() {
    spark = SharedSpark.get();
  }

  /** Writes features + clinical for {@code n} patients; returns {features dir, clinical csv}. */
  static String[] cohort(String name, int n, boolean signal, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    StructType schema = new StructType().add("patient_id", DataTypes.StringType)
        .add("timepoint", DataTypes.StringType).add("reader", DataTypes.IntegerType);
    for (String c : List.of("tr", "te", "flip_angle", "slice_thickness", "nex", "anisotropy",
        "voxel_volume_mm3", "fov_x_mm", "field_strength")) {
      schema = schema.add(c, DataTypes.DoubleType);
    }
    schema = schema.add("manufacturer", DataTypes.StringType);
    for (String f : FEATURES) {
      schema = schema.add(f, DataTypes.DoubleType);
    }
    List<Row> rows = new ArrayList<>();
    StringBuilder clinical = new StringBuilder(
        "patient_id,age,figo_stage,max_diameter_cm,pfs_months,progression\n");
    String[] vendors = {"GE", "Philips", "Siemens"};
    for (int i = 0; i < n; i++) {
      String pid = String.format("P%03d", i);
      double latent = rnd.nextGaussian();
      String vendor = vendors[rnd.nextInt(3)];
      double field = rnd.nextBoolean() ? 1.5 : 3.0;
      double tr = 3000 + 2000 * rnd.nextDouble();
      double te = 80 + 40 * rnd.nextDouble();
      double fa = 90 + 60 * rnd.nextDouble();
      double st = 3 + 2 * rnd.nextDouble();
      double nex = 1 + rnd.nextInt(3);
      double inplane = 0.5 + 0.4 * rnd.nextDouble();
      double aniso = st / inplane;
      double vv = st * inplane * inplane;
      double fov = 200 + 80 * rnd.nextDouble();
      double[][] base = new double[FEATURES.length][2];
      for (int f = 0; f < FEATURES.length; f++) {
        double b = rnd.nextGaussian();
        double change = f == 0 && signal ? -1.2 * latent : 0.4 * rnd.nextGaussian();
        base[f][0] = b;
        base[f][1] = b + change + 0.2 * rnd.nextGaussian();
      }
      double scanner = (field == 3.0 ? 0.8 : 0) + (vendor.equals("GE") ? 0.5 : 0) + tr / 4000;
      boolean twoReaders = i % 3 == 0;
      // patient 1 has no mid-treatment scan
      for (int tp = 0; tp < (i == 1 ? 1 : 2); tp++) {
        for (int reader = 1; reader <= (twoReaders ? 2 : 1); reader++) {
          Object[] v = new Object[3 + 10 + FEATURES.length];
          v[0] = pid;
          v[1] = tp == 0 ? "pre" : "mid";
          v[2] = reader;
          double[] cov = {tr, te, fa, st, nex, aniso, vv, fov, field};
          for (int c = 0; c < 9; c++) {
            v[3 + c] = cov[c];
          }
          v[12] = vendor;
          for (int f = 0; f < FEATURES.length; f++) {
            double noise = reader == 1 ? 0 : (f == 4 ? 3 * rnd.nextGaussian()
                : 0.05 * rnd.nextGaussian());
            v[13 + f] = f == 5 ? 1.0 : 10 + 2 * base[f][tp] + scanner + noise;
          }
          rows.add(RowFactory.create(v));
        }
      }
      double hazard = 0.01 * Math.exp(signal ? 1.2 * latent : 0);
      double t = -Math.log(rnd.nextDouble()) / hazard;
      double censor = 24 + 96 * rnd.nextDouble();
      int event = t <= censor ? 1 : 0;
      double figo = 1 + rnd.nextInt(4);
      clinical.append(pid).append(',').append(40 + rnd.nextInt(40)).append(',')
          .append(new String[] {"I", "II", "III", "IV"}[(int) figo - 1]).append(',')
          .append(String.format(java.util.Locale.ROOT, "%.1f", 1 + 5 * rnd.nextDouble()))
          .append(',').append(String.format(java.util.Locale.ROOT, "%.2f", Math.min(t, censor)))
          .append(',').append(event).append('\n');
    }
    clinical.append("P999,50,II,3.0,12.0,1\n");
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    String features = dir.resolve("features").toString();
    spark.createDataFrame(rows, schema).write().partitionBy("timepoint").parquet(features);
    Path csv = dir.resolve("clinical.csv");
    Files.writeString(csv, clinical.toString());
    return new String[] {features, csv.toString()};
  }

  static AnalysisResult run(String[] in, String out, AnalysisSettings settings)
      throws IOException {
    return new CohortAnalysisJob(spark, settings, msg -> { }).run(in[0], in[1], out,
        CohortReport::render).result();
  }

  static AnalysisSettings withDistribute(AnalysisSettings d, AnalysisSettings.Distribute how) {
    return new AnalysisSettings(d.clinical(), d.timepoints(), d.features(), d.harmonization(),
        d.icc(), d.split(), d.lasso(), d.roc(), d.survival(),
        new AnalysisSettings.Execution(how, d.execution().sparkMinPatients()));
  }

  @Test
  void recoversThePlantedSignatureAndWritesEveryTable() throws Exception {
    String[] in = cohort("signal", 120, true, 7);
    String out = tmp.resolve("signal/out").toString();
    AnalysisResult s = run(in, out, AnalysisSettings.defaults());
    assertEquals(119, s.matrix().size(), "P001 lacks mid, P999 lacks features");
    assertEquals(79, s.split().trainingRows().length);
    assertEquals(40, s.split().validationRows().length);
    List<String> warnings = spark.read().parquet(out + "/warnings").collectAsList().stream()
        .map(r -> r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2)).toList();
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("deltas|P001|no usable mid")),
        warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("input|P999|")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith(
        "harmonization|original_glcm_Constant|zero variance")), warnings.toString());
    assertFalse(s.selected().contains("original_firstorder_Skewness"),
        "the feature the readers disagree on must fail the ICC filter");
    assertTrue(s.selected().contains("original_glszm_ZonePercentage"));
    assertTrue(s.signatures().get(0).coefficients()
        .containsKey("original_glszm_ZonePercentage"), "planted delta feature selected");
    double deltaAuc = s.auc().validationAuc().get(Signature.DELTA);
    assertTrue(deltaAuc > 0.7, "validation AUC of the planted delta signature: " + deltaAuc);
    assertTrue(deltaAuc > s.auc().validationAuc().get(EvaluateStage.FIGO) + 0.1);
    for (String t : List.of("harmonized", "icc", "selected_features", "deltas", "split",
        "signatures", "signatures_cv", "scores", "cutoffs", "auc", "km", "tests",
        "cohort_characteristics", "acquisition", "warnings")) {
      assertTrue(spark.read().parquet(out + "/" + t).count() > 0 || t.equals("warnings"),
          "table " + t);
    }
    String html = Files.readString(Path.of(out, "report", "index.html"));
    // kept for a look in a browser (target/ is build output)
    Files.writeString(Path.of("target", "cohort-test-report.html"), html);
    assertTrue(html.contains("<svg") && html.contains("Table 2") && html.contains("Figure 6"));
    for (String section : List.of("Supplementary Table 2. MRI acquisition parameters",
        "Supplementary Table 6. Delta of every robust feature by outcome")) {
      assertTrue(html.contains(section), section);
    }
    String table6 = html.split("Supplementary Table 6")[1].split("Supplementary Table 3")[0];
    assertEquals(s.selected().size() + 1, table6.split("<tr>", -1).length - 1,
        "a header and one Suppl. Table 6 row per robust feature");
  }

  @Test
  void writesARunRecordAndAProgressLinePerStage() throws Exception {
    String[] in = cohort("record", 60, true, 13);
    String out = tmp.resolve("record/out").toString();
    List<String> lines = new ArrayList<>();
    AnalysisRun run = new CohortAnalysisJob(spark, AnalysisSettings.defaults(), lines::add)
        .run(in[0], in[1], out, CohortReport::render);
    for (String stage : List.of("read", "harmonize", "icc", "deltas", "split", "fit",
        "survival", "evaluate", "tests", "characteristics", "acquisition", "write tables")) {
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("analysis: " + stage + ": ")),
          stage + " in " + lines);
    }
    com.fasterxml.jackson.databind.JsonNode rec = new com.fasterxml.jackson.databind
        .ObjectMapper().readTree(Path.of(out, "_run.json").toFile());
    assertEquals(run.runId(), rec.get("run_id").asText());
    assertEquals("succeeded", rec.get("status").asText());
    assertEquals(in[0], rec.get("inputs").get("features").asText());
    assertEquals(in[1], rec.get("inputs").get("clinical").asText());
    assertEquals("ols", rec.get("settings").get("harmonization").get("method").asText());
    assertEquals("loo", rec.get("settings").get("lasso").get("folds").asText());
    assertEquals(run.result().matrix().size(), rec.get("counts").get("patients").asInt());
    assertEquals(run.result().selected().size(), rec.get("counts").get("features_robust")
        .asInt());
    for (String stage : List.of("read", "harmonize", "fit", "write tables", "report")) {
      assertTrue(rec.get("stage_seconds").get(stage).asDouble() >= 0, stage);
    }
    assertEquals("driver threads", rec.get("work_pool").asText(), "60 patients: below 500");
    assertTrue(rec.get("deltarad_version").asText().length() > 0);
  }

  @Test
  void aCohortThatCannotBeModelledStillWritesWhatItComputed() throws Exception {
    String[] in = cohort("stopped", 30, true, 3);
    Files.writeString(Path.of(in[1]), Files.readString(Path.of(in[1])).replaceAll(",1\n",
        ",0\n"));
    String out = tmp.resolve("stopped/out").toString();
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> run(in, out, AnalysisSettings.defaults()));
    assertTrue(e.getMessage().contains("censored"), e.getMessage());
    assertTrue(spark.read().parquet(out + "/harmonized").count() > 0);
    assertTrue(spark.read().parquet(out + "/icc").count() > 0);
    String json = Files.readString(Path.of(out, "_run.json"));
    assertTrue(json.contains("\"status\" : \"failed\""), json);
    assertTrue(json.contains("censored"), json);
  }

  @Test
  void autoDistributionSendsWorkToSparkFromTheConfiguredCohortSize() throws Exception {
    String[] in = cohort("auto", 30, true, 17);
    AnalysisSettings d = AnalysisSettings.defaults();
    CohortAnalysisJob job = new CohortAnalysisJob(spark, d, m -> { });
    CohortData data = job.readFeatures(in[0], job.readClinical(in[1]));
    assertEquals("driver threads", job.pool(data).toString(), "30 patients, threshold 500");
    for (int min : new int[] {30, 10}) {
      AnalysisSettings low = new AnalysisSettings(d.clinical(), d.timepoints(), d.features(),
          d.harmonization(), d.icc(), d.split(), d.lasso(), d.roc(), d.survival(),
          new AnalysisSettings.Execution(AnalysisSettings.Distribute.AUTO, min));
      assertEquals("Spark tasks", new CohortAnalysisJob(spark, low, m -> { }).pool(data)
          .toString(), "30 patients, threshold " + min);
    }
    AnalysisSettings driver = withDistribute(new AnalysisSettings(d.clinical(), d.timepoints(),
        d.features(), d.harmonization(), d.icc(), d.split(), d.lasso(), d.roc(), d.survival(),
        new AnalysisSettings.Execution(AnalysisSettings.Distribute.AUTO, 1)),
        AnalysisSettings.Distribute.DRIVER);
    assertEquals("driver threads", new CohortAnalysisJob(spark, driver, m -> { }).pool(data)
        .toString(), "distribute: driver wins over the threshold");
  }

  /**
   * Suppl. Table 2 lists the harmonization.batch columns whatever the method, so the reader
   * loads them even when neither the OLS lists nor the method need them.
   */
  @Test
  void batchColumnsAreReadWhateverTheMethod() throws Exception {
    String[] in = cohort("batch", 30, true, 19);
    AnalysisSettings d = AnalysisSettings.defaults();
    AnalysisSettings.Harmonization h = new AnalysisSettings.Harmonization(
        AnalysisSettings.HarmonizationMethod.OLS, List.of("tr"), List.of("manufacturer"),
        List.of("manufacturer", "field_strength"), List.of(), true);
    AnalysisSettings s = new AnalysisSettings(d.clinical(), d.timepoints(), d.features(), h,
        d.icc(), d.split(), d.lasso(), d.roc(), d.survival(), d.execution());
    CohortAnalysisJob job = new CohortAnalysisJob(spark, s, m -> { });
    CohortData data = job.readFeatures(in[0], job.readClinical(in[1]));
    assertTrue(data.scans().stream().allMatch(x -> x.columns().get("field_strength")
        instanceof Double), "field_strength read as stored (a double)");
    AnalysisResult r = new CohortAnalysis(s, WorkPool.local(), m -> { }).run(data);
    assertTrue(r.acquisition().stream().anyMatch(a -> a.stats().characteristic()
        .equals("field_strength")), "Suppl. Table 2 has field_strength");
    assertTrue(r.warnings().stream().noneMatch(x -> x.stage().equals("acquisition")),
        r.warnings().toString());
  }

  /** A NaN or infinite clinical value is a one-line error, not a value that reaches the models. */
  @Test
  void aNonFiniteClinicalValueIsAnError() throws Exception {
    String[] in = cohort("nan", 30, true, 29);
    List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(in[1]));
    int pfs = java.util.Arrays.asList(lines.get(0).split(",")).indexOf("pfs_months");
    for (String bad : List.of("NaN", "Infinity")) {
      String[] f = lines.get(1).split(",", -1);
      f[pfs] = bad;
      List<String> edited = new ArrayList<>(lines);
      edited.set(1, String.join(",", f));
      java.nio.file.Path p = java.nio.file.Path.of(in[1] + "." + bad + ".csv");
      java.nio.file.Files.write(p, edited);
      CohortAnalysisJob job = new CohortAnalysisJob(spark, AnalysisSettings.defaults(), m -> { });
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> job.readClinical(p.toString()));
      assertTrue(e.getMessage().contains("pfs_months is not a finite number: '" + bad + "'"),
          e.getMessage());
    }
  }

  /** A misspelt features.exclude name is refused, not silently ignored; a right one is honoured. */
  @Test
  void anExcludedFeatureTheTableLacksIsAnError() throws Exception {
    String[] in = cohort("exclude", 30, true, 23);
    AnalysisSettings d = AnalysisSettings.defaults();
    CohortAnalysisJob plain = new CohortAnalysisJob(spark, d, m -> { });
    List<String> all = plain.readFeatures(in[0], plain.readClinical(in[1])).features();
    String kept = all.get(0);
    for (String name : List.of(kept, kept + "_typo")) {
      AnalysisSettings s = new AnalysisSettings(d.clinical(), d.timepoints(),
          new AnalysisSettings.FeatureFilter(List.of(name)), d.harmonization(), d.icc(),
          d.split(), d.lasso(), d.roc(), d.survival(), d.execution());
      CohortAnalysisJob job = new CohortAnalysisJob(spark, s, m -> { });
      if (name.equals(kept)) {
        assertEquals(all.subList(1, all.size()),
            job.readFeatures(in[0], job.readClinical(in[1])).features());
      } else {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> job.readFeatures(in[0], job.readClinical(in[1])));
        assertTrue(e.getMessage().contains("features.exclude names " + name), e.getMessage());
      }
    }
  }

  @Test
  void tablesDoNotDependOnWhereTheWorkRuns() throws Exception {
    String[] in = cohort("partitions", 60, true, 11);
    AnalysisSettings d = AnalysisSettings.defaults();
    CohortAnalysisJob job = new CohortAnalysisJob(spark, d, m -> { });
    CohortData data = job.readFeatures(in[0], job.readClinical(in[1]));
    List<WorkPool> pools = List.of(WorkPool.local(), new SparkWorkPool(spark, 1),
        new SparkWorkPool(spark, 7));
    String first = null;
    for (WorkPool pool : pools) {
      String tables = ResultTables.of(new CohortAnalysis(d, pool, m -> { }).run(data))
          .toString();
      if (first == null) {
        first = tables;
      }
      assertEquals(first, tables, "tables with work on " + pool);
    }
    // and through the job, driver threads against Spark tasks
    String a = tmp.resolve("partitions/driver").toString();
    String b = tmp.resolve("partitions/spark").toString();
    run(in, a, withDistribute(d, AnalysisSettings.Distribute.DRIVER));
    run(in, b, withDistribute(d, AnalysisSettings.Distribute.SPARK));
    for (String t : List.of("harmonized", "icc", "selected_features", "deltas", "split",
        "signatures", "signatures_cv", "scores", "cutoffs", "auc", "km", "tests",
        "cohort_characteristics", "warnings")) {
      assertEquals(spark.read().parquet(a + "/" + t).collectAsList().toString(),
          spark.read().parquet(b + "/" + t).collectAsList().toString(), "table " + t);
    }
    assertTrue(Files.readString(Path.of(b, "_run.json")).contains("Spark tasks"));
  }

  @Test
  void fewerThanTwoTrainingEventsIsAClearError() throws Exception {
    String[] in = cohort("oneevent", 30, true, 5);
    String[] lines = Files.readString(Path.of(in[1])).split("\n");
    StringBuilder sb = new StringBuilder(lines[0]).append('\n');
    boolean first = true;
    for (int i = 1; i < lines.length; i++) {
      String l = lines[i];
      if (l.endsWith(",1") && !first) {
        l = l.substring(0, l.length() - 1) + "0";
      } else if (l.endsWith(",1")) {
        first = false;
      }
      sb.append(l).append('\n');
    }
    Files.writeString(Path.of(in[1]), sb.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(in, tmp.resolve("oneevent/out").toString(), AnalysisSettings.defaults()));
    assertTrue(e.getMessage().contains("event"), e.getMessage());
  }

  @Test
  void everyPatientCensoredIsAClearError() throws Exception {
    String[] in = cohort("censored", 30, true, 3);
    String csv = Files.readString(Path.of(in[1])).replaceAll(",1\n", ",0\n");
    Files.writeString(Path.of(in[1]), csv);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(in, tmp.resolve("censored/out").toString(), AnalysisSettings.defaults()));
    assertTrue(e.getMessage().contains("censored"), e.getMessage());
  }
}
