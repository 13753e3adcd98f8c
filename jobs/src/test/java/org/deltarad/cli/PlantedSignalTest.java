package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.analysis.AnalysisResult;
import org.deltarad.analysis.CohortAnalysisJob;
import org.deltarad.analysis.CohortSplit;
import org.deltarad.analysis.EvaluateStage;
import org.deltarad.analysis.Signature;
import org.deltarad.analysis.SizeStage;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.extract.ExtractionJob;
import org.deltarad.extract.RadiomicsEngine;
import org.deltarad.extract.RunSummary;
import org.deltarad.report.CohortReport;
import org.deltarad.runtime.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study end to end on images: extraction and the cohort analysis on the committed
 * {@code data-samples/} cohort recover the signal its generator planted (a delta signature made
 * of the texture features the planted change moves, beating FIGO stage in validation), and on a
 * cohort generated without any signal the signatures predict nothing.
 *
 * <p>Margins: over seeds 1-10 of the data-samples settings the validation AUC of Delta_rad was
 * 0.69-0.94 and beat FIGO by more than 0.1 on 9 of 10 (conf/synth-model.md; data-samples is seed
 * 1: 0.80 vs 0.56); a pipeline that mixes up patients, time points or signs lands near 0.5 or
 * below and fails both bounds. Without signal (seeds 1-4) LASSO-Cox kept no feature, except
 * Delta_rad on seed 1 (the one tested): 0.72 in training, where it was fitted, 0.55 in validation.
 */
class PlantedSignalTest {
  static final SparkSession spark = SharedSpark.get();
  static final Path SAMPLES = Path.of("../data-samples").toAbsolutePath().normalize();
  static final String PARAMS = Path.of("../conf/paper-t2w.yaml").toAbsolutePath().toString();
  @TempDir
  static Path dir;

  /** Extraction then analysis with the paper's defaults; the analysis output directory. */
  static String study(Path cohort, String name) throws Exception {
    String extracted = dir.resolve(name + "-extraction").toString();
    String analysis = dir.resolve(name + "-analysis").toString();
    RadiomicsEngine engine = RadiomicsEngine.fromFile(PARAMS,
        spark.sparkContext().hadoopConfiguration());
    RunSummary run = new ExtractionJob(spark, RadiomicsEngine.READER, engine)
        .run(new ExtractionJob.Options(cohort.resolve("manifest.csv").toString(), extracted,
            null, 0.0, false, 600_000, PARAMS));
    assertEquals(0, run.errors(), name + ": extraction errors");
    new CohortAnalysisJob(spark, AnalysisSettings.defaults()).run(extracted,
        cohort.resolve("clinical.csv").toString(), analysis, CohortReport::render);
    return analysis;
  }

  /** marker -> cohort -> AUC at the horizon. */
  static Map<String, Map<String, Double>> auc(String analysis) {
    Map<String, Map<String, Double>> out = new TreeMap<>();
    for (Row r : spark.read().parquet(analysis + "/auc").collectAsList()) {
      out.computeIfAbsent(r.<String>getAs("marker"), k -> new TreeMap<>())
          .put(r.getAs("cohort"), r.isNullAt(r.fieldIndex("auc")) ? Double.NaN
              : r.<Double>getAs("auc"));
    }
    return out;
  }

  /** The features with a non-zero coefficient in a signature. */
  static Set<String> signature(String analysis, String name) {
    Set<String> out = new TreeSet<>();
    for (Row r : spark.read().parquet(analysis + "/signatures")
        .filter("signature = '" + name + "' and in_signature").collectAsList()) {
      out.add(r.getAs("feature"));
    }
    return out;
  }

  @Test
  void dataSamplesDeltaSignatureFindsThePlantedFeaturesAndBeatsFigo() throws Exception {
    JsonNode truth = new ObjectMapper().readTree(SAMPLES.resolve("ground_truth.json").toFile());
    Set<String> planted = new TreeSet<>();
    for (JsonNode property : truth.get("planted_delta_texture")) {
      for (JsonNode f : property.get("expected_features")) {
        planted.add("original_" + f.get("feature").asText());
      }
    }
    assertTrue(planted.contains("original_glszm_ZonePercentage"), planted.toString());

    String analysis = study(SAMPLES, "samples");
    Set<String> delta = signature(analysis, Signature.DELTA);
    Set<String> hits = new TreeSet<>(delta);
    hits.retainAll(planted);
    assertFalse(hits.isEmpty(), "Delta_rad " + delta + " has none of the planted " + planted);

    Map<String, Map<String, Double>> auc = auc(analysis);
    double d = auc.get(Signature.DELTA).get(CohortSplit.VALID);
    double figo = auc.get(EvaluateStage.FIGO).get(CohortSplit.VALID);
    assertTrue(d > 0.65, "validation AUC of Delta_rad " + d + "; all: " + auc);
    assertTrue(d > figo + 0.1, "validation AUC of Delta_rad " + d + " vs FIGO " + figo);

    // the paper's size markers (Suppl. Table 5) beside the signatures, and the size tests
    for (String m : new String[] {SizeStage.TUMOUR_VOLUME, SizeStage.DIAMETER_CHANGE,
        SizeStage.VOLUME_CHANGE}) {
      assertTrue(Double.isFinite(auc.get(m).get(CohortSplit.VALID)), m + ": " + auc);
    }
    assertEquals(5, spark.read().parquet(analysis + "/tumour_size").count(), "size tests");
    // Pre_rad keeps no feature on data-samples: the report says so and draws no curve for it
    String report = Files.readString(Path.of(analysis, "report", "index.html"));
    assertTrue(signature(analysis, Signature.PRE).isEmpty(), "Pre_rad on data-samples");
    assertTrue(report.contains("Pre_rad: no feature selected"), "report names the empty one");
    assertFalse(report.contains("Pre_rad: AUC"), "no ROC legend entry for Pre_rad");
  }

  @Test
  void noSignalCohortPredictsNothing() throws Exception {
    Path cohort = dir.resolve("null-cohort");
    assertEquals(0, Main.run("synth", "--patients", "100", "--seed", "1", "--size", "48x48x12",
        "--no-signal", "--quiet", "--out", cohort.toString()));
    String analysis = study(cohort, "null");
    Map<String, Map<String, Double>> auc = auc(analysis);
    for (String sig : new String[] {Signature.DELTA, Signature.PRE}) {
      if (signature(analysis, sig).isEmpty()) {
        // every score is 0: no AUC (not a tied marker's 0.5), no comparison, a note saying why
        for (Row r : spark.read().parquet(analysis + "/auc").filter("marker = '" + sig + "'")
            .collectAsList()) {
          assertTrue(r.isNullAt(r.fieldIndex("auc")), sig + " AUC " + r);
          assertEquals("no feature selected", r.getAs("note"), sig);
          assertTrue(r.getMap(r.fieldIndex("comparisons")).isEmpty(), sig + " comparisons");
        }
        assertEquals(0, spark.read().parquet(analysis + "/km").filter("signature = '" + sig
            + "'").count(), sig + ": no Kaplan-Meier curve");
        continue;
      }
      double v = auc.get(sig).get(CohortSplit.VALID);
      assertTrue(v >= 0.3 && v <= 0.7, sig + " validation AUC " + v + " on a no-signal cohort;"
          + " all: " + auc);
      // in-sample: the signature was chosen on these patients, so some optimism is expected
      double t = auc.get(sig).get(CohortSplit.TRAIN);
      assertTrue(t >= 0.3 && t <= 0.8, sig + " training AUC " + t + " on a no-signal cohort;"
          + " all: " + auc);
    }
  }
}
