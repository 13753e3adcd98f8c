package org.deltarad.analysis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;

/**
 * An in-memory cohort with planted truth for the stage tests.
 *
 * <ul>
 *   <li>{@link #N} patients P01..P30, pre and mid scans of reader "1"; {@link #NO_MID} has no
 *       mid scan;</li>
 *   <li>reader "2" outlined both scans of every third patient (P03, P06, ...): its values are
 *       reader 1's plus small noise (sd {@link #SMALL_NOISE}), except {@link #NOISY} (sd
 *       {@link #LARGE_NOISE}); both readers' rows of a scan share its covariates;</li>
 *   <li>the OLS covariates (tr, te, flip_angle, slice_thickness, nex, anisotropy,
 *       voxel_volume_mm3, fov_x_mm, field_strength as Double; manufacturer as String) and a
 *       scanner effect made from them added to every feature but {@link #CONSTANT};</li>
 *   <li>clinical rows whose event times come from a hazard driven by the delta of
 *       {@link #SIGNAL}; {@link #CLINICAL_ONLY} has a clinical row but no scan.</li>
 * </ul>
 */
final class StageFixtures {
  static final int N = 30;
  static final String SIGNAL = "original_signal";
  static final String STABLE = "original_stable";
  static final String NOISY = "original_noisy";
  static final String CONSTANT = "original_constant";
  static final String SHAPE = "original_shape";
  static final List<String> FEATURES = List.of(SIGNAL, STABLE, NOISY, CONSTANT, SHAPE);
  static final double CONSTANT_VALUE = 7.0;
  static final double SMALL_NOISE = 0.02;
  static final double LARGE_NOISE = 1.5;
  static final String NO_MID = "P05";
  static final String CLINICAL_ONLY = "P99";
  static final String[] NUMERIC = {"tr", "te", "flip_angle", "slice_thickness", "nex",
      "anisotropy", "voxel_volume_mm3", "fov_x_mm", "field_strength"};
  static final String[] MANUFACTURERS = {"GE", "Philips", "Siemens"};

  private StageFixtures() {}

  static String id(int i) {
    return String.format(Locale.ROOT, "P%02d", i);
  }

  static boolean hasSecondReader(int i) {
    return i % 3 == 0;
  }

  /** The cohort (deterministic). */
  static CohortData cohort() {
    Random rnd = new Random(20250101L);
    List<Scan> scans = new ArrayList<>();
    Map<String, Clinical> clinical = new TreeMap<>();
    for (int i = 1; i <= N; i++) {
      String p = id(i);
      double[] pre = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), 0,
          rnd.nextGaussian()};
      double[] change = {rnd.nextGaussian(), 0.2 * rnd.nextGaussian(), 0.3 * rnd.nextGaussian(),
          0, 0.5 * rnd.nextGaussian()};
      String manufacturer = MANUFACTURERS[(i / 3 + i) % 3];
      double fieldStrength = i % 2 == 0 ? 3.0 : 1.5;
      for (String tp : List.of("pre", "mid")) {
        boolean mid = tp.equals("mid");
        Map<String, Object> cols = new HashMap<>();
        cols.put("tr", 400 + 300 * rnd.nextDouble());
        cols.put("te", 80 + 40 * rnd.nextDouble());
        cols.put("flip_angle", 90 + 60 * rnd.nextDouble());
        cols.put("slice_thickness", 3 + 3 * rnd.nextDouble());
        cols.put("nex", 1 + 3 * rnd.nextDouble());
        cols.put("anisotropy", 1 + 4 * rnd.nextDouble());
        cols.put("voxel_volume_mm3", 2 + 6 * rnd.nextDouble());
        cols.put("fov_x_mm", 200 + 100 * rnd.nextDouble());
        cols.put("field_strength", fieldStrength);
        cols.put("manufacturer", manufacturer);
        double scanner = 0.004 * ((Double) cols.get("tr") - 550) + 0.6 * (fieldStrength - 2.25)
            + (manufacturer.equals("Philips") ? 0.8 : manufacturer.equals("Siemens") ? -0.5 : 0);
        double[] v = new double[FEATURES.size()];
        for (int f = 0; f < v.length; f++) {
          v[f] = f == 3 ? CONSTANT_VALUE : 10 * (f + 1) + pre[f] + (mid ? change[f] : 0)
              + (f + 1) * scanner;
        }
        double[] v2 = v.clone();
        for (int f = 0; f < v2.length; f++) {
          if (f != 3) {
            v2[f] += (f == 2 ? LARGE_NOISE : SMALL_NOISE) * rnd.nextGaussian();
          }
        }
        if (mid && p.equals(NO_MID)) {
          continue;
        }
        scans.add(new Scan(p, tp, "1", cols, v));
        if (hasSecondReader(i)) {
          scans.add(new Scan(p, tp, "2", cols, v2));
        }
      }
      double hazard = 0.03 * Math.exp(1.2 * change[0]);
      double eventTime = -Math.log(1 - rnd.nextDouble()) / hazard;
      double censorTime = 20 + 60 * rnd.nextDouble();
      double diameter = 1 + 5 * rnd.nextDouble();
      // mid diameter from the patient's index, not the generator: earlier draws stay as they were
      clinical.put(p, new Clinical(p, Math.min(eventTime, censorTime),
          eventTime <= censorTime ? 1 : 0, 1 + i % 4, diameter, diameter * (0.4 + 0.05 * (i % 7)),
          Map.of("age", Integer.toString(35 + (i * 7) % 40))));
    }
    clinical.put(CLINICAL_ONLY, new Clinical(CLINICAL_ONLY, 30, 1, 2, 3.0, 2.0,
        Map.of("age", "50")));
    return new CohortData(FEATURES, scans, clinical);
  }

  /** The cohort with one column removed from one scan. */
  static CohortData without(CohortData d, String patient, String timepoint, String reader,
      String... columns) {
    List<Scan> scans = new ArrayList<>();
    for (Scan s : d.scans()) {
      if (s.patient().equals(patient) && s.timepoint().equals(timepoint)
          && s.reader().equals(reader)) {
        Map<String, Object> cols = new HashMap<>(s.columns());
        for (String c : columns) {
          cols.remove(c);
        }
        s = new Scan(s.patient(), s.timepoint(), s.reader(), cols, s.values());
      }
      scans.add(s);
    }
    return new CohortData(d.features(), scans, d.clinical());
  }

  /** The scan with these keys. */
  static Scan scan(CohortData d, String patient, String timepoint, String reader) {
    return d.scans().stream().filter(s -> s.patient().equals(patient)
        && s.timepoint().equals(timepoint) && s.reader().equals(reader)).findFirst()
        .orElseThrow(() -> new AssertionError("no scan " + patient + " " + timepoint + " "
            + reader));
  }

  /** Patients with a primary-reader row, as CohortAnalysis passes them to DeltaStage. */
  static Set<String> primaryPatients(CohortData d) {
    Set<String> out = new TreeSet<>();
    d.scans().stream().filter(s -> s.reader().equals("1")).forEach(s -> out.add(s.patient()));
    return out;
  }

  /** Field strength of each patient's pre scan of reader 1, as CohortAnalysis gives SplitStage. */
  static Map<String, String> fieldStrength(CohortData d) {
    Map<String, String> out = new TreeMap<>();
    for (Scan s : d.scans()) {
      if (s.reader().equals("1") && s.timepoint().equals("pre")) {
        out.put(s.patient(), s.label("field_strength"));
      }
    }
    return out;
  }

  static AnalysisSettings harmonization(AnalysisSettings d, HarmonizationMethod method,
      boolean zscore) {
    AnalysisSettings.Harmonization h = d.harmonization();
    return new AnalysisSettings(d.clinical(), d.timepoints(), d.features(),
        new AnalysisSettings.Harmonization(method, h.numeric(), h.categorical(), h.batch(),
            h.protect(), zscore), d.icc(), d.split(), d.lasso(), d.roc(), d.survival(),
        d.execution());
  }

  static AnalysisSettings icc(AnalysisSettings d, AnalysisSettings.IccFilter icc) {
    return new AnalysisSettings(d.clinical(), d.timepoints(), d.features(), d.harmonization(),
        icc, d.split(), d.lasso(), d.roc(), d.survival(), d.execution());
  }

  static AnalysisSettings lasso(AnalysisSettings d, AnalysisSettings.Lasso lasso) {
    return new AnalysisSettings(d.clinical(), d.timepoints(), d.features(), d.harmonization(),
        d.icc(), d.split(), lasso, d.roc(), d.survival(), d.execution());
  }

  /** The stages up to the deltas on the fixture cohort with default settings. */
  record Upstream(CohortData data, Harmonized harmonized, IccStage.Result icc,
      DeltaStage.Result deltas, List<Warning> warnings) {
    PatientMatrix matrix() {
      return deltas.matrix();
    }
  }

  static Upstream upstream() {
    AnalysisSettings s = AnalysisSettings.defaults();
    CohortData data = cohort();
    List<Warning> w = new ArrayList<>();
    Harmonized h = new HarmonizeStage(s, WorkPool.local()).run(data, w);
    IccStage.Result icc = new IccStage(s, WorkPool.local()).run(h, w);
    DeltaStage.Result deltas = new DeltaStage(s).run(h, icc.selected(), data.clinical(),
        primaryPatients(data), w);
    return new Upstream(data, h, icc, deltas, w);
  }

  /** Runs every item in turn on the calling thread. */
  static WorkPool sequentialPool() {
    return new WorkPool() {
      @Override
      public <T extends Serializable, R extends Serializable> List<R> map(List<T> items,
          Task<T, R> task) {
        List<R> out = new ArrayList<>();
        for (T t : items) {
          out.add(task.apply(t));
        }
        return out;
      }
    };
  }

  static double mean(double[] v) {
    double m = 0;
    for (double x : v) {
      m += x;
    }
    return m / v.length;
  }

  static double sd(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (v.length - 1));
  }

  static boolean hasWarning(List<Warning> w, String stage, String subject, String... parts) {
    return w.stream().anyMatch(x -> x.stage().equals(stage) && x.subject().equals(subject)
        && java.util.Arrays.stream(parts).allMatch(p -> x.message().contains(p)));
  }
}
