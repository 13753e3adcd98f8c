package org.deltarad.analysis;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deltarad.analysis.settings.AnalysisSettings;

/**
 * The clinical table checked into {@link Clinical} rows: id, follow-up time and event
 * required (0/1), FIGO stage as I-IV or 1-4, diameters optional; "NA" or empty mean missing.
 * Every problem is one line naming the file, the patient and the column.
 */
final class ClinicalReader {
  private final AnalysisSettings.Clinical cols;

  ClinicalReader(AnalysisSettings settings) {
    this.cols = settings.clinical();
  }

  /**
   * @param columns column names in file order
   * @param rows each row's values by column (text, null when empty)
   */
  Map<String, Clinical> read(String path, List<String> columns, List<Map<String, String>> rows) {
    Set<String> have = new HashSet<>(columns);
    List<String> missing = Arrays.asList(cols.id(), cols.time(), cols.event()).stream()
        .filter(c -> !have.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(path + ": the clinical table lacks column(s) "
          + String.join(", ", missing) + " (has " + String.join(", ", new TreeSet<>(have))
          + ")");
    }
    Map<String, Clinical> out = new TreeMap<>();
    int line = 1;
    for (Map<String, String> r : rows) {
      line++;
      String id = str(r.get(cols.id()));
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException(path + ": row " + line + " has no " + cols.id());
      }
      double time = number(path, id, cols.time(), r.get(cols.time()), true);
      if (time < 0) {
        throw new IllegalArgumentException(path + ": patient " + id + " has negative "
            + cols.time() + " " + time);
      }
      double ev = number(path, id, cols.event(), r.get(cols.event()), true);
      if (ev != 0 && ev != 1) {
        throw new IllegalArgumentException(path + ": patient " + id + ": " + cols.event()
            + " must be 0 or 1, got " + ev);
      }
      double figo = have.contains(cols.figo()) ? figo(path, id, r.get(cols.figo())) : Double.NaN;
      double diameter = have.contains(cols.maxDiameter())
          ? number(path, id, cols.maxDiameter(), r.get(cols.maxDiameter()), false) : Double.NaN;
      double midDiameter = have.contains(cols.midDiameter())
          ? number(path, id, cols.midDiameter(), r.get(cols.midDiameter()), false) : Double.NaN;
      Map<String, String> other = new LinkedHashMap<>();
      for (String n : columns) {
        other.put(n, str(r.get(n)));
      }
      if (out.put(id, new Clinical(id, time, (int) ev, figo, diameter, midDiameter,
          other)) != null) {
        throw new IllegalArgumentException(path + ": patient " + id + " appears twice");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(path + ": the clinical table has no rows");
    }
    return out;
  }

  private static String str(String s) {
    return s == null ? null : s.trim();
  }

  private static double number(String path, String id, String column, String v,
      boolean required) {
    String s = str(v);
    if (s == null || s.isEmpty() || s.equalsIgnoreCase("NA")) {
      if (required) {
        throw new IllegalArgumentException(path + ": patient " + id + " has no " + column);
      }
      return Double.NaN;
    }
    double d;
    try {
      d = Double.parseDouble(s);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(path + ": patient " + id + ": " + column
          + " is not a number: '" + s + "'");
    }
    if (!Double.isFinite(d)) {
      // NaN would pass every range check below and reach the models; a missing value is NA
      throw new IllegalArgumentException(path + ": patient " + id + ": " + column
          + " is not a finite number: '" + s + "' (leave it empty or NA when missing)");
    }
    return d;
  }

  /** FIGO stage as 1-4 from "I".."IV" (sub-stages such as "IIIC1" count as their stage) or 1-4. */
  static double figo(String path, String id, String v) {
    String s = str(v);
    if (s == null || s.isEmpty() || s.equalsIgnoreCase("NA")) {
      return Double.NaN;
    }
    String u = s.toUpperCase(Locale.ROOT).replaceFirst("^FIGO\\s*", "");
    if (u.matches("[1-4](\\.0)?")) {
      return u.charAt(0) - '0';
    }
    for (String[] roman : new String[][] {{"IV", "4"}, {"III", "3"}, {"II", "2"}, {"I", "1"}}) {
      if (u.startsWith(roman[0])) {
        return Double.parseDouble(roman[1]);
      }
    }
    throw new IllegalArgumentException(path + ": patient " + id + ": FIGO stage '" + s
        + "' is not I-IV or 1-4");
  }
}
