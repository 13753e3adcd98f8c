package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deltarad.analysis.Harmonized.ScanKey;
import org.deltarad.analysis.Harmonized.Series;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.stats.ComBat;
import org.deltarad.stats.DesignMatrix;
import org.deltarad.stats.ZScore;

/**
 * Step 1: scanner harmonisation, then z-scoring, of every feature. Scans lacking a covariate the
 * method needs are left out with a warning; a feature that is missing somewhere, constant, or
 * explained entirely by the covariates is left out with a warning naming why.
 */
public final class HarmonizeStage {
  private final AnalysisSettings settings;
  private final WorkPool pool;

  public HarmonizeStage(AnalysisSettings settings, WorkPool pool) {
    this.settings = settings;
    this.pool = pool;
  }

  public Harmonized run(CohortData data, List<Warning> warnings) {
    AnalysisSettings.TimePoints tp = settings.timepoints();
    List<Scan> primary = new ArrayList<>();
    List<Scan> second = new ArrayList<>();
    Set<String> seen1 = new HashSet<>();
    Set<String> seen2 = new HashSet<>();
    for (Scan s : sorted(data.scans())) {
      if (!(s.timepoint().equals(tp.pre()) || s.timepoint().equals(tp.mid()))
          || !(s.reader().equals(tp.primaryReader()) || s.reader().equals(tp.secondReader()))) {
        continue;
      }
      String gap = gap(s);
      if (gap != null) {
        warnings.add(new Warning("harmonization", s.patient(), "scan " + s.timepoint()
            + " (reader " + s.reader() + ") has no value for covariate " + gap
            + "; left out of the analysis"));
        continue;
      }
      String key = s.patient() + '\u0001' + s.timepoint();
      if (s.reader().equals(tp.primaryReader())) {
        if (!seen1.add(key)) {
          throw new IllegalArgumentException("the features table has two rows for patient "
              + s.patient() + ", " + s.timepoint() + ", reader " + tp.primaryReader());
        }
        primary.add(s);
      } else if (seen2.add(key)) {
        second.add(s);
      }
    }
    if (primary.size() < 3) {
      throw new IllegalArgumentException("harmonization needs at least 3 scans of reader "
          + tp.primaryReader() + " at " + tp.pre() + "/" + tp.mid() + ", found "
          + primary.size());
    }
    Harmonizer harmonizer = harmonizer(primary, second, warnings);
    if (harmonizer == null) {
      second.clear();
      harmonizer = harmonizer(primary, second, new ArrayList<>());
    }
    for (String a : harmonizer.aliased()) {
      warnings.add(new Warning("harmonization", a, "covariate column " + a + " is aliased"
          + " (constant or collinear with others) and was dropped, as R's lm does"));
    }
    return adjust(data, primary, second, harmonizer, warnings);
  }

  /** Scans in the order the design uses: reader, patient, time point. */
  private static List<Scan> sorted(List<Scan> scans) {
    List<Scan> s = new ArrayList<>(scans);
    s.sort(Comparator.comparing(Scan::reader).thenComparing(Scan::patient)
        .thenComparing(Scan::timepoint));
    return s;
  }

  /** The first covariate the method needs that the scan lacks, or null. */
  private String gap(Scan s) {
    AnalysisSettings.Harmonization h = settings.harmonization();
    switch (h.method()) {
      case NONE:
        return null;
      case OLS:
        for (String c : h.numeric()) {
          if (!Double.isFinite(s.number(c))) {
            return c;
          }
        }
        for (String c : h.categorical()) {
          String v = s.label(c);
          if (v == null || v.isBlank()) {
            return c;
          }
        }
        return null;
      default:
        for (String c : h.columns()) {
          Object v = s.columns().get(c);
          if (v == null || v instanceof Number n && !Double.isFinite(n.doubleValue())
              || String.valueOf(v).isBlank()) {
            return c;
          }
        }
        return null;
    }
  }

  /**
   * The configured harmonizer; null when the second reader's scans cannot be harmonized (a
   * warning says why: they are then left out, so no ICC can be computed).
   */
  private Harmonizer harmonizer(List<Scan> primary, List<Scan> second, List<Warning> warnings) {
    AnalysisSettings.Harmonization h = settings.harmonization();
    switch (h.method()) {
      case NONE:
        return Harmonizer.identity();
      case OLS: {
        String[] num = h.numeric().toArray(new String[0]);
        String[] cat = h.categorical().toArray(new String[0]);
        List<String> problem = new ArrayList<>();
        OlsScannerHarmonizer ols = OlsScannerHarmonizer.learn(num, cat, numeric(primary, num),
            labels(primary, cat), numeric(second, num), labels(second, cat), second.size(),
            problem::add);
        if (!problem.isEmpty()) {
          warnings.add(secondReaderUnusable(problem.get(0)));
          return null;
        }
        return ols;
      }
      case COMBAT: {
        // protected columns: numeric as they are, others one-hot (first sorted level the
        // reference); the design's intercept is dropped by ComBat as sva drops it
        List<String> pn = new ArrayList<>();
        List<String> pc = new ArrayList<>();
        for (String c : h.protect()) {
          (primary.stream().allMatch(x -> x.columns().get(c) instanceof Number) ? pn : pc).add(c);
        }
        String[] num = pn.toArray(new String[0]);
        String[] cat = pc.toArray(new String[0]);
        DesignMatrix dm = DesignMatrix.learn(num, cat, labels(primary, cat));
        boolean none = h.protect().isEmpty();
        double[][] p1 = none ? null : dm.encode(numeric(primary, num), labels(primary, cat));
        double[][] p2 = null;
        String[] b2 = batches(second);
        if (!none && !second.isEmpty()) {
          try {
            p2 = dm.encode(numeric(second, num), labels(second, cat));
          } catch (IllegalArgumentException ex) {
            warnings.add(secondReaderUnusable(ex.getMessage()));
            return null;
          }
        }
        Set<String> known = new HashSet<>(List.of(batches(primary)));
        for (String b : b2) {
          if (!known.contains(b)) {
            warnings.add(secondReaderUnusable("batch '" + b + "' has no primary-reader scan"));
            return null;
          }
        }
        return new ComBatScannerHarmonizer(batches(primary), p1, b2, p2, none ? null : dm);
      }
      default:
        throw new IllegalStateException(h.method().toString());
    }
  }

  private Warning secondReaderUnusable(String why) {
    return new Warning("harmonization", "reader " + settings.timepoints().secondReader(),
        "second-reader scans cannot be harmonized (" + why + "); they are left out, so no ICC"
            + " can be computed");
  }

  private String[] batches(List<Scan> scans) {
    return scans.stream().map(s -> ComBatScannerHarmonizer.batchOf(s,
        settings.harmonization().batch())).toArray(String[]::new);
  }

  private static double[][] numeric(List<Scan> scans, String[] cols) {
    double[][] out = new double[cols.length][scans.size()];
    for (int i = 0; i < scans.size(); i++) {
      for (int c = 0; c < cols.length; c++) {
        out[c][i] = scans.get(i).number(cols[c]);
      }
    }
    return out;
  }

  private static String[][] labels(List<Scan> scans, String[] cols) {
    String[][] out = new String[cols.length][scans.size()];
    for (int i = 0; i < scans.size(); i++) {
      for (int c = 0; c < cols.length; c++) {
        out[c][i] = scans.get(i).label(cols[c]);
      }
    }
    return out;
  }

  private Harmonized adjust(CohortData data, List<Scan> primary, List<Scan> second,
      Harmonizer harmonizer, List<Warning> warnings) {
    List<Harmonizer.Input> inputs = new ArrayList<>();
    Map<String, String> problems = new java.util.TreeMap<>();
    for (int f = 0; f < data.features().size(); f++) {
      String name = data.features().get(f);
      double[] y1 = values(primary, f);
      String problem = checkRaw(y1, primary);
      if (problem != null) {
        problems.put(name, problem);
      } else {
        inputs.add(new Harmonizer.Input(name, y1, values(second, f)));
      }
    }
    List<Harmonizer.Output> outputs = harmonizer.adjust(inputs, pool);
    Map<String, ZScore> zscores = new java.util.TreeMap<>();
    Map<String, double[]> coefficients = new java.util.TreeMap<>();
    Map<String, ComBat.FeatureFit> combat = new TreeMap<>();
    Map<String, Series> series = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      Harmonizer.Input in = inputs.get(i);
      Harmonizer.Output out = outputs.get(i);
      String problem = out.problem() != null ? adjustProblem(out.problem())
          : checkAdjusted(in.primary(), out.primary());
      if (problem != null) {
        problems.put(in.feature(), problem);
        continue;
      }
      boolean z = settings.harmonization().zscore();
      double[] r1 = out.primary();
      double[] r2 = out.second();
      ZScore scale = z ? ZScore.of(r1) : null;
      double[] z1 = z ? scale.apply(r1) : r1;
      double[] z2 = z && r2.length > 0 ? scale.apply(r2) : r2;
      if (z) {
        zscores.put(in.feature(), scale);
      }
      if (out.coefficients() != null) {
        coefficients.put(in.feature(), out.coefficients());
      }
      if (out.combat() != null) {
        combat.put(in.feature(), out.combat());
      }
      series.put(in.feature(), new Series(in.primary(), r1, z1,
          r2.length == 0 ? new double[0] : in.second(), r2, z2));
    }
    problems.forEach((f, p) -> warnings.add(new Warning("harmonization", f, p)));
    List<ScanKey> k2 = r2Keys(second, series);
    Map<String, Series> ordered = new LinkedHashMap<>();
    for (String f : new java.util.TreeSet<>(series.keySet())) {
      ordered.put(f, series.get(f));
    }
    Standardization saved = new Standardization(settings.harmonization().method(),
        harmonizer.encoding(), coefficients, zscores, combat);
    return new Harmonized(keys(primary), k2, ordered, harmonizer.aliased(), primary.size(),
        saved);
  }

  private static List<ScanKey> r2Keys(List<Scan> second, Map<String, Series> series) {
    boolean any = series.values().stream().anyMatch(s -> s.residual2().length > 0);
    return any ? keys(second) : List.of();
  }

  private static List<ScanKey> keys(List<Scan> scans) {
    return scans.stream().map(s -> new ScanKey(s.patient(), s.timepoint(), s.reader())).toList();
  }

  private static double[] values(List<Scan> scans, int f) {
    double[] v = new double[scans.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = scans.get(i).values()[f];
    }
    return v;
  }

  private static String checkRaw(double[] y1, List<Scan> scans) {
    for (int i = 0; i < y1.length; i++) {
      if (!Double.isFinite(y1[i])) {
        return "value missing or not finite for " + scans.get(i).patient() + " "
            + scans.get(i).timepoint() + "; feature left out";
      }
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : y1) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return lo == hi ? "zero variance: the value is " + lo + " in every scan; feature left out"
        : null;
  }

  private static String adjustProblem(String message) {
    return message.contains("zero variance")
        ? "zero variance after harmonization (constant feature); feature left out"
        : message + "; feature left out";
  }

  /** Residuals that are rounding noise would, z-scored, manufacture a feature. */
  private static String checkAdjusted(double[] raw, double[] residual) {
    return sd(residual) <= 1e-9 * sd(raw) ? "zero variance after harmonization: the covariates"
        + " explain the feature entirely; feature left out" : null;
  }

  private static double sd(double[] v) {
    double m = 0;
    for (double x : v) {
      m += x;
    }
    m /= v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / Math.max(1, v.length - 1));
  }
}
