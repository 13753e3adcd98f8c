package org.deltarad.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deltarad.analysis.AnalysisResult;
import org.deltarad.analysis.AnalysisRun;
import org.deltarad.analysis.CharacteristicsStage;
import org.deltarad.analysis.IccStage;
import org.deltarad.analysis.PatientMatrix;
import org.deltarad.analysis.Signature;
import org.deltarad.analysis.SurvivalStage;
import org.deltarad.analysis.TestsStage;
import org.deltarad.analysis.Warning;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.runtime.Version;
import org.deltarad.stats.Icc;
import org.deltarad.stats.KaplanMeier;
import org.deltarad.stats.TimeDependentRoc;

/**
 * {@code report/index.html}: a finished {@link AnalysisRun} laid out like the paper (Tables 2-4,
 * Figs. 3-6), with the settings and provenance that produced it. Renders the typed result only;
 * all number formatting for reading happens here.
 */
public final class CohortReport {
  private final AnalysisRun run;
  private final AnalysisResult r;
  private final AnalysisSettings cfg;
  private final HtmlReport html = new HtmlReport("DeltaRad: MRI delta radiomics cohort analysis");

  private CohortReport(AnalysisRun run) {
    this.run = run;
    this.r = run.result();
    this.cfg = r.settings();
  }

  /** The report's HTML. */
  public static String render(AnalysisRun run) {
    return new CohortReport(run).build();
  }

  private String build() {
    summary();
    table2();
    Set<String> sigFeatures = table3();
    figure3();
    figure4();
    Map<String, TestsStage.Row> wilcoxon = tests(TestsStage.WILCOXON);
    Map<String, TestsStage.Row> mannWhitney = tests(TestsStage.MANN_WHITNEY);
    table4(sigFeatures, wilcoxon);
    figure5(sigFeatures, mannWhitney);
    figure6(sigFeatures, mannWhitney);
    iccTable();
    DiceSection.add(html, run.dice());
    warnings();
    return html.render();
  }

  private void summary() {
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("DeltaRad version", Version.current());
    prov.put("run", run.runId());
    prov.put("started", run.started().toString());
    prov.put("finished", Instant.now().toString());
    prov.put("features table", run.featuresPath() + (run.settingsHash() == null ? ""
        : " (settings hash " + run.settingsHash() + ")"));
    prov.put("clinical table", run.clinicalPath());
    prov.put("output", run.out());
    prov.putAll(cfg.describe());
    html.paragraph(r.matrix().size() + " patients with both time points and clinical data ("
        + r.split().trainingRows().length + " training, " + r.split().validationRows().length
        + " validation); " + r.featuresIn() + " features extracted, "
        + r.harmonized().features().size() + " usable after harmonization, "
        + r.selected().size() + " robust by ICC (" + r.icc().pairedPatients()
        + " patients outlined by two readers). " + r.warnings().size()
        + " warning(s), listed at the end and in the warnings table.");
    html.keyValues("Settings and provenance", prov);
  }

  private void table2() {
    html.heading("Table 2. Patient characteristics, training vs validation cohort");
    List<List<String>> rows = new ArrayList<>();
    Map<String, List<CharacteristicsStage.Row>> byName = new LinkedHashMap<>();
    for (CharacteristicsStage.Row c : r.characteristics()) {
      byName.computeIfAbsent(c.characteristic(), k -> new ArrayList<>()).add(c);
    }
    byName.forEach((name, levels) -> {
      CharacteristicsStage.Row first = levels.get(0);
      if (first.test() == null) {
        rows.add(List.of(name + ", n", Integer.toString(first.trainingN()),
            Integer.toString(first.validationN()), "", ""));
      } else if (first.continuous()) {
        rows.add(List.of(name, iqr(first.trainingMedian(), first.trainingQ1(),
            first.trainingQ3()), iqr(first.validationMedian(), first.validationQ1(),
            first.validationQ3()), first.test(), Html.pValue(first.pValue())));
      } else {
        StringBuilder ta = new StringBuilder();
        StringBuilder va = new StringBuilder();
        for (CharacteristicsStage.Row l : levels) {
          String sep = ta.length() == 0 ? "" : ", ";
          ta.append(sep).append(l.level()).append(": ").append(l.trainingN());
          va.append(sep).append(l.level()).append(": ").append(l.validationN());
        }
        rows.add(List.of(name, ta.toString(), va.toString(), first.test(),
            Double.isNaN(first.pValue()) ? "" : Html.pValue(first.pValue())));
      }
    });
    html.table("Median (IQR) or counts; p from Mann-Whitney U or Fisher's exact test",
        List.of("Characteristic", "Training", "Validation", "Test", "p"), rows);
  }

  private static String iqr(double median, double q1, double q3) {
    return Double.isNaN(median) ? "NA" : Html.fmt(median, 1) + " (" + Html.fmt(q1, 1) + "-"
        + Html.fmt(q3, 1) + ")";
  }

  private Set<String> table3() {
    html.heading("Table 3. Radiomic features selected by LASSO-Cox");
    Set<String> sigFeatures = new LinkedHashSet<>();
    for (Signature s : r.signatures()) {
      sigFeatures.addAll(s.coefficients().keySet());
    }
    List<List<String>> rows = new ArrayList<>();
    for (String f : sigFeatures) {
      List<String> row = new ArrayList<>();
      row.add(pretty(f));
      for (Signature s : r.signatures()) {
        Double b = s.coefficients().get(f);
        row.add(b == null ? "" : Html.fmt(b, 3));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("Feature"));
    for (Signature s : r.signatures()) {
      header.add(s.name() + " (lambda " + Html.fmt(s.model().lambda(), 4) + ")");
    }
    html.table("Coefficients at lambda." + cfg.lasso().lambda().key() + " chosen by "
        + cfg.lasso().folds() + " cross-validation on the training cohort; score = sum of"
        + " coefficient x feature", header, rows);
    return sigFeatures;
  }

  private void figure3() {
    html.heading("Figure 3. Time-dependent ROC curves at the horizon");
    List<String> rocs = new ArrayList<>();
    r.auc().results().forEach((cohort, byMarker) -> {
      List<Figures.RocCurve> curves = new ArrayList<>();
      byMarker.forEach((marker, res) -> {
        if (res != null) {
          curves.add(new Figures.RocCurve(marker, res.falsePositive(), res.truePositive(),
              res.auc(), res.ciLower(), res.ciUpper()));
        }
      });
      rocs.add(Figures.roc(cap(cohort) + " cohort, t = " + Html.fmt(cfg.roc().horizon(), 0),
          curves));
    });
    html.figures("Cumulative/dynamic AUC with IPCW (timeROC); 95% CI from the iid"
        + " representation", rocs);
    List<List<String>> rows = new ArrayList<>();
    r.auc().results().forEach((cohort, byMarker) -> byMarker.forEach((marker, res) -> {
      Map<String, Double> cmp = r.auc().comparisons().get(cohort).get(marker);
      StringBuilder sb = new StringBuilder();
      cmp.forEach((o, p) -> sb.append(sb.length() == 0 ? "" : "; ").append("vs ").append(o)
          .append(": ").append(Html.pValue(p)));
      rows.add(aucRow(cohort, marker, res, sb.toString()));
    }));
    html.table("AUC at the horizon", List.of("Cohort", "Marker", "AUC", "95% CI",
        "Cases / controls / censored", "Comparison p (timeROC::compare)"), rows);
  }

  private static List<String> aucRow(String cohort, String marker, TimeDependentRoc.Result res,
      String comparisons) {
    return List.of(cap(cohort), marker, res == null ? "NA" : Html.fmt(res.auc(), 3),
        res == null ? "NA" : Html.fmt(res.ciLower(), 3) + "-" + Html.fmt(res.ciUpper(), 3),
        res == null ? "" : res.cases() + " / " + res.controls() + " / " + res.censored(),
        comparisons);
  }

  private void figure4() {
    html.heading("Figure 4. Kaplan-Meier curves by risk-score group");
    List<String> kms = new ArrayList<>();
    for (SurvivalStage.Km km : r.survival()) {
      List<Figures.KmCurve> curves = new ArrayList<>();
      for (SurvivalStage.Curve c : km.curves()) {
        KaplanMeier f = c.fit();
        curves.add(new Figures.KmCurve(cap(c.group()) + " score (n=" + c.n() + ")", f.time(),
            f.survival(), f.lower(), f.upper(), c.censored()));
      }
      kms.add(Figures.kaplanMeier(km.signature() + ", " + km.cohort() + " cohort", curves,
          new Figures.RiskTable(km.riskTimes(), km.atRisk()), km.pValue(),
          "Time (" + cfg.clinical().time() + ")"));
    }
    StringBuilder cut = new StringBuilder("Groups split at the Youden cut-off of the training"
        + " cohort (survivalROC):");
    for (Signature s : r.signatures()) {
      cut.append(' ').append(s.name()).append(' ').append(Html.fmt(s.cutoff(), 4)).append(';');
    }
    html.figures(cut + " high = score above the cut-off; log-rank test", kms);
  }

  private Map<String, TestsStage.Row> tests(String test) {
    Map<String, TestsStage.Row> out = new LinkedHashMap<>();
    for (TestsStage.Row t : r.tests()) {
      if (t.test().equals(test)) {
        out.put(t.feature(), t);
      }
    }
    return out;
  }

  private void table4(Set<String> sigFeatures, Map<String, TestsStage.Row> wilcoxon) {
    html.heading("Table 4. Signature features before and during treatment");
    List<List<String>> rows = new ArrayList<>();
    for (String f : sigFeatures) {
      TestsStage.Row w = wilcoxon.get(f);
      rows.add(List.of(pretty(f), w == null ? "NA" : Html.fmt(w.medianA(), 3),
          w == null ? "NA" : Html.fmt(w.medianB(), 3), w == null ? "NA"
              : Html.pValue(w.pValue())));
    }
    html.table("Median harmonized value (z-score) of the primary reader; Wilcoxon signed-rank"
        + " test", List.of("Feature", "Pre (median)", "Mid (median)", "p"), rows);
  }

  private void figure5(Set<String> sigFeatures, Map<String, TestsStage.Row> mannWhitney) {
    html.heading("Figure 5. Delta features: progression vs no progression");
    List<Figures.ForestRow> forest = new ArrayList<>();
    for (String f : sigFeatures) {
      TestsStage.Row m = mannWhitney.get(f);
      if (m != null) {
        forest.add(new Figures.ForestRow(pretty(f), m.estimate(), m.ciLower(), m.ciUpper(),
            m.pValue()));
      }
    }
    html.figures("Hodges-Lehmann location shift (progressors minus non-progressors) with 95%"
        + " CI; Mann-Whitney U p-values", List.of(Figures.forest("Delta features", forest,
            "Location shift of the delta (z-score units)")));
  }

  private void figure6(Set<String> sigFeatures, Map<String, TestsStage.Row> mannWhitney) {
    html.heading("Figure 6. Delta features by outcome");
    List<String> ranked = new ArrayList<>(sigFeatures);
    ranked.sort(Comparator.comparingDouble(f -> mannWhitney.get(f) == null ? 1
        : nanTo1(mannWhitney.get(f).pValue())));
    PatientMatrix pm = r.matrix();
    int[] event = r.split().event();
    List<String> boxes = new ArrayList<>();
    for (String f : ranked.subList(0, Math.min(4, ranked.size()))) {
      int j = pm.column(f);
      List<Double> prog = new ArrayList<>();
      List<Double> non = new ArrayList<>();
      for (int i = 0; i < pm.size(); i++) {
        (event[i] == 1 ? prog : non).add(pm.delta()[i][j]);
      }
      boxes.add(Figures.box(pretty(f), List.of(
          new Figures.BoxGroup("No progression", non.stream().mapToDouble(d -> d).toArray()),
          new Figures.BoxGroup("Progression", prog.stream().mapToDouble(d -> d).toArray())),
          "Delta"));
    }
    html.figures("The signature features with the smallest Mann-Whitney p-values", boxes);
  }

  private static double nanTo1(double p) {
    return Double.isNaN(p) ? 1 : p;
  }

  private void iccTable() {
    html.heading("Reader agreement (ICC) of the selected features");
    Map<String, String[]> byFeature = new LinkedHashMap<>();
    for (IccStage.Row row : r.icc().rows()) {
      if (!r.selected().contains(row.feature()) || row.result() == null) {
        continue;
      }
      Icc.Interval v = IccStage.interval(row.result(), cfg.icc().form());
      String[] cells = byFeature.computeIfAbsent(row.feature(), k -> new String[] {"", ""});
      cells[row.timepoint().equals(cfg.timepoints().pre()) ? 0 : 1] = Html.fmt(v.value(), 3)
          + " (" + Html.fmt(v.lower(), 3) + "-" + Html.fmt(v.upper(), 3) + ")";
    }
    List<List<String>> rows = new ArrayList<>();
    byFeature.forEach((f, v) -> rows.add(List.of(pretty(f), v[0], v[1])));
    html.table(cfg.icc().form().key() + " with 95% CI", List.of("Feature",
        cap(cfg.timepoints().pre()), cap(cfg.timepoints().mid())), rows);
  }

  private void warnings() {
    html.heading("Warnings");
    if (!r.harmonized().aliased().isEmpty()) {
      html.paragraph("Aliased covariates (dropped from the harmonization design): "
          + String.join(", ", r.harmonized().aliased()));
    }
    List<List<String>> rows = new ArrayList<>();
    for (Warning w : r.warnings()) {
      rows.add(List.of(w.stage(), w.subject(), w.message()));
    }
    html.table(rows.isEmpty() ? "None" : rows.size() + " warning(s)", List.of("Stage",
        "Subject", "Message"), rows);
  }

  /** "original_glszm_SizeZoneNonUniformityNormalized" -> "GLSZM SizeZoneNonUniformityNormalized". */
  static String pretty(String f) {
    String[] parts = f.split("_", 3);
    return parts.length == 3 ? parts[1].toUpperCase(java.util.Locale.ROOT) + " " + parts[2] : f;
  }

  private static String cap(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
