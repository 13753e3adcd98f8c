package org.deltarad.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.deltarad.analysis.CohortSplit;
import org.deltarad.analysis.Signature;
import org.deltarad.analysis.SurvivalStage;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The Kaplan-Meier panel both reports draw, when one score group has no patient. */
class SurvivalFiguresTest {
  private static final double[] TIME = {3, 8, 14, 20, 25, 30, 41, 50};
  private static final int[] EVENT = {1, 1, 0, 1, 1, 0, 1, 0};

  /** The training panel of a signature whose every score is above the cut-off. */
  private static SurvivalStage.Km allHigh() {
    boolean[] train = new boolean[TIME.length];
    java.util.Arrays.fill(train, true);
    double[] scores = new double[TIME.length];
    java.util.Arrays.fill(scores, 1.0);
    Signature s = new Signature(Signature.DELTA, new String[] {"f"}, null, null, scores, -100);
    CohortSplit split = new CohortSplit(train, Map.of(), Map.of(), TIME, EVENT);
    return new SurvivalStage(AnalysisSettings.defaults()).run(List.of(s), split,
        new ArrayList<>()).get(0);
  }

  /** Risk-table rows of the SVG: label -> {fill, counts...} (texts on the label's line). */
  private static Map<String, List<String>> riskRows(NodeList texts) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    boolean inTable = false;
    String y = null;
    List<String> row = null;
    for (int i = 0; i < texts.getLength(); i++) {
      Element t = (Element) texts.item(i);
      if (t.getTextContent().equals("No. at risk")) {
        inTable = true;
      } else if (inTable && t.hasAttribute("fill")) {
        y = t.getAttribute("y");
        row = new ArrayList<>(List.of(t.getAttribute("fill")));
        rows.put(t.getTextContent(), row);
      } else if (inTable && row != null && t.getAttribute("y").equals(y)) {
        row.add(t.getTextContent());
      }
    }
    return rows;
  }

  @Test
  void emptyLowGroupKeepsEachRiskRowUnderItsOwnGroupAndColour() throws Exception {
    SurvivalStage.Km km = allHigh();
    assertEquals(1, km.curves().size(), "only the high group has a curve");
    String svg = SurvivalFigures.km(km, "months");
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    Map<String, List<String>> rows = riskRows(doc.getElementsByTagName("text"));
    assertEquals(List.of("Low", "High"), List.copyOf(rows.keySet()), "rows named by group");
    int high = java.util.Arrays.asList(SurvivalStage.GROUPS).indexOf("high");
    int[] want = km.atRisk()[high];
    assertEquals(TIME.length, want[0], "every patient at risk at 0 is high");
    int[] got = rows.get("High").subList(1, rows.get("High").size()).stream()
        .mapToInt(Integer::parseInt).toArray();
    assertArrayEquals(want, got, "the high row holds the high group's counts");
    assertTrue(rows.get("Low").subList(1, rows.get("Low").size()).stream()
        .allMatch("0"::equals), "the empty low group's row is zeros");
    assertFalse(svg.contains("group 2"), "no unnamed row");
    String highColour = rows.get("High").get(0);
    assertNotEquals(rows.get("Low").get(0), highColour, "groups have their own colours");
    NodeList paths = doc.getElementsByTagName("path");
    for (int i = 0; i < paths.getLength(); i++) {
      assertEquals(highColour, ((Element) paths.item(i)).getAttribute("stroke"),
          "the high curve in the high group's colour");
    }
  }
}
