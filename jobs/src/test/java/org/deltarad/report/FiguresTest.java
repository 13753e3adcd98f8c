package org.deltarad.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class FiguresTest {

  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rocCurveIsWellFormedSvgWithOnePolylinePerCurveAndEscapedLabels() throws Exception {
    String svg = Figures.roc("ROC <5 years>", List.of(
        new Figures.RocCurve("Delta_rad & co", new double[] {0, 0.2, 1}, new double[] {0, 0.7, 1},
            0.79, 0.6, 0.95),
        new Figures.RocCurve("FIGO", new double[] {0, 1}, new double[] {0, 1}, 0.5, Double.NaN,
            Double.NaN)));
    Document doc = parse(svg);
    assertEquals(2, doc.getElementsByTagName("polyline").getLength());
    assertTrue(svg.contains("Delta_rad &amp; co: AUC 0.79 (0.60-0.95)"));
    assertTrue(svg.contains("FIGO: AUC 0.50<"), "no CI text when the CI is not finite");
  }

  @Test
  void kaplanMeierDrawsStepsCensorMarksAndRiskTable() throws Exception {
    Figures.KmCurve low = new Figures.KmCurve("Low", Figures.colour(0), new double[] {5, 10},
        new double[] {0.9, 0.8}, null, null, new double[] {12});
    Figures.KmCurve high = new Figures.KmCurve("High", Figures.colour(1), new double[] {3, 7},
        new double[] {0.5, 0.25}, new double[] {0.3, 0.1}, new double[] {0.7, 0.5},
        new double[0]);
    String svg = Figures.kaplanMeier("KM", List.of(low, high),
        new Figures.RiskTable(new double[] {0, 6, 12}, List.of(
            new Figures.RiskRow("Low", Figures.colour(0), new int[] {10, 8, 1}),
            new Figures.RiskRow("High", Figures.colour(1), new int[] {4, 2, 0}))),
        0.012, "Months", "HR high vs low 2.31 (1.10-4.85)");
    Document doc = parse(svg);
    assertEquals(4, doc.getElementsByTagName("path").getLength(), "2 curves + 2 CI bands");
    assertTrue(svg.contains("HR high vs low 2.31 (1.10-4.85); log-rank p = 0.012"));
    // the legend lies under the x axis (y > 280, the axis), not over the curves
    org.w3c.dom.NodeList texts = doc.getElementsByTagName("text");
    for (int i = 0; i < texts.getLength(); i++) {
      org.w3c.dom.Element t = (org.w3c.dom.Element) texts.item(i);
      if (t.getTextContent().equals("Low") || t.getTextContent().equals("High")) {
        assertTrue(Double.parseDouble(t.getAttribute("y")) > 280, "legend below the plot");
      }
    }
    assertTrue(svg.contains(">8</text>") && svg.contains(">4</text>"));
  }

  @Test
  void forestAndBoxPlotsHandleMissingValues() throws Exception {
    String forest = Figures.forest("Shift", List.of(
        new Figures.ForestRow("f1", -0.66, -1.18, -0.16, 0.01),
        new Figures.ForestRow("f2", Double.NaN, Double.NaN, Double.NaN, Double.NaN)), "HL shift");
    parse(forest);
    assertTrue(forest.contains(">NA<"));
    String box = Figures.box("Zone%", List.of(
        new Figures.BoxGroup("No progression", new double[] {1, 2, 3, 4, 100}),
        new Figures.BoxGroup("Progression", new double[0])), "delta");
    Document doc = parse(box);
    assertEquals(1, doc.getElementsByTagName("circle").getLength(), "one outlier point");
    assertTrue(box.contains(">Progression</text>") && box.contains(">n = 0</text>"), box);
  }

  @Test
  void reportIsOneHtmlPageWithEscapedTables() {
    String html = new HtmlReport("DeltaRad <report>")
        .heading("Tables").table("T1", List.of("a", "b"), List.of(List.of("1", "<x>")))
        .figures("cap", List.of("<svg></svg>")).render();
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("DeltaRad &lt;report&gt;"));
    assertTrue(html.contains("<td>&lt;x&gt;</td>"));
  }

  @Test
  void flowHasOneBoxPerStep() throws Exception {
    String svg = Figures.flow("Flow", List.of("Clinical rows (n = 80)", "Both time points (n = 80)"),
        "Second reader (n = 20)", List.of("Training (n = 53)", "Validation (n = 27)"));
    Document doc = parse(svg);
    assertEquals(5, doc.getElementsByTagName("rect").getLength(), "boxes");
    assertTrue(svg.contains(">Validation (n = 27)</text>"), svg);
  }

  @Test
  void tickLabelsAreRoundedForReading() {
    assertEquals("0.2", Figures.tick(0.2));
    assertEquals("1", Figures.tick(1.0));
    assertEquals("-1.5", Figures.tick(-1.5));
    assertEquals("0", Figures.tick(-0.0001));
    assertEquals("0.333", Figures.tick(1 / 3.0));
  }
}
