package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.analysis.settings.AnalysisSettings.IccFilter;
import org.deltarad.report.CohortReport;
import org.junit.jupiter.api.Test;

/**
 * The analysis report says what the analysis did: the settings it ran with decide the ICC and
 * z-score wording, and acquisition parameters are shown in readable units. Here rather than in
 * the report package because it runs the analysis on the stage fixture.
 */
class CohortReportTest {
  private static final AnalysisSettings DEFAULTS = AnalysisSettings.defaults();

  private static AnalysisResult analyse(AnalysisSettings s, CohortData data) {
    return new CohortAnalysis(s, WorkPool.local(), msg -> { }).run(data);
  }

  private static String render(AnalysisResult r) {
    return CohortReport.render(new AnalysisRun("run", "features", null, "clinical", "out",
        Instant.now(), "driver threads", r, null));
  }

  /** The fixture with TR and TE in seconds, as the extraction stores them (BIDS). */
  private static CohortData inSeconds(CohortData d) {
    List<Scan> scans = new ArrayList<>();
    for (Scan s : d.scans()) {
      Map<String, Object> cols = new HashMap<>(s.columns());
      cols.put("tr", (Double) cols.get("tr") / 1000);
      cols.put("te", (Double) cols.get("te") / 1000);
      scans.add(new Scan(s.patient(), s.timepoint(), s.reader(), cols, s.values()));
    }
    return new CohortData(d.features(), scans, d.clinical());
  }

  /** Patients with a scan of both readers at one time point, counted from the input. */
  private static int paired(CohortData d) {
    Map<String, Set<String>> readers = new HashMap<>();
    for (Scan s : d.scans()) {
      readers.computeIfAbsent(s.patient() + "/" + s.timepoint(), k -> new TreeSet<>())
          .add(s.reader());
    }
    Set<String> out = new TreeSet<>();
    readers.forEach((k, v) -> {
      if (v.size() >= 2) {
        out.add(k.substring(0, k.indexOf('/')));
      }
    });
    return out.size();
  }

  /** The table cells of the row whose first cell starts with {@code label}. */
  private static List<String> row(String html, String label) {
    Matcher m = Pattern.compile("<tr><td>" + Pattern.quote(label) + "(.*?)</tr>").matcher(html);
    assertTrue(m.find(), "a row " + label);
    List<String> cells = new ArrayList<>();
    Matcher c = Pattern.compile("<td>(.*?)</td>").matcher("<td>" + m.group(1));
    while (c.find()) {
      cells.add(c.group(1));
    }
    return cells;
  }

  private static String caption(String html, String startsWith) {
    Matcher m = Pattern.compile("<caption>(" + Pattern.quote(startsWith) + ".*?)</caption>")
        .matcher(html);
    assertTrue(m.find(), "a caption " + startsWith);
    return m.group(1).replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&");
  }

  @Test
  void disabledIccFilterCountsTheSecondReaderAndClaimsNoFilter() {
    CohortData data = StageFixtures.cohort();
    AnalysisResult r = analyse(StageFixtures.icc(DEFAULTS, new IccFilter(false,
        DEFAULTS.icc().form(), DEFAULTS.icc().min(), DEFAULTS.icc().minLower(),
        DEFAULTS.icc().input())), data);
    int want = paired(data);
    assertTrue(want > 0, "the fixture has a second reader");
    assertEquals(want, r.flow().secondReader(), "flow: patients outlined by the second reader");
    String html = render(r);
    assertTrue(html.contains("Second reader (n = " + want + ")"), "Fig. 1 box");
    assertTrue(html.contains("(" + want + " patients outlined by two readers)"), "summary");
    assertFalse(html.contains("robust by ICC"), "no feature was judged robust");
    assertTrue(html.contains("ICC filter disabled"), "the summary says the filter was off");
    String iccCaption = caption(html, "ICC filter disabled");
    assertFalse(iccCaption.contains("kept: ICC >"), "Suppl. Table 3 claims no filter");
    assertFalse(html.contains("every feature that passed the ICC filter"), "Suppl. Table 6");
  }

  @Test
  void enabledIccFilterKeepsItsWording() {
    AnalysisResult r = analyse(DEFAULTS, StageFixtures.cohort());
    String html = render(r);
    assertTrue(html.contains(r.selected().size() + " robust by ICC"), "summary");
    assertTrue(caption(html, DEFAULTS.icc().form().key() + " (95% CI)")
        .contains("kept: ICC > " + DEFAULTS.icc().min()), "Suppl. Table 3");
    assertTrue(html.contains("harmonized values (z-scores)"), "Table 4 with z-scores");
  }

  @Test
  void acquisitionTableShowsTrAndTeInMillisecondsWithUnits() {
    AnalysisResult r = analyse(DEFAULTS, inSeconds(StageFixtures.cohort()));
    String html = render(r);
    for (String col : List.of("tr", "te")) {
      AcquisitionStage.Row stats = r.acquisition().stream()
          .filter(a -> a.stats().characteristic().equals(col)).findFirst().orElse(null);
      assertNotNull(stats, col + " in the acquisition rows");
      assertTrue(stats.stats().totalMedian() < 1, col + " is stored in seconds");
      List<String> cells = row(html, col.toUpperCase(java.util.Locale.ROOT) + " (ms), median");
      double shown = Double.parseDouble(cells.get(1).split(" ")[0]);
      assertEquals(1000 * stats.stats().totalMedian(), shown, 0.05, col + " median in ms");
    }
    assertTrue(html.contains("Flip angle (degrees), median (IQR)"), "flip angle unit");
    assertTrue(html.contains("Slice thickness (mm), median (IQR)"), "slice thickness unit");
    assertTrue(html.contains("Field strength (T), n (%)"), "field strength unit");
  }

  @Test
  void withoutZScoringNoLabelSaysZScore() {
    for (HarmonizationMethod method : List.of(HarmonizationMethod.OLS,
        HarmonizationMethod.NONE)) {
      AnalysisSettings s = StageFixtures.harmonization(DEFAULTS, method, false);
      AnalysisResult r = analyse(s, StageFixtures.cohort());
      String html = render(r);
      for (String claim : List.of("(z-score", "z-scores")) {
        int at = html.indexOf(claim);
        assertEquals(-1, at, method + ": no " + claim + " label, found in "
            + html.substring(Math.max(0, at - 200), Math.max(0, at + 50)));
      }
      assertTrue(caption(html, "Median (IQR) of the ").contains(method == HarmonizationMethod.NONE
          ? "raw values" : "harmonized values"), method + ": Table 4 names the values");
      boolean forest = r.signatures().stream().anyMatch(sig -> !sig.empty());
      assertTrue(!forest || html.contains("progression (feature units)"), "Fig. 5 axis unit");
    }
  }
}
