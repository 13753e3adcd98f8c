package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.report.CohortReport;
import org.deltarad.runtime.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harmonization.method: combat} end to end against {@code sva::ComBat} golden values:
 * each golden case becomes a features table (one scan per sample, the batch as manufacturer x
 * field strength, sva's {@code mod} as protected columns), runs through the analysis, and the
 * harmonized table's residuals (before z-scoring) must equal sva's adjusted data.
 */
class ComBatHarmonizationTest {
  @TempDir
  static Path tmp;

  static JsonNode golden(String name) throws Exception {
    try (InputStream in = ComBatHarmonizationTest.class.getResourceAsStream(
        "/golden/harmonize/combat_cases.json")) {
      for (JsonNode c : new ObjectMapper().readTree(in)) {
        if (c.get("name").asText().equals(name)) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException(name);
  }

  static AnalysisSettings combat(List<String> protect, boolean icc) {
    AnalysisSettings d = AnalysisSettings.defaults();
    AnalysisSettings.Harmonization h = new AnalysisSettings.Harmonization(
        HarmonizationMethod.COMBAT, d.harmonization().numeric(), d.harmonization().categorical(),
        List.of("manufacturer", "field_strength"), protect, true);
    return new AnalysisSettings(d.clinical(), d.timepoints(), d.features(), h,
        new AnalysisSettings.IccFilter(icc, d.icc().form(), d.icc().min(), d.icc().minLower(), d.icc().input()),
        d.split(), d.lasso(), d.roc(), d.survival(), d.execution());
  }

  /** Sample j is patient j/2 at pre (even j) or mid; "GE_1.5T" is manufacturer GE at 1.5 T. */
  static CohortData cohort(JsonNode c, List<String> covariateNames) {
    int nf = c.get("data").size();
    int n = c.get("batch").size();
    List<String> features = new ArrayList<>();
    for (int f = 0; f < nf; f++) {
      features.add(String.format(Locale.ROOT, "original_golden_F%02d", f));
    }
    List<Scan> scans = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      String[] b = c.get("batch").get(j).asText().split("_");
      Map<String, Object> cols = new HashMap<>();
      cols.put("manufacturer", b[0]);
      cols.put("field_strength", Double.parseDouble(b[1].replace("T", "")));
      for (int k = 0; k < covariateNames.size(); k++) {
        cols.put(covariateNames.get(k), c.get("covariates").get(j).get(k).asDouble());
      }
      double[] v = new double[nf];
      for (int f = 0; f < nf; f++) {
        v[f] = c.get("data").get(f).get(j).asDouble();
      }
      scans.add(new Scan(patient(j), j % 2 == 0 ? "pre" : "mid", "1", cols, v));
    }
    return new CohortData(features, scans, Map.of());
  }

  static String patient(int j) {
    return String.format(Locale.ROOT, "P%03d", j / 2);
  }

  static double maxError(JsonNode c, Harmonized h) {
    double err = 0;
    Map<String, Integer> pos = new HashMap<>();
    for (int i = 0; i < h.primary().size(); i++) {
      pos.put(h.primary().get(i).patient() + h.primary().get(i).timepoint(), i);
    }
    for (int f = 0; f < c.get("adjusted").size(); f++) {
      double[] r = h.features().get(String.format(Locale.ROOT, "original_golden_F%02d", f))
          .residual1();
      for (int j = 0; j < c.get("batch").size(); j++) {
        double want = c.get("adjusted").get(f).get(j).asDouble();
        double got = r[pos.get(patient(j) + (j % 2 == 0 ? "pre" : "mid"))];
        err = Math.max(err, Math.abs(got - want) / Math.max(1, Math.abs(want)));
      }
    }
    return err;
  }

  @Test
  void protectedCovariatesMatchSva() throws Exception {
    JsonNode c = golden("two_scanners_covariates");
    Harmonized h = new HarmonizeStage(combat(List.of("age", "sex"), false), WorkPool.local())
        .run(cohort(c, List.of("age", "sex")), new ArrayList<>());
    assertEquals(c.get("data").size(), h.features().size());
    double err = maxError(c, h);
    assertTrue(err <= 1e-9, "max relative error against sva::ComBat " + err);
  }

  @Test
  void featuresComBatCannotAdjustAreLeftOutWithAWarning() throws Exception {
    JsonNode c = golden("constant_in_batch");
    List<Warning> warnings = new ArrayList<>();
    Harmonized h = new HarmonizeStage(combat(List.of(), false), WorkPool.local())
        .run(cohort(c, List.of()), warnings);
    int nf = c.get("data").size();
    List<String> constant = warnings.stream().filter(w -> w.message().contains(
        "constant within a scanner batch")).map(Warning::subject).toList();
    assertTrue(!constant.isEmpty(), "the golden case has features constant within a batch");
    assertEquals(nf, h.features().size() + constant.size(), "every feature adjusted or warned");
    Map<String, Integer> pos = new HashMap<>();
    for (int i = 0; i < h.primary().size(); i++) {
      pos.put(h.primary().get(i).patient() + h.primary().get(i).timepoint(), i);
    }
    double err = 0;
    for (String f : h.features().keySet()) {
      int k = Integer.parseInt(f.substring(f.length() - 2));
      double[] r = h.features().get(f).residual1();
      for (int j = 0; j < c.get("batch").size(); j++) {
        double got = r[pos.get(patient(j) + (j % 2 == 0 ? "pre" : "mid"))];
        err = Math.max(err, Math.abs(got - c.get("adjusted").get(k).get(j).asDouble()));
      }
    }
    assertTrue(err <= 1e-9, "the adjusted features equal sva's: " + err);
  }

  @Test
  void threeScannersEndToEndMatchSvaAndDifferFromOls() throws Exception {
    JsonNode c = golden("three_scanners");
    CohortData data = cohort(c, List.of());
    Harmonized direct = new HarmonizeStage(combat(List.of(), false), WorkPool.local())
        .run(data, new ArrayList<>());
    assertTrue(maxError(c, direct) <= 1e-9, "max error " + maxError(c, direct));

    SparkSession spark = SharedSpark.get();
    String features = writeFeatures(spark, data);
    String clinical = writeClinical(data);
    String out = tmp.resolve("combat").toString();
    AnalysisRun run = new CohortAnalysisJob(spark, combat(List.of(), false), m -> { })
        .run(features, clinical, out, CohortReport::render);
    assertEquals(c.get("data").size(), run.result().harmonized().features().size());
    Map<String, Double> table = new LinkedHashMap<>();
    for (Row r : spark.read().parquet(out + "/harmonized").collectAsList()) {
      table.put(r.getString(0) + r.getString(1) + r.getString(2), r.getDouble(5));
    }
    double err = 0;
    for (int f = 0; f < c.get("adjusted").size(); f++) {
      for (int j = 0; j < c.get("batch").size(); j++) {
        double want = c.get("adjusted").get(f).get(j).asDouble();
        double got = table.get(String.format(Locale.ROOT, "original_golden_F%02d", f)
            + patient(j) + (j % 2 == 0 ? "pre" : "mid"));
        err = Math.max(err, Math.abs(got - want) / Math.max(1, Math.abs(want)));
      }
    }
    assertTrue(err <= 1e-9, "harmonized table against sva::ComBat: max error " + err);
    String json = Files.readString(Path.of(out, "_run.json"));
    assertTrue(json.contains("\"method\" : \"combat\""), json);

    AnalysisSettings ols = AnalysisSettings.defaults();
    Harmonized viaOls = new HarmonizeStage(withIcc(ols, false), WorkPool.local()).run(
        withOlsCovariates(data), new ArrayList<>());
    String f0 = "original_golden_F00";
    assertTrue(Math.abs(viaOls.features().get(f0).residual1()[0]
        - direct.features().get(f0).residual1()[0]) > 1e-6, "ComBat must change the values");
  }

  static AnalysisSettings withIcc(AnalysisSettings d, boolean icc) {
    return new AnalysisSettings(d.clinical(), d.timepoints(), d.features(), d.harmonization(),
        new AnalysisSettings.IccFilter(icc, d.icc().form(), d.icc().min(), d.icc().minLower(), d.icc().input()),
        d.split(), d.lasso(), d.roc(), d.survival(), d.execution());
  }

  /** The OLS covariates, made up per scan, so the OLS path can run on the same data. */
  static CohortData withOlsCovariates(CohortData d) {
    List<Scan> scans = new ArrayList<>();
    int i = 0;
    for (Scan s : d.scans()) {
      Map<String, Object> cols = new HashMap<>(s.columns());
      for (String c : AnalysisSettings.defaults().harmonization().numeric()) {
        cols.putIfAbsent(c, (double) ((i * 7 + c.length() * 3) % 11));
      }
      scans.add(new Scan(s.patient(), s.timepoint(), s.reader(), cols, s.values()));
      i++;
    }
    return new CohortData(d.features(), scans, d.clinical());
  }

  private static String writeFeatures(SparkSession spark, CohortData data) {
    StructType schema = new StructType().add("patient_id", DataTypes.StringType)
        .add("timepoint", DataTypes.StringType).add("reader", DataTypes.StringType)
        .add("manufacturer", DataTypes.StringType).add("field_strength", DataTypes.DoubleType);
    for (String f : data.features()) {
      schema = schema.add(f, DataTypes.DoubleType);
    }
    List<Row> rows = new ArrayList<>();
    for (Scan s : data.scans()) {
      Object[] v = new Object[5 + s.values().length];
      v[0] = s.patient();
      v[1] = s.timepoint();
      v[2] = s.reader();
      v[3] = s.columns().get("manufacturer");
      v[4] = s.columns().get("field_strength");
      for (int f = 0; f < s.values().length; f++) {
        v[5 + f] = s.values()[f];
      }
      rows.add(RowFactory.create(v));
    }
    String out = tmp.resolve("features").toString();
    spark.createDataFrame(rows, schema).write().parquet(out);
    return out;
  }

  private static String writeClinical(CohortData data) throws Exception {
    StringBuilder sb = new StringBuilder("patient_id,figo_stage,max_diameter_cm,pfs_months,"
        + "progression\n");
    data.scans().stream().map(Scan::patient).distinct().forEach(p -> {
      int k = Integer.parseInt(p.substring(1));
      sb.append(p).append(',').append(1 + k % 4).append(',').append(2 + k % 5).append(',')
          .append(10 + 3 * k).append(',').append(k % 2).append('\n');
    });
    Path csv = tmp.resolve("clinical.csv");
    Files.writeString(csv, sb.toString());
    return csv.toString();
  }
}
