package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.deltarad.analysis.settings.AnalysisSettings;

/**
 * The paper's Suppl. Table 2 as numbers: the MRI acquisition parameters of the primary reader's
 * scans at each time point, over the analysed patients, the training and the validation cohort,
 * with training tested against validation as Table 2 does ({@link CharacteristicsStage}).
 * Parameters are the harmonization columns: those in {@code harmonization.categorical} or
 * {@code harmonization.batch} by level (for example manufacturer, field strength), the other
 * {@code harmonization.numeric} ones as median and quartiles. A scan without a value is left
 * out of that parameter's rows; a parameter no scan has is a warning.
 */
public final class AcquisitionStage {
  /** One row of the table at one time point. */
  public record Row(String timepoint, CharacteristicsStage.Row stats) {}

  private final AnalysisSettings settings;

  public AcquisitionStage(AnalysisSettings settings) {
    this.settings = settings;
  }

  /** Rows at pre, then at mid; within each, continuous parameters first, then categorical. */
  public List<Row> run(PatientMatrix pm, CohortSplit split, List<Scan> scans,
      List<Warning> warnings) {
    AnalysisSettings.Harmonization h = settings.harmonization();
    Set<String> categorical = new LinkedHashSet<>(h.categorical());
    categorical.addAll(h.batch());
    List<String> continuous = h.numeric().stream().filter(c -> !categorical.contains(c))
        .toList();
    List<Row> out = new ArrayList<>();
    for (String tp : List.of(settings.timepoints().pre(), settings.timepoints().mid())) {
      Scan[] scan = scansAt(pm, scans, tp);
      List<CharacteristicsStage.Row> rows = new ArrayList<>();
      for (String col : continuous) {
        double[] v = new double[scan.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = scan[i] == null ? Double.NaN : scan[i].number(col);
        }
        int before = rows.size();
        CharacteristicsStage.continuous(rows, col, v, split.training(),
            problem(warnings, col, tp));
        absent(rows.size() == before, col, tp, warnings);
      }
      for (String col : categorical) {
        String[] v = new String[scan.length];
        for (int i = 0; i < v.length; i++) {
          v[i] = scan[i] == null ? null : scan[i].label(col);
        }
        int before = rows.size();
        CharacteristicsStage.categorical(rows, col, v, split.training(), null,
            problem(warnings, col, tp));
        absent(rows.size() == before, col, tp, warnings);
      }
      rows.forEach(r -> out.add(new Row(tp, r)));
    }
    return out;
  }

  /** The primary reader's scan at time point tp of each patient of the matrix, or null. */
  private Scan[] scansAt(PatientMatrix pm, List<Scan> scans, String tp) {
    Map<String, Integer> row = new HashMap<>();
    for (int i = 0; i < pm.size(); i++) {
      row.put(pm.patients()[i], i);
    }
    Scan[] out = new Scan[pm.size()];
    String reader = settings.timepoints().primaryReader();
    for (Scan s : scans) {
      Integer i = row.get(s.patient());
      if (i != null && s.timepoint().equals(tp) && s.reader().equals(reader)) {
        out[i] = s;
      }
    }
    return out;
  }

  /** A parameter's test that could not be computed, as a warning naming it and the scans. */
  private static Consumer<String> problem(List<Warning> warnings, String col,
      String tp) {
    return why -> warnings.add(new Warning("acquisition", col, tp + " scans: " + why
        + "; p left empty"));
  }

  private static void absent(boolean none, String col, String tp, List<Warning> warnings) {
    if (none) {
      warnings.add(new Warning("acquisition", col, "no " + tp + " scan has a value; no"
          + " Suppl. Table 2 row (harmonization.numeric / categorical / batch)"));
    }
  }
}
