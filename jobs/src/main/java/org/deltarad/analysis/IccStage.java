package org.deltarad.analysis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deltarad.analysis.Harmonized.ScanKey;
import org.deltarad.analysis.Harmonized.Series;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.Icc;

/**
 * Step 2: inter-reader ICC per feature and time point on the scans both readers outlined, then
 * the robustness filter (ICC > min and lower 95% bound >= min at both time points).
 *
 * <p>The ICC is computed on the harmonized, z-scored values, the values that enter the models.
 * Both readers' rows of a scan share its covariates, so harmonization subtracts the same
 * prediction from both and z-scoring is one linear map: the reader disagreement is untouched,
 * while between-patient variance due to scanners is gone. A feature therefore has to be
 * reproducible relative to its biological spread, not to its scanner spread.
 */
public final class IccStage {
  /** One feature at one time point: the three ICC forms, or why none could be computed. */
  public record Row(String feature, String timepoint, int subjects, Icc.Result result,
      String problem) implements Serializable {}

  /**
   * The ICC rows (sorted by feature, time point), the features that pass, and the patients with
   * a scan both readers outlined (counted with the filter off too: Fig. 1 and the flow table
   * report them either way). With {@code icc.enabled: false} there are no rows and every
   * feature is selected.
   */
  public record Result(List<Row> rows, List<String> selected, int pairedPatients) {}

  private record Work(String feature, String timepoint, String[] subjects, String[] raters,
      double[] values) implements Serializable {}

  private final AnalysisSettings.IccFilter settings;
  private final String secondReader;
  private final WorkPool pool;

  public IccStage(AnalysisSettings s, WorkPool pool) {
    this.settings = s.icc();
    this.secondReader = s.timepoints().secondReader();
    this.pool = pool;
  }

  public Result run(Harmonized h, List<Warning> warnings) {
    List<String> features = h.featureNames();
    Map<String, Integer> readers = pairedScans(h);
    if (!settings.enabled()) {
      return new Result(List.of(), features, pairedPatients(readers));
    }
    TreeSet<String> pairedPatients = new TreeSet<>();
    List<Work> work = new ArrayList<>();
    for (String f : features) {
      Map<String, List<Object[]>> byTime = new TreeMap<>();
      collect(byTime, readers, h.primary(), primary(h.features().get(f)));
      collect(byTime, readers, h.second(), second(h.features().get(f)));
      byTime.forEach((tp, rows) -> {
        rows.sort(Comparator.<Object[], String>comparing(r -> (String) r[0])
            .thenComparing(r -> (String) r[1]));
        work.add(new Work(f, tp, rows.stream().map(r -> (String) r[0]).toArray(String[]::new),
            rows.stream().map(r -> (String) r[1]).toArray(String[]::new),
            rows.stream().mapToDouble(r -> (Double) r[2]).toArray()));
        rows.forEach(r -> pairedPatients.add((String) r[0]));
      });
    }
    List<Row> rows = pool.map(work, IccStage::one);
    return filter(features, rows, pairedPatients.size(), warnings);
  }

  /** The primary reader's values the ICC sees (icc.input). */
  private double[] primary(Series s) {
    return settings.input() == AnalysisSettings.IccInput.RAW ? s.raw1() : s.value1();
  }

  private double[] second(Series s) {
    return settings.input() == AnalysisSettings.IccInput.RAW ? s.raw2() : s.value2();
  }

  /** Scans (patient, time point) with values of at least two readers. */
  private Map<String, Integer> pairedScans(Harmonized h) {
    Map<String, java.util.Set<String>> readers = new HashMap<>();
    for (Series s : h.features().values()) {
      add(readers, h.primary(), primary(s));
      add(readers, h.second(), second(s));
    }
    Map<String, Integer> out = new HashMap<>();
    readers.forEach((k, v) -> out.put(k, v.size()));
    return out;
  }

  /**
   * Patients with a scan of two readers, without computing any ICC: the same patients the ICC
   * work covers (a paired scan has finite values of both readers for some feature).
   */
  private static int pairedPatients(Map<String, Integer> readers) {
    TreeSet<String> out = new TreeSet<>();
    readers.forEach((scan, n) -> {
      if (n >= 2) {
        out.add(scan.substring(0, scan.indexOf('\u0001')));
      }
    });
    return out.size();
  }

  private static void add(Map<String, java.util.Set<String>> readers, List<ScanKey> keys,
      double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])) {
        ScanKey k = keys.get(i);
        readers.computeIfAbsent(k.patient() + '\u0001' + k.timepoint(),
            x -> new java.util.HashSet<>()).add(k.reader());
      }
    }
  }

  private static void collect(Map<String, List<Object[]>> byTime, Map<String, Integer> readers,
      List<ScanKey> keys, double[] values) {
    for (int i = 0; i < values.length; i++) {
      ScanKey k = keys.get(i);
      if (Double.isFinite(values[i])
          && readers.getOrDefault(k.patient() + '\u0001' + k.timepoint(), 0) >= 2) {
        byTime.computeIfAbsent(k.timepoint(), x -> new ArrayList<>())
            .add(new Object[] {k.patient(), k.reader(), values[i]});
      }
    }
  }

  private static Row one(Work w) {
    int n = (int) java.util.Arrays.stream(w.subjects()).distinct().count();
    try {
      return new Row(w.feature(), w.timepoint(), n, Icc.fromLong(w.subjects(), w.raters(),
          w.values()), null);
    } catch (IllegalArgumentException ex) {
      return new Row(w.feature(), w.timepoint(), n, null, ex.getMessage());
    }
  }

  private Result filter(List<String> features, List<Row> rows, int paired,
      List<Warning> warnings) {
    Map<String, Integer> passes = new TreeMap<>();
    for (String f : features) {
      passes.put(f, 0);
    }
    for (Row r : rows) {
      if (r.problem() != null) {
        warnings.add(new Warning("icc", r.feature() + " (" + r.timepoint() + ")", r.problem()));
        continue;
      }
      Icc.Interval v = interval(r.result(), settings.form());
      if (v.value() > settings.min() && v.lower() >= settings.minLower()) {
        passes.merge(r.feature(), 1, Integer::sum);
      }
    }
    if (rows.isEmpty()) {
      warnings.add(new Warning("icc", "reader " + secondReader, "no scan was outlined by"
          + " both readers, so no feature can pass the ICC filter; disable it (icc.enabled:"
          + " false) to analyse all features"));
    }
    List<String> selected = new ArrayList<>();
    passes.forEach((f, n) -> {
      if (n == 2) {
        selected.add(f);
      }
    });
    return new Result(rows, selected, paired);
  }

  /** The interval of the configured form. */
  public static Icc.Interval interval(Icc.Result r, AnalysisSettings.IccForm form) {
    return switch (form) {
      case ICC1 -> r.icc1();
      case ICC2_1 -> r.icc2_1();
      case ICC3_1 -> r.icc3_1();
    };
  }
}
