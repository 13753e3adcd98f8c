package org.deltarad.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deltarad.analysis.AcquisitionStage;
import org.deltarad.analysis.AnalysisResult;
import org.deltarad.analysis.AnalysisRun;
import org.deltarad.analysis.CharacteristicsStage;
import org.deltarad.analysis.EvaluateStage;
import org.deltarad.analysis.IccStage;
import org.deltarad.analysis.PatientMatrix;
import org.deltarad.analysis.Signature;
import org.deltarad.analysis.SizeStage;
import org.deltarad.analysis.SurvivalStage;
import org.deltarad.analysis.TestsStage;
import org.deltarad.analysis.Warning;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.runtime.Version;
import org.deltarad.stats.Icc;
import org.deltarad.stats.Quantiles;
import org.deltarad.stats.TimeDependentRoc;

/**
 * {@code report/index.html}: a finished {@link AnalysisRun} laid out like the paper (Fig. 1,
 * Tables 2-4, Figs. 3-6, Suppl. Tables 2-6), with the settings and provenance that produced it.
 * One method per section, so that a section can be added without touching the others. Renders the typed result only;
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
    figure1();
    table2();
    supplementaryTable2();
    tumourSize();
    Set<String> sigFeatures = table3();
    figure3();
    supplementaryTable5();
    figure4();
    Map<String, TestsStage.Row> wilcoxon = tests(TestsStage.WILCOXON);
    Map<String, TestsStage.Row> mannWhitney = tests(TestsStage.MANN_WHITNEY);
    table4(sigFeatures, wilcoxon);
    figure5(mannWhitney);
    figure6(sigFeatures, wilcoxon, mannWhitney);
    supplementaryTable6(mannWhitney);
    supplementaryTable3();
    supplementaryTable4(sigFeatures);
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
        + robustness() + " (" + r.icc().pairedPatients() + " patients outlined by two readers). "
        + r.warnings().size() + " warning(s), listed at the end and in the warnings table.");
    html.keyValues("Settings and provenance", prov);
  }

  /** How many features the ICC filter kept, or that it did not run. */
  private String robustness() {
    return cfg.icc().enabled() ? r.selected().size() + " robust by ICC"
        : "ICC filter disabled (icc.enabled: false), all " + r.selected().size() + " kept";
  }

  private void figure1() {
    html.heading("Figure 1. Patients at each step");
    AnalysisResult.Flow f = r.flow();
    html.figures("Patient counts (flow table); " + (cfg.icc().enabled()
        ? "the second reader's subset feeds only the ICC filter"
        : "the ICC filter is disabled (icc.enabled: false), so the second reader's subset is"
            + " counted but not used"), List.of(Figures.flow("Study flow", List.of(
            "Clinical rows (n = " + f.clinical() + ")",
            "With features of reader " + cfg.timepoints().primaryReader() + " (n = "
                + f.withFeatures() + ")",
            "Both time points and clinical data (n = " + f.bothTimepoints() + ")"),
            "Second reader (n = " + f.secondReader() + ")",
            List.of("Training (n = " + f.training() + ")",
                "Validation (n = " + f.validation() + ")"))));
  }

  private void table2() {
    html.heading("Table 2. Patient characteristics");
    List<CharacteristicsStage.Row> rest = new ArrayList<>(r.characteristics());
    CharacteristicsStage.Row all = rest.remove(0); // "Patients"
    html.table("p: training vs validation, Mann-Whitney U (continuous) or Fisher's exact test"
        + " (categorical); percentages of the patients with a value; diameter classes of"
        + " roc.diameter_breaks", List.of("Characteristic", "Total (n = " + all.totalN() + ")",
            "Training (n = " + all.trainingN() + ")", "Validation (n = " + all.validationN()
            + ")", "p"), characteristicRows(rest, Map.of()));
  }

  /** Suppl. Table 2: the scans' acquisition parameters, one block per time point. */
  private void supplementaryTable2() {
    html.heading("Supplementary Table 2. MRI acquisition parameters");
    Map<String, List<CharacteristicsStage.Row>> byTimepoint = new LinkedHashMap<>();
    for (AcquisitionStage.Row a : r.acquisition()) {
      byTimepoint.computeIfAbsent(a.timepoint(), k -> new ArrayList<>()).add(a.stats());
    }
    List<List<String>> rows = new ArrayList<>();
    byTimepoint.forEach((tp, stats) -> {
      rows.add(List.of(cap(tp) + " scans (reader " + cfg.timepoints().primaryReader() + ")", "",
          "", "", ""));
      rows.addAll(characteristicRows(stats, PARAMETERS));
    });
    html.table("Harmonization columns of the features table (harmonization.numeric as median"
        + " (IQR); harmonization.categorical and batch as n (%)); p: training vs validation,"
        + " Mann-Whitney U or Fisher's exact test", List.of("Parameter", "Total", "Training",
            "Validation", "p"), rows);
  }

  /** A column's row label with its unit, and the factor from the table's unit to that one. */
  private record Parameter(String label, double scale) {}

  /**
   * The extraction's acquisition columns as Suppl. Table 2 shows them. The features table keeps
   * BIDS units (TR, TE in seconds), where one decimal would print TE as 0.1; papers give them in
   * ms. Other columns keep their name and unit.
   */
  private static final Map<String, Parameter> PARAMETERS = Map.ofEntries(
      Map.entry("tr", new Parameter("TR (ms)", 1000)),
      Map.entry("te", new Parameter("TE (ms)", 1000)),
      Map.entry("field_strength", new Parameter("Field strength (T)", 1)),
      Map.entry("flip_angle", new Parameter("Flip angle (degrees)", 1)),
      Map.entry("slice_thickness", new Parameter("Slice thickness (mm)", 1)),
      Map.entry("nex", new Parameter("NEX (averages)", 1)),
      Map.entry("anisotropy", new Parameter("Voxel anisotropy (max / min spacing)", 1)),
      Map.entry("voxel_volume_mm3", new Parameter("Voxel volume (mm\u00b3)", 1)),
      Map.entry("fov_x_mm", new Parameter("FOV x (mm)", 1)),
      Map.entry("fov_y_mm", new Parameter("FOV y (mm)", 1)),
      Map.entry("manufacturer", new Parameter("Manufacturer", 1)));

  /**
   * Table rows of characteristics: median (IQR), or a header row and n (%) per level; a name in
   * {@code shown} gets its label and scale.
   */
  private static List<List<String>> characteristicRows(List<CharacteristicsStage.Row> stats,
      Map<String, Parameter> shown) {
    Map<String, List<CharacteristicsStage.Row>> byName = new LinkedHashMap<>();
    for (CharacteristicsStage.Row c : stats) {
      byName.computeIfAbsent(c.characteristic(), k -> new ArrayList<>()).add(c);
    }
    List<List<String>> rows = new ArrayList<>();
    byName.forEach((name, levels) -> {
      CharacteristicsStage.Row first = levels.get(0);
      Parameter p = shown.getOrDefault(name, new Parameter(name, 1));
      double k = p.scale();
      if (first.continuous()) {
        rows.add(List.of(p.label() + ", median (IQR)", iqr(k * first.totalMedian(),
            k * first.totalQ1(), k * first.totalQ3()), iqr(k * first.trainingMedian(),
            k * first.trainingQ1(), k * first.trainingQ3()), iqr(k * first.validationMedian(),
            k * first.validationQ1(), k * first.validationQ3()), Html.pValue(first.pValue())));
        return;
      }
      rows.add(List.of(p.label() + ", n (%)", "", "", "", Html.pValue(first.pValue())));
      int[] sums = new int[3];
      for (CharacteristicsStage.Row l : levels) {
        sums[0] += l.totalN();
        sums[1] += l.trainingN();
        sums[2] += l.validationN();
      }
      for (CharacteristicsStage.Row l : levels) {
        rows.add(List.of("\u2003" + l.level(), percent(l.totalN(), sums[0]),
            percent(l.trainingN(), sums[1]), percent(l.validationN(), sums[2]), ""));
      }
    });
    return rows;
  }

  private static String percent(int k, int n) {
    return k + " (" + (n == 0 ? "NA" : Long.toString(Math.round(100.0 * k / n))) + ")";
  }

  /**
   * Median (q1-q3), all three with the same decimals: none when all are whole, else enough
   * for two significant digits of the smallest (at least one), so that a small value such as
   * 0.09 does not print as 0.1.
   */
  private static String iqr(double median, double q1, double q3) {
    if (Double.isNaN(median)) {
      return "NA";
    }
    int d = Math.max(decimals(median), Math.max(decimals(q1), decimals(q3)));
    return Html.fmt(median, d) + " (" + Html.fmt(q1, d) + "-" + Html.fmt(q3, d) + ")";
  }

  private static int decimals(double v) {
    if (!Double.isFinite(v) || Math.abs(v - Math.rint(v)) < 1e-9) {
      return 0;
    }
    return Math.min(6, Math.max(1, 1 - (int) Math.floor(Math.log10(Math.abs(v)))));
  }

  private void tumourSize() {
    html.heading("Tumour size");
    String unit = "cm";
    List<List<String>> rows = new ArrayList<>();
    for (SizeStage.Row s : r.size().rows()) {
      boolean fisher = s.measure() == SizeStage.Measure.RESPONSE;
      boolean rel = s.measure() == SizeStage.Measure.SHRINKAGE;
      String what = switch (s.measure()) {
        case DIAMETER -> "Max diameter (" + unit + "): " + cfg.timepoints().mid() + " vs "
            + cfg.timepoints().pre();
        case RESPONSE -> "Diameter reduction >= " + Math.round(100 * cfg.clinical().shrinkage())
            + "%: progression vs no progression";
        default -> cap(s.measure().label()) + ": " + s.comparison();
      };
      rows.add(List.of(what, fisher ? s.countA() + "/" + s.nA() : quart(s.quartilesA(), rel),
          fisher ? s.countB() + "/" + s.nB() : quart(s.quartilesB(), rel),
          s.problem() != null ? s.problem() : (fisher ? "OR " : "")
              + estimate(s.estimate(), s.ciLower(), s.ciUpper(), rel ? 3 : 2),
          Html.pValue(s.pValue()), testName(s.test())));
    }
    html.table("Median (IQR) of each group (first: mid, or progression); estimate: Hodges-Lehmann"
        + " shift (first minus second) or conditional odds ratio, with 95% CI; relative"
        + " reduction = (pre - mid) / pre", List.of("Comparison", "First group", "Second group",
            "Estimate (95% CI)", "p", "Test"), rows);
  }

  private static String quart(double[] q, boolean relative) {
    int d = relative ? 2 : 1;
    return Double.isNaN(q[1]) ? "NA" : Html.fmt(q[1], d) + " (" + Html.fmt(q[0], d) + "-"
        + Html.fmt(q[2], d) + ")";
  }

  private static String estimate(double e, double lo, double hi, int digits) {
    return Html.fmt(e, digits) + " (" + Html.fmt(lo, digits) + " to " + Html.fmt(hi, digits)
        + ")";
  }

  private static String testName(String test) {
    return switch (test) {
      case TestsStage.WILCOXON -> "Wilcoxon signed-rank";
      case TestsStage.MANN_WHITNEY -> "Mann-Whitney U";
      case SizeStage.FISHER -> "Fisher's exact";
      default -> test;
    };
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
      header.add(s.name() + (s.empty() ? ": " + EvaluateStage.NO_FEATURE : "") + " (lambda "
          + Html.fmt(s.model().lambda(), 3) + ")");
    }
    html.table("Coefficients at lambda." + cfg.lasso().lambda().key() + " chosen by "
        + cfg.lasso().folds() + " cross-validation on the training cohort; score = sum of"
        + " coefficient x feature", header, rows);
    return sigFeatures;
  }

  /** The paper's Fig. 3 markers: the signatures, FIGO stage and the diameter class. */
  private List<String> figure3Markers() {
    List<String> m = new ArrayList<>();
    r.signatures().forEach(s -> m.add(s.name()));
    m.add(EvaluateStage.FIGO);
    m.add(EvaluateStage.TUMOUR_MAX);
    return m;
  }

  private void figure3() {
    html.heading("Figure 3. Time-dependent ROC curves at the horizon");
    List<String> markers = figure3Markers();
    List<String> rocs = new ArrayList<>();
    r.auc().results().forEach((cohort, byMarker) -> {
      List<Figures.RocCurve> curves = new ArrayList<>();
      for (String marker : markers) {
        TimeDependentRoc.Result res = byMarker.get(marker);
        if (res != null) {
          curves.add(SurvivalFigures.roc(marker, res));
        }
      }
      rocs.add(Figures.roc(cap(cohort) + " cohort, t = " + Html.fmt(cfg.roc().horizon(), 0)
          + " " + cfg.survival().timeUnit(), curves));
    });
    html.figures("Cumulative/dynamic AUC with IPCW (timeROC); 95% CI from the iid"
        + " representation" + noFeatureNote(), rocs);
    html.table("AUC at the horizon", List.of("Cohort", "Marker", "AUC (95% CI)",
        "Cases / controls / censored", "Comparison p (timeROC::compare)"), aucRows(markers,
        markers));
  }

  private String noFeatureNote() {
    List<String> empty = r.signatures().stream().filter(Signature::empty).map(Signature::name)
        .toList();
    return empty.isEmpty() ? "" : "; " + String.join(", ", empty) + ": "
        + EvaluateStage.NO_FEATURE + " (no curve)";
  }

  /** AUC rows of the markers, with comparison p against the {@code against} markers. */
  private List<List<String>> aucRows(List<String> markers, List<String> against) {
    List<List<String>> rows = new ArrayList<>();
    r.auc().results().forEach((cohort, byMarker) -> {
      for (String marker : markers) {
        TimeDependentRoc.Result res = byMarker.get(marker);
        String note = r.auc().notes().get(marker);
        Map<String, Double> cmp = r.auc().comparisons().get(cohort).get(marker);
        StringBuilder sb = new StringBuilder();
        for (String o : against) {
          Double p = cmp == null ? null : cmp.get(o);
          if (p != null) {
            sb.append(sb.length() == 0 ? "" : "; ").append("vs ").append(o).append(": ")
                .append(Html.pValue(p));
          }
        }
        rows.add(List.of(cap(cohort), marker, note != null ? note : res == null ? "NA"
            : SurvivalFigures.auc(res), res == null ? "" : res.cases() + " / "
            + res.controls() + " / " + res.censored(), sb.toString()));
      }
    });
    return rows;
  }

  private void supplementaryTable5() {
    html.heading("Supplementary Table 5. Tumour size markers at the horizon");
    List<String> markers = List.of(EvaluateStage.TUMOUR_MAX, SizeStage.TUMOUR_VOLUME,
        SizeStage.DIAMETER_CHANGE, SizeStage.VOLUME_CHANGE);
    html.table("Time-dependent AUC of the baseline diameter class, the baseline ROI volume (mL,"
        + " reader " + cfg.timepoints().primaryReader() + ") and the relative changes (mid -"
        + " pre) / pre of diameter and ROI volume", List.of("Cohort", "Marker",
            "AUC (95% CI)", "Cases / controls / censored", "Comparison p"),
        aucRows(markers, List.of(EvaluateStage.TUMOUR_MAX)));
  }

  private void figure4() {
    html.heading("Figure 4. Kaplan-Meier curves by risk-score group");
    String unit = cfg.survival().timeUnit();
    List<String> kms = new ArrayList<>();
    for (SurvivalStage.Km km : r.survival()) {
      kms.add(SurvivalFigures.km(km, unit));
    }
    StringBuilder cut = new StringBuilder("Groups split at the Youden cut-off of the training"
        + " cohort (survivalROC):");
    for (Signature s : r.signatures()) {
      cut.append(' ').append(s.name()).append(' ').append(s.empty() ? EvaluateStage.NO_FEATURE
          : Html.fmt(s.cutoff(), 3)).append(';');
    }
    html.figures(cut + " high = score above the cut-off; hazard ratio from a Cox model (Efron"
        + " ties), log-rank test", kms);
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
    PatientMatrix pm = r.matrix();
    List<List<String>> rows = new ArrayList<>();
    for (String f : sigFeatures) {
      TestsStage.Row w = wilcoxon.get(f);
      int j = pm.column(f);
      rows.add(List.of(pretty(f), inSignatures(f), quartiles(column(pm.pre(), j)),
          quartiles(column(pm.mid(), j)), w == null ? "NA" : direction(w.estimate()),
          w == null ? "NA" : Html.pValue(w.pValue())));
    }
    html.table("Median (IQR) of the " + values(cfg.harmonization()) + " of reader "
        + cfg.timepoints().primaryReader() + "; change: sign of the Hodges-Lehmann"
        + " pseudo-median of mid - pre; Wilcoxon signed-rank test", List.of("Feature",
            "Signature", cap(cfg.timepoints().pre()) + " median (IQR)",
            cap(cfg.timepoints().mid()) + " median (IQR)", "Change", "p"), rows);
  }

  private String inSignatures(String f) {
    return String.join(", ", r.signatures().stream().filter(s -> s.coefficients()
        .containsKey(f)).map(Signature::name).toList());
  }

  private static double[] column(double[][] m, int j) {
    double[] v = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      v[i] = m[i][j];
    }
    return v;
  }

  private static String quartiles(double[] v) {
    return Html.fmt(Quantiles.ofUnsorted(v, 0.5), 2) + " (" + Html.fmt(Quantiles.ofUnsorted(v,
        0.25), 2) + " to " + Html.fmt(Quantiles.ofUnsorted(v, 0.75), 2) + ")";
  }

  private static String direction(double shift) {
    return Double.isNaN(shift) ? "NA" : shift > 0 ? "\u2191 increase" : shift < 0
        ? "\u2193 decrease" : "none";
  }

  private void figure5(Map<String, TestsStage.Row> mannWhitney) {
    html.heading("Figure 5. Delta features: progression vs no progression");
    List<String> panels = new ArrayList<>();
    for (Signature s : r.signatures()) {
      if (s.empty()) {
        continue;
      }
      List<Figures.ForestRow> forest = new ArrayList<>();
      for (String f : s.coefficients().keySet()) {
        TestsStage.Row m = mannWhitney.get(f);
        if (m != null) {
          forest.add(new Figures.ForestRow(pretty(f), m.estimate(), m.ciLower(), m.ciUpper(),
              m.pValue()));
        }
      }
      panels.add(Figures.forest(s.name(), forest, "Shift of the delta, progression minus no"
          + " progression (" + unit(cfg.harmonization()) + ")"));
    }
    html.figures("One panel per signature: Hodges-Lehmann location shift of the delta"
        + " (progressors minus non-progressors) with 95% CI; Mann-Whitney U p-values"
        + noFeatureNote(), panels);
  }

  private void figure6(Set<String> sigFeatures, Map<String, TestsStage.Row> wilcoxon,
      Map<String, TestsStage.Row> mannWhitney) {
    html.heading("Figure 6. Delta features by outcome");
    List<String> chosen = new ArrayList<>();
    for (String f : sigFeatures) {
      if (significant(wilcoxon.get(f)) && significant(mannWhitney.get(f))) {
        chosen.add(f);
      }
    }
    String rule = "Signature features significant both over time (Wilcoxon signed-rank) and by"
        + " outcome (Mann-Whitney U), p < " + SIGNIFICANT + ", as the paper chose them";
    if (chosen.isEmpty()) {
      html.paragraph("No signature feature is significant both over time and by outcome (p < "
          + SIGNIFICANT + "); no box plot.");
      return;
    }
    PatientMatrix pm = r.matrix();
    int[] event = r.split().event();
    List<String> boxes = new ArrayList<>();
    for (String f : chosen) {
      int j = pm.column(f);
      List<Double> prog = new ArrayList<>();
      List<Double> non = new ArrayList<>();
      for (int i = 0; i < pm.size(); i++) {
        (event[i] == 1 ? prog : non).add(pm.delta()[i][j]);
      }
      boxes.add(Figures.box(pretty(f), List.of(
          new Figures.BoxGroup("No progression", non.stream().mapToDouble(d -> d).toArray()),
          new Figures.BoxGroup("Progression", prog.stream().mapToDouble(d -> d).toArray())),
          "Delta (" + unit(cfg.harmonization()) + ")"));
    }
    html.figures(rule + "; box: median and IQR, whiskers to 1.5 IQR", boxes);
  }

  /** Suppl. Table 6: the delta of every robust feature by outcome. */
  private void supplementaryTable6(Map<String, TestsStage.Row> mannWhitney) {
    html.heading("Supplementary Table 6. Delta of every " + (cfg.icc().enabled() ? "robust"
        : "usable") + " feature by outcome");
    PatientMatrix pm = r.matrix();
    int[] event = r.split().event();
    List<List<String>> rows = new ArrayList<>();
    for (String f : r.selected()) {
      int j = pm.column(f);
      List<Double> prog = new ArrayList<>();
      List<Double> non = new ArrayList<>();
      for (int i = 0; i < pm.size(); i++) {
        double d = pm.delta()[i][j];
        if (!Double.isNaN(d)) {
          (event[i] == 1 ? prog : non).add(d);
        }
      }
      TestsStage.Row m = mannWhitney.get(f);
      rows.add(List.of(pretty(f), inSignatures(f), quartiles(prog), quartiles(non), shift(m),
          m == null ? "NA" : Html.pValue(m.pValue())));
    }
    html.table("Median (IQR) of the delta (mid - pre) of the " + values(cfg.harmonization())
        + " of reader "
        + cfg.timepoints().primaryReader() + " in progressors and non-progressors;"
        + " Hodges-Lehmann shift (progression minus no progression) with 95% CI, Mann-Whitney"
        + " U; " + (cfg.icc().enabled() ? "every feature that passed the ICC filter"
            : "every usable feature (ICC filter disabled)"), List.of("Feature", "Signature",
            "Progression median (IQR)", "No progression median (IQR)", "Shift (95% CI)", "p"),
        rows);
  }

  /**
   * What the analysed values are, as the harmonization settings made them: labels must not
   * claim z-scores or harmonization that did not happen.
   */
  static String values(AnalysisSettings.Harmonization h) {
    boolean harmonized = h.method() != AnalysisSettings.HarmonizationMethod.NONE;
    if (h.zscore()) {
      return harmonized ? "harmonized values (z-scores)" : "z-scored raw values";
    }
    return harmonized ? "harmonized values (not z-scored, feature units)"
        : "raw values (not harmonized or z-scored)";
  }

  /** The unit of the analysed values on an axis. */
  static String unit(AnalysisSettings.Harmonization h) {
    return h.zscore() ? "z-score" : "feature units";
  }

  /** A Mann-Whitney row's shift with its CI, its problem, or NA. */
  private static String shift(TestsStage.Row m) {
    if (m == null) {
      return "NA";
    }
    return m.problem() != null ? m.problem() : estimate(m.estimate(), m.ciLower(), m.ciUpper(),
        2);
  }

  private static String quartiles(List<Double> v) {
    return v.isEmpty() ? "NA" : quartiles(v.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The paper's significance level. */
  private static final double SIGNIFICANT = 0.05;

  private static boolean significant(TestsStage.Row t) {
    return t != null && t.pValue() < SIGNIFICANT;
  }

  private void supplementaryTable3() {
    html.heading("Supplementary Table 3. Reader agreement (ICC) of every feature");
    Map<String, String[]> byFeature = new java.util.TreeMap<>();
    for (IccStage.Row row : r.icc().rows()) {
      String[] cells = byFeature.computeIfAbsent(row.feature(), k -> new String[] {"", "", ""});
      String v = row.problem() != null ? row.problem() : row.result() == null ? "NA" : ci(
          IccStage.interval(row.result(), cfg.icc().form()));
      cells[row.timepoint().equals(cfg.timepoints().pre()) ? 0 : 1] = v;
    }
    List<List<String>> rows = new ArrayList<>();
    byFeature.forEach((f, v) -> rows.add(List.of(pretty(f), v[0], v[1],
        r.selected().contains(f) ? "yes" : "")));
    html.table(iccCaption(), List.of("Feature", cap(cfg.timepoints().pre()),
        cap(cfg.timepoints().mid()), "Kept"), rows);
  }

  /** The ICC table's caption: the filter's rule, or that no ICC was computed. */
  private String iccCaption() {
    String readers = r.icc().pairedPatients() + " patients with two readers";
    if (!cfg.icc().enabled()) {
      return "ICC filter disabled (icc.enabled: false): no ICC computed, every usable feature"
          + " kept; " + readers;
    }
    return cfg.icc().form().key() + " (95% CI) on the " + lower(cfg.icc().input()) + " values, "
        + readers + "; kept: ICC > " + cfg.icc().min() + " and lower bound >= "
        + cfg.icc().minLower() + " at both time points";
  }

  private static String ci(Icc.Interval v) {
    return Html.fmt(v.value(), 2) + " (" + Html.fmt(v.lower(), 2) + " to "
        + Html.fmt(v.upper(), 2) + ")";
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  private void supplementaryTable4(Set<String> sigFeatures) {
    html.heading("Supplementary Table 4. Signature features and tumour diameter");
    Map<String, TestsStage.Row[]> byFeature = new LinkedHashMap<>();
    for (String f : sigFeatures) {
      byFeature.put(f, new TestsStage.Row[2]);
    }
    for (TestsStage.Row t : r.tests()) {
      TestsStage.Row[] cells = byFeature.get(t.feature());
      if (cells != null && t.test().equals(TestsStage.SPEARMAN)) {
        cells[t.comparison().equals(TestsStage.SPEARMAN_PRE) ? 0 : 1] = t;
      }
    }
    List<List<String>> rows = new ArrayList<>();
    byFeature.forEach((f, c) -> rows.add(List.of(pretty(f), spearman(c[0]), spearman(c[1]))));
    html.table("Spearman's rho (p) of the " + cfg.timepoints().pre() + " values with the"
        + " baseline maximum diameter and of the " + cfg.timepoints().mid() + " values with the"
        + " mid-treatment one", List.of("Feature", cap(cfg.timepoints().pre())
            + " vs baseline diameter", cap(cfg.timepoints().mid()) + " vs mid diameter"), rows);
  }

  private static String spearman(TestsStage.Row t) {
    return t == null ? "NA" : t.problem() != null ? t.problem() : Html.fmt(t.estimate(), 2)
        + " (" + Html.pValue(t.pValue()) + ")";
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
    return SurvivalFigures.cap(s);
  }
}
