package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.junit.jupiter.api.Test;

/**
 * The tumour-size statistics on {@code data-samples/clinical.csv} against R (golden values from
 * {@code jobs/src/test/r/size_golden.R}: wilcox.test paired and unpaired with conf.int,
 * fisher.test, quantile type 7), and the size markers from the ROI volumes.
 */
class SizeStageTest {
  private static final Path CLINICAL = Path.of("../data-samples/clinical.csv");

  /** The clinical table as {@link Clinical} rows (the columns SizeStage reads). */
  private static Map<String, Clinical> clinical() throws IOException {
    List<String> lines = Files.readAllLines(CLINICAL);
    List<String> head = List.of(lines.get(0).split(","));
    Map<String, Clinical> out = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",");
      String id = v[head.indexOf("patient_id")];
      out.put(id, new Clinical(id, Double.parseDouble(v[head.indexOf("pfs_months")]),
          Integer.parseInt(v[head.indexOf("progression")]), Double.NaN,
          Double.parseDouble(v[head.indexOf("max_diameter_cm")]),
          Double.parseDouble(v[head.indexOf("mid_diameter_cm")]), Map.of()));
    }
    return out;
  }

  private static PatientMatrix matrix(Map<String, Clinical> clinical) {
    String[] ids = clinical.keySet().toArray(new String[0]);
    double[][] z = new double[ids.length][0];
    return new PatientMatrix(ids, new String[0], z, z, z);
  }

  private static JsonNode golden() throws IOException {
    try (InputStream in = SizeStageTest.class.getResourceAsStream(
        "/golden/size/data_samples.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static void close(double want, double got, String what) {
    assertEquals(want, got, 1e-10 * Math.max(1, Math.abs(want)), what);
  }

  private static void assertQuartiles(JsonNode q, double[] got, String what) {
    for (int k = 0; k < 3; k++) {
      close(q.get(k).asDouble(), got[k], what + " quartile " + k);
    }
  }

  private static void assertTest(JsonNode g, SizeStage.Row r, String what) {
    assertNull(r.problem(), what);
    close(g.get("statistic").asDouble(), r.statistic(), what + ": statistic");
    close(g.get("p").asDouble(), r.pValue(), what + ": p");
    close(g.get("estimate").asDouble(), r.estimate(), what + ": estimate");
    close(g.get("ci").get(0).asDouble(), r.ciLower(), what + ": CI lower");
    close(g.get("ci").get(1).asDouble(), r.ciUpper(), what + ": CI upper");
  }

  @Test
  void dataSamplesTumourSizeEqualsR() throws IOException {
    Map<String, Clinical> clinical = clinical();
    List<SizeStage.Row> rows = new SizeStage(AnalysisSettings.defaults()).run(matrix(clinical),
        clinical, List.of()).rows();
    JsonNode g = golden();
    assertEquals(List.of(SizeStage.Measure.DIAMETER, SizeStage.Measure.PRE_DIAMETER,
        SizeStage.Measure.MID_DIAMETER, SizeStage.Measure.SHRINKAGE,
        SizeStage.Measure.RESPONSE), rows.stream().map(SizeStage.Row::measure).toList());

    SizeStage.Row sr = rows.get(0);
    assertTest(g.get("signed_rank"), sr, "signed rank mid vs pre");
    assertEquals(80, sr.nA(), "pairs");
    assertQuartiles(g.get("signed_rank").get("q_mid"), sr.quartilesA(), "mid");
    assertQuartiles(g.get("signed_rank").get("q_pre"), sr.quartilesB(), "pre");

    String[] keys = {"pre_diameter", "mid_diameter", "shrinkage"};
    for (int k = 0; k < 3; k++) {
      JsonNode m = g.get(keys[k]);
      SizeStage.Row r = rows.get(k + 1);
      assertTest(m, r, keys[k]);
      assertEquals(m.get("n_a").asInt(), r.nA(), keys[k] + ": progressors");
      assertEquals(m.get("n_b").asInt(), r.nB(), keys[k] + ": non-progressors");
      assertQuartiles(m.get("q_a"), r.quartilesA(), keys[k] + " progression");
      assertQuartiles(m.get("q_b"), r.quartilesB(), keys[k] + " no progression");
    }

    JsonNode f = g.get("response");
    SizeStage.Row fr = rows.get(4);
    assertEquals(f.get("count_a").asInt(), fr.countA(), "responders among progressors");
    assertEquals(f.get("count_b").asInt(), fr.countB(), "responders among non-progressors");
    close(f.get("p").asDouble(), fr.pValue(), "Fisher p");
    close(f.get("estimate").asDouble(), fr.estimate(), "odds ratio");
    close(f.get("ci").get(0).asDouble(), fr.ciLower(), "odds ratio CI lower");
    close(f.get("ci").get(1).asDouble(), fr.ciUpper(), "odds ratio CI upper");
  }

  @Test
  void markersAreBaselineVolumeAndRelativeChangesOfThePrimaryReader() {
    Map<String, Clinical> clinical = new TreeMap<>();
    clinical.put("P1", new Clinical("P1", 10, 1, 2, 5.0, 2.0, Map.of()));
    clinical.put("P2", new Clinical("P2", 20, 0, 2, 4.0, Double.NaN, Map.of()));
    List<Scan> scans = new ArrayList<>();
    scans.add(scan("P1", "pre", "1", 8000));
    scans.add(scan("P1", "mid", "1", 2000));
    scans.add(scan("P1", "pre", "2", 9000)); // second reader: not used
    scans.add(scan("P2", "pre", "1", 3000));
    Map<String, double[]> m = new SizeStage(AnalysisSettings.defaults()).run(
        matrix(clinical), clinical, scans).markers();
    assertEquals(List.of(SizeStage.TUMOUR_VOLUME, SizeStage.DIAMETER_CHANGE,
        SizeStage.VOLUME_CHANGE), new ArrayList<>(m.keySet()), "marker order");
    assertEquals(8.0, m.get(SizeStage.TUMOUR_VOLUME)[0], 0, "P1 baseline volume, mL");
    assertEquals(3.0, m.get(SizeStage.TUMOUR_VOLUME)[1], 0, "P2 baseline volume, mL");
    assertEquals(-0.6, m.get(SizeStage.DIAMETER_CHANGE)[0], 1e-15, "P1 (2 - 5) / 5");
    assertTrue(Double.isNaN(m.get(SizeStage.DIAMETER_CHANGE)[1]), "P2 has no mid diameter");
    assertEquals(-0.75, m.get(SizeStage.VOLUME_CHANGE)[0], 1e-15, "P1 (2000 - 8000) / 8000");
    assertTrue(Double.isNaN(m.get(SizeStage.VOLUME_CHANGE)[1]), "P2 has no mid scan");
  }

  @Test
  void aTestThatCannotRunIsARowWithItsProblem() {
    Map<String, Clinical> clinical = new TreeMap<>();
    clinical.put("P1", new Clinical("P1", 10, 1, 2, 5.0, 2.0, Map.of()));
    clinical.put("P2", new Clinical("P2", 20, 1, 2, 4.0, 3.0, Map.of()));
    List<SizeStage.Row> rows = new SizeStage(AnalysisSettings.defaults()).run(
        matrix(clinical), clinical, List.of()).rows();
    SizeStage.Row mw = rows.get(1);
    assertEquals(0, mw.nB(), "no non-progressor");
    assertTrue(mw.problem() != null && Double.isNaN(mw.pValue()), "problem: " + mw.problem());
  }

  private static Scan scan(String p, String tp, String reader, double volume) {
    return new Scan(p, tp, reader, Map.of(SizeStage.ROI_VOLUME, volume), new double[0]);
  }
}
