package org.deltarad.analysis;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.deltarad.report.Figures;
import org.deltarad.report.Html;
import org.deltarad.report.HtmlReport;
import org.deltarad.runtime.Version;
import org.deltarad.stats.TimeDependentRoc;

/**
 * {@code report/index.html}: the run's results laid out like the paper (Tables 2-4, Figs. 3-6),
 * with the settings and provenance that produced them.
 */
final class CohortReport {
  record Inputs(String featuresPath, String clinicalPath, Instant start, int featuresIn,
      int featuresUsable, List<String> selected, ReaderAgreement.Result icc,
      List<CohortAnalysisJob.Signature> signatures,
      Map<String, Map<String, SurvivalCurves.Km>> km, AucTable auc, List<Row> tests,
      List<Row> cohortTable, List<Warning> warnings, int patients, int training,
      int validation, List<String> aliased, PatientMatrix matrix, int[] event) {}

  private CohortReport() {}

  static String write(CohortAnalysisJob.Outputs outputs, AnalysisConfig cfg, Inputs in)
      throws IOException {
    HtmlReport r = new HtmlReport("DeltaRad: MRI delta radiomics cohort analysis");
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("DeltaRad version", Version.current());
    prov.put("started", in.start().toString());
    prov.put("finished", Instant.now().toString());
    prov.put("features table", in.featuresPath());
    prov.put("clinical table", in.clinicalPath());
    prov.put("output", outputs.out);
    prov.putAll(cfg.describe());
    r.paragraph(in.patients() + " patients with both time points and clinical data ("
        + in.training() + " training, " + in.validation() + " validation); " + in.featuresIn()
        + " features extracted, " + in.featuresUsable() + " usable after harmonization, "
        + in.selected().size() + " robust by ICC (" + in.icc().pairedPatients()
        + " patients outlined by two readers). " + in.warnings().size()
        + " warning(s), listed at the end and in the warnings table.");
    r.keyValues("Settings and provenance", prov);

    r.heading("Table 2. Patient characteristics, training vs validation cohort");
    List<List<String>> t2 = new ArrayList<>();
    for (Row row : in.cohortTable()) {
      t2.add(List.of(row.getString(0), nz(row.getString(1)), nz(row.getString(2)),
          nz(row.getString(3)), row.isNullAt(4) ? "" : Html.pValue(row.getDouble(4))));
    }
    r.table("Median (IQR) or counts; p from Mann-Whitney U or Fisher's exact test",
        List.of("Characteristic", "Training", "Validation", "Test", "p"), t2);

    r.heading("Table 3. Radiomic features selected by LASSO-Cox");
    Set<String> sigFeatures = new LinkedHashSet<>();
    for (CohortAnalysisJob.Signature s : in.signatures()) {
      double[] b = s.model().coefficients();
      for (int j = 0; j < b.length; j++) {
        if (b[j] != 0) {
          sigFeatures.add(s.features()[j]);
        }
      }
    }
    List<List<String>> t3 = new ArrayList<>();
    for (String f : sigFeatures) {
      List<String> row = new ArrayList<>();
      row.add(pretty(f));
      for (CohortAnalysisJob.Signature s : in.signatures()) {
        int j = List.of(s.features()).indexOf(f);
        double b = j < 0 ? 0 : s.model().coefficients()[j];
        row.add(b == 0 ? "" : Html.fmt(b, 3));
      }
      t3.add(row);
    }
    List<String> h3 = new ArrayList<>(List.of("Feature"));
    for (CohortAnalysisJob.Signature s : in.signatures()) {
      h3.add(s.name() + " (lambda " + Html.fmt(s.model().lambda(), 4) + ")");
    }
    r.table("Coefficients at lambda." + cfg.lambdaRule + " chosen by " + cfg.folds
        + " cross-validation on the training cohort; score = sum of coefficient x feature", h3,
        t3);

    r.heading("Figure 3. Time-dependent ROC curves at the horizon");
    List<String> rocs = new ArrayList<>();
    for (Map.Entry<String, Map<String, TimeDependentRoc.Result>> c : in.auc().results
        .entrySet()) {
      List<Figures.RocCurve> curves = new ArrayList<>();
      c.getValue().forEach((marker, res) -> {
        if (res != null) {
          curves.add(new Figures.RocCurve(marker, res.falsePositive(), res.truePositive(),
              res.auc(), res.ciLower(), res.ciUpper()));
        }
      });
      rocs.add(Figures.roc(cap(c.getKey()) + " cohort, t = " + Html.fmt(cfg.horizon, 0),
          curves));
    }
    r.figures("Cumulative/dynamic AUC with IPCW (timeROC); 95% CI from the iid representation",
        rocs);
    List<List<String>> auc = new ArrayList<>();
    in.auc().results.forEach((cohort, m) -> m.forEach((marker, res) -> {
      Map<String, Double> cmp = in.auc().comparisons.get(cohort).get(marker);
      StringBuilder sb = new StringBuilder();
      cmp.forEach((o, p) -> sb.append(sb.length() == 0 ? "" : "; ").append("vs ").append(o)
          .append(": ").append(Html.pValue(p)));
      auc.add(List.of(cap(cohort), marker, res == null ? "NA" : Html.fmt(res.auc(), 3),
          res == null ? "NA" : Html.fmt(res.ciLower(), 3) + "-" + Html.fmt(res.ciUpper(), 3),
          res == null ? "" : res.cases() + " / " + res.controls() + " / " + res.censored(),
          sb.toString()));
    }));
    r.table("AUC at the horizon", List.of("Cohort", "Marker", "AUC", "95% CI",
        "Cases / controls / censored", "Comparison p (timeROC::compare)"), auc);

    r.heading("Figure 4. Kaplan-Meier curves by risk-score group");
    List<String> kms = new ArrayList<>();
    in.km().forEach((sig, byCohort) -> byCohort.forEach((cohort, km) -> kms.add(
        Figures.kaplanMeier(sig + ", " + cohort + " cohort", km.curves(), km.risk(),
            km.pValue(), "Time (" + cfg.clinicalTime + ")"))));
    StringBuilder cut = new StringBuilder("Groups split at the Youden cut-off of the training"
        + " cohort (survivalROC):");
    for (CohortAnalysisJob.Signature s : in.signatures()) {
      cut.append(' ').append(s.name()).append(' ').append(Html.fmt(s.cutoff(), 4)).append(';');
    }
    r.figures(cut + " high = score above the cut-off; log-rank test", kms);

    Map<String, Row> wilcoxon = new LinkedHashMap<>();
    Map<String, Row> mannWhitney = new LinkedHashMap<>();
    for (Row t : in.tests()) {
      if (t.getString(1).equals("wilcoxon_signed_rank")) {
        wilcoxon.put(t.getString(0), t);
      } else if (t.getString(1).equals("mann_whitney")) {
        mannWhitney.put(t.getString(0), t);
      }
    }
    r.heading("Table 4. Signature features before and during treatment");
    List<List<String>> t4 = new ArrayList<>();
    for (String f : sigFeatures) {
      Row w = wilcoxon.get(f);
      t4.add(List.of(pretty(f), w == null ? "NA" : num(w, 10), w == null ? "NA" : num(w, 11),
          w == null ? "NA" : pval(w)));
    }
    r.table("Median harmonized value (z-score) of the primary reader; Wilcoxon signed-rank test",
        List.of("Feature", "Pre (median)", "Mid (median)", "p"), t4);

    r.heading("Figure 5. Delta features: progression vs no progression");
    List<Figures.ForestRow> forest = new ArrayList<>();
    for (String f : sigFeatures) {
      Row m = mannWhitney.get(f);
      if (m != null) {
        forest.add(new Figures.ForestRow(pretty(f), dbl(m, 6), dbl(m, 7), dbl(m, 8), dbl(m, 5)));
      }
    }
    r.figures("Hodges-Lehmann location shift (progressors minus non-progressors) with 95% CI;"
        + " Mann-Whitney U p-values", List.of(Figures.forest("Delta features",
            forest, "Location shift of the delta (z-score units)")));

    r.heading("Figure 6. Delta features by outcome");
    List<String> boxes = new ArrayList<>();
    List<String> ranked = new ArrayList<>(sigFeatures);
    ranked.sort(Comparator.comparingDouble(f -> mannWhitney.get(f) == null ? 1
        : dbl(mannWhitney.get(f), 5)));
    PatientMatrix pm = in.matrix();
    for (String f : ranked.subList(0, Math.min(4, ranked.size()))) {
      int j = List.of(pm.features).indexOf(f);
      List<Double> prog = new ArrayList<>();
      List<Double> non = new ArrayList<>();
      for (int i = 0; i < pm.patients.length; i++) {
        (in.event()[i] == 1 ? prog : non).add(pm.delta[i][j]);
      }
      boxes.add(Figures.box(pretty(f), List.of(
          new Figures.BoxGroup("No progression", non.stream().mapToDouble(d -> d).toArray()),
          new Figures.BoxGroup("Progression", prog.stream().mapToDouble(d -> d).toArray())),
          "Delta"));
    }
    r.figures("The signature features with the smallest Mann-Whitney p-values", boxes);

    r.heading("Reader agreement (ICC) of the selected features");
    Map<String, String[]> iccRows = new LinkedHashMap<>();
    for (Row row : in.icc().icc().collectAsList()) {
      String f = row.getString(0);
      if (!in.selected().contains(f) || row.isNullAt(3)) {
        continue;
      }
      String[] v = iccRows.computeIfAbsent(f, k -> new String[] {"", ""});
      String s = Html.fmt(row.getAs(cfg.iccForm), 3) + " (" + Html.fmt(
          row.getAs(cfg.iccForm + "_lower"), 3) + "-" + Html.fmt(
          row.getAs(cfg.iccForm + "_upper"), 3) + ")";
      v[row.getString(1).equals(cfg.preLabel) ? 0 : 1] = s;
    }
    List<List<String>> ic = new ArrayList<>();
    iccRows.forEach((f, v) -> ic.add(List.of(pretty(f), v[0], v[1])));
    r.table(cfg.iccForm + " with 95% CI", List.of("Feature", cap(cfg.preLabel), cap(cfg.midLabel)),
        ic);

    r.heading("Warnings");
    List<List<String>> ws = new ArrayList<>();
    for (Warning w : in.warnings()) {
      ws.add(List.of(w.stage(), w.subject(), w.message()));
    }
    if (!in.aliased().isEmpty()) {
      r.paragraph("Aliased covariates (dropped from the harmonization design): "
          + String.join(", ", in.aliased()));
    }
    r.table(ws.isEmpty() ? "None" : ws.size() + " warning(s)", List.of("Stage", "Subject",
        "Message"), ws);
    return outputs.writeText("report/index.html", r.render());
  }

  /** "original_glszm_SizeZoneNonUniformityNormalized" -> "GLSZM SizeZoneNonUniformityNormalized". */
  static String pretty(String f) {
    String[] parts = f.split("_", 3);
    return parts.length == 3 ? parts[1].toUpperCase() + " " + parts[2] : f;
  }

  private static String cap(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static double dbl(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }

  private static String num(Row r, int i) {
    return Html.fmt(dbl(r, i), 3);
  }

  private static String pval(Row r) {
    return Html.pValue(dbl(r, 5));
  }
}
