package org.deltarad.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deltarad.analysis.CohortScoring;
import org.deltarad.analysis.ScoreRun;
import org.deltarad.analysis.Warning;
import org.deltarad.runtime.Version;
import org.deltarad.stats.TimeDependentRoc;

/**
 * {@code report/index.html} of a {@code score} run (external validation): the signature and
 * where its parameters came from, the scored patients' risk groups, the time-dependent ROC curve
 * at the horizon and the Kaplan-Meier curves of the two groups (as the analysis' Figs. 3 and 4),
 * and the warnings. Renders the typed result only.
 */
public final class ScoreReport {
  private final ScoreRun run;
  private final CohortScoring.Result r;
  private final HtmlReport html = new HtmlReport("DeltaRad: risk score of a signature on a"
      + " cohort");

  private ScoreReport(ScoreRun run) {
    this.run = run;
    this.r = run.result();
  }

  /** The report's HTML. */
  public static String render(ScoreRun run) {
    return new ScoreReport(run).build();
  }

  private String build() {
    summary();
    signature();
    groups();
    roc();
    km();
    warnings();
    return html.render();
  }

  private void summary() {
    Map<String, String> prov = new LinkedHashMap<>();
    prov.put("DeltaRad version", Version.current());
    prov.put("started", run.started().toString());
    prov.put("signature", r.signature().name() + " (" + r.signature().source() + ")");
    prov.put("standardisation", run.standardize().name().toLowerCase(Locale.ROOT));
    prov.put("features table", run.options().features());
    prov.put("clinical table", run.options().clinical() == null ? "none"
        : run.options().clinical());
    prov.put("output", run.options().out());
    prov.putAll(run.settings().describe());
    html.paragraph(r.patients().length + " patients of the " + r.cohort() + " cohort scored"
        + " with " + r.signature().name() + "; " + r.warnings().size() + " warning(s), listed"
        + " at the end and in the warnings table.");
    html.keyValues("Settings and provenance", prov);
  }

  private void signature() {
    html.heading("Signature");
    List<List<String>> rows = new ArrayList<>();
    r.signature().nonZero().forEach((f, b) -> rows.add(List.of(CohortReport.pretty(f),
        Html.fmt(b, 3))));
    String cut = Double.isFinite(r.signature().cutoff()) ? "high risk: score > "
        + Html.fmt(r.signature().cutoff(), 3) : "no cut-off: no risk groups";
    html.table("Score (" + r.signature().kind().label() + ") = sum of coefficient x feature; "
        + scored() + "; " + cut, List.of("Feature", "Coefficient"), rows);
  }

  /** The values the coefficients multiplied, as --standardize and the settings made them. */
  private String scored() {
    return switch (run.standardize()) {
      case NONE -> "features as raw values, not harmonized or z-scored (--standardize none)";
      case TRAINING -> "features as " + CohortReport.values(run.settings().harmonization())
          + " with the analysis' saved parameters (--standardize training)";
      case COHORT -> "features as " + CohortReport.values(run.settings().harmonization())
          + " fitted on the scored cohort (--standardize cohort)";
    };
  }

  private void groups() {
    if (!Double.isFinite(r.signature().cutoff())) {
      return;
    }
    int high = 0;
    for (String g : r.groups()) {
      high += "high".equals(g) ? 1 : 0;
    }
    html.table("Risk groups", List.of("Group", "Patients"), List.of(
        List.of("High", Integer.toString(high)),
        List.of("Low", Integer.toString(r.groups().length - high))));
  }

  private void roc() {
    if (r.auc() == null) {
      return;
    }
    String unit = run.settings().survival().timeUnit();
    TimeDependentRoc.Result res = r.auc().results().get(r.cohort()).get(r.signature().name());
    html.heading("Time-dependent ROC at " + Html.fmt(r.auc().horizon(), 0) + " " + unit);
    if (res == null) {
      html.paragraph("No AUC (see the warnings).");
      return;
    }
    html.figures("Cumulative/dynamic AUC with IPCW (timeROC); 95% CI from the iid"
        + " representation", List.of(Figures.roc(SurvivalFigures.cap(r.cohort())
            + " cohort, t = " + Html.fmt(r.auc().horizon(), 0) + " " + unit,
            List.of(SurvivalFigures.roc(r.signature().name(), res)))));
    html.table("AUC at the horizon", List.of("Marker", "AUC (95% CI)",
        "Cases / controls / censored"), List.of(List.of(r.signature().name(),
            SurvivalFigures.auc(res), res.cases() + " / " + res.controls() + " / "
            + res.censored())));
  }

  private void km() {
    if (r.km() == null) {
      return;
    }
    html.heading("Kaplan-Meier curves by risk group");
    html.figures("High = score above the cut-off; hazard ratio from a Cox model (Efron ties),"
        + " log-rank test", List.of(SurvivalFigures.km(r.km(),
            run.settings().survival().timeUnit())));
  }

  private void warnings() {
    html.heading("Warnings");
    List<List<String>> rows = new ArrayList<>();
    for (Warning w : r.warnings()) {
      rows.add(List.of(w.stage(), w.subject(), w.message()));
    }
    html.table(rows.isEmpty() ? "None" : rows.size() + " warning(s)", List.of("Stage",
        "Subject", "Message"), rows);
  }
}
