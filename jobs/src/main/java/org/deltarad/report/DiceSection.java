package org.deltarad.report;

import java.util.ArrayList;
import java.util.List;
import org.deltarad.analysis.DiceAgreement;

/**
 * The report's section on the readers' agreement on the outlines: median (IQR) of the Dice
 * coefficients per time point, as the paper reports it (0.85 pre, 0.57 mid treatment).
 */
final class DiceSection {
  private DiceSection() {}

  static void add(HtmlReport html, DiceAgreement dice) {
    html.heading("Reader agreement (Dice) of the tumour outlines");
    if (dice == null) {
      html.paragraph("No dice table: run `deltarad dice --manifest M --out DIR` with the"
          + " extraction job's DIR (or pass analyze --dice DIR) to report it.");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (DiceAgreement.TimePoint t : dice.timepoints()) {
      rows.add(List.of(t.timepoint(), Integer.toString(t.n()), Html.fmt(t.median(), 2) + " ("
          + Html.fmt(t.q1(), 2) + "-" + Html.fmt(t.q3(), 2) + ")", Html.fmt(t.min(), 2) + "-"
          + Html.fmt(t.max(), 2)));
    }
    html.table("Dice = 2|A\u2229B| / (|A| + |B|) of the two readers' masks (the paper: median"
        + " 0.85 pre, 0.57 mid treatment), from " + dice.source(), List.of("Time point",
        "Patients", "Median (IQR)", "Range"), rows);
  }
}
