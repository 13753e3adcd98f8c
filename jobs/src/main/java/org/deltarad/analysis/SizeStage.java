package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.stats.FisherExactTest;
import org.deltarad.stats.MannWhitneyTest;
import org.deltarad.stats.Quantiles;
import org.deltarad.stats.WilcoxonSignedRankTest;

/**
 * Tumour size as the paper uses it (Results, "Patient demographics"; Suppl. Table 5), over the
 * patients of the {@link PatientMatrix}: Wilcoxon signed-rank of the mid against the baseline
 * maximum diameter; the baseline and mid diameters and the relative shrinkage
 * {@code (pre - mid) / pre} of progressors against non-progressors (Mann-Whitney U with the
 * Hodges-Lehmann shift); shrinkage of at least {@code clinical.shrinkage} against progression
 * (Fisher's exact test, conditional MLE odds ratio). And the size markers of the {@code auc}
 * table: the baseline ROI volume ({@code Tumour_volume}, mL, of the primary reader's mask) and
 * the relative changes {@code (mid - pre) / pre} of diameter and ROI volume (higher = less
 * shrinkage = worse, timeROC's direction).
 */
public final class SizeStage {
  public static final String TUMOUR_VOLUME = "Tumour_volume";
  public static final String DIAMETER_CHANGE = "Diameter_change_rel";
  public static final String VOLUME_CHANGE = "Volume_change_rel";
  /** The features-table column with the ROI volume. */
  public static final String ROI_VOLUME = "roi_volume_mm3";
  public static final String FISHER = "fisher_exact";

  /** What a row measures. */
  public enum Measure {
    DIAMETER("max diameter, cm"), PRE_DIAMETER("baseline max diameter, cm"),
    MID_DIAMETER("mid max diameter, cm"), SHRINKAGE("relative diameter reduction"),
    RESPONSE("diameter reduction >= threshold");

    private final String label;

    Measure(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One test. Group a / b: mid / pre for the signed-rank test, progression / no progression
   * otherwise; for Fisher's test {@code countA}/{@code countB} are the responders among
   * {@code nA}/{@code nB} and {@code estimate} the odds ratio (responders, progression first).
   */
  public record Row(Measure measure, String test, String comparison, int nA, int nB,
      double statistic, double pValue, double estimate, double ciLower, double ciUpper,
      double[] quartilesA, double[] quartilesB, int countA, int countB, String problem) {}

  /** Rows, and per patient (matrix order) the size markers of the {@code auc} table. */
  public record Result(List<Row> rows, Map<String, double[]> markers) {}

  private final AnalysisSettings settings;

  public SizeStage(AnalysisSettings settings) {
    this.settings = settings;
  }

  public Result run(PatientMatrix pm, Map<String, Clinical> clinical, List<Scan> scans) {
    int n = pm.size();
    double[] pre = new double[n];
    double[] mid = new double[n];
    int[] event = new int[n];
    for (int i = 0; i < n; i++) {
      Clinical c = clinical.get(pm.patients()[i]);
      pre[i] = c.diameter();
      mid[i] = c.midDiameter();
      event[i] = c.event();
    }
    double[] shrink = new double[n];
    for (int i = 0; i < n; i++) {
      shrink[i] = (pre[i] - mid[i]) / pre[i];
    }
    List<Row> rows = new ArrayList<>();
    rows.add(signedRank(pre, mid));
    rows.add(byOutcome(Measure.PRE_DIAMETER, pre, event));
    rows.add(byOutcome(Measure.MID_DIAMETER, mid, event));
    rows.add(byOutcome(Measure.SHRINKAGE, shrink, event));
    rows.add(response(shrink, event, settings.clinical().shrinkage()));
    return new Result(rows, markers(pm, pre, mid, scans));
  }

  private Map<String, double[]> markers(PatientMatrix pm, double[] pre, double[] mid,
      List<Scan> scans) {
    Map<String, double[]> vol = roiVolumes(scans);
    int n = pm.size();
    double[] v0 = new double[n];
    double[] dChange = new double[n];
    double[] vChange = new double[n];
    for (int i = 0; i < n; i++) {
      double[] v = vol.getOrDefault(pm.patients()[i], new double[] {Double.NaN, Double.NaN});
      v0[i] = v[0] / 1000;
      vChange[i] = (v[1] - v[0]) / v[0];
      dChange[i] = (mid[i] - pre[i]) / pre[i];
    }
    Map<String, double[]> m = new LinkedHashMap<>();
    m.put(TUMOUR_VOLUME, v0);
    m.put(DIAMETER_CHANGE, dChange);
    m.put(VOLUME_CHANGE, vChange);
    return m;
  }

  /** Patient -> {pre, mid} ROI volume (mm^3) of the primary reader; NaN where missing. */
  private Map<String, double[]> roiVolumes(List<Scan> scans) {
    AnalysisSettings.TimePoints tp = settings.timepoints();
    Map<String, double[]> out = new java.util.HashMap<>();
    for (Scan s : scans) {
      if (!s.reader().equals(tp.primaryReader())) {
        continue;
      }
      boolean isPre = s.timepoint().equals(tp.pre());
      if (isPre || s.timepoint().equals(tp.mid())) {
        out.computeIfAbsent(s.patient(), k -> new double[] {Double.NaN, Double.NaN})
            [isPre ? 0 : 1] = s.number(ROI_VOLUME);
      }
    }
    return out;
  }

  private static Row signedRank(double[] pre, double[] mid) {
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < pre.length; i++) {
      if (Double.isFinite(pre[i]) && Double.isFinite(mid[i])) {
        pairs.add(new double[] {pre[i], mid[i]});
      }
    }
    double[] a = pairs.stream().mapToDouble(p -> p[1]).toArray();
    double[] b = pairs.stream().mapToDouble(p -> p[0]).toArray();
    String cmp = "mid vs pre";
    try {
      WilcoxonSignedRankTest.Result t = WilcoxonSignedRankTest.test(a, b);
      return new Row(Measure.DIAMETER, TestsStage.WILCOXON, cmp, a.length, b.length, t.v(),
          t.pValue(), t.estimate(), t.lower(), t.upper(), quartiles(a), quartiles(b), -1, -1,
          null);
    } catch (IllegalArgumentException ex) {
      return problem(Measure.DIAMETER, TestsStage.WILCOXON, cmp, a, b, ex);
    }
  }

  private static Row byOutcome(Measure m, double[] v, int[] event) {
    double[] a = finite(v, event, true);
    double[] b = finite(v, event, false);
    String cmp = "progression vs no progression";
    try {
      MannWhitneyTest.Result t = MannWhitneyTest.test(a, b);
      return new Row(m, TestsStage.MANN_WHITNEY, cmp, a.length, b.length, t.w(), t.pValue(),
          t.estimate(), t.lower(), t.upper(), quartiles(a), quartiles(b), -1, -1, null);
    } catch (IllegalArgumentException ex) {
      return problem(m, TestsStage.MANN_WHITNEY, cmp, a, b, ex);
    }
  }

  private static Row response(double[] shrink, int[] event, double threshold) {
    double[] a = finite(shrink, event, true);
    double[] b = finite(shrink, event, false);
    long ra = java.util.Arrays.stream(a).filter(s -> s >= threshold).count();
    long rb = java.util.Arrays.stream(b).filter(s -> s >= threshold).count();
    String cmp = "progression vs no progression";
    try {
      FisherExactTest.Result2x2 f = FisherExactTest.test2x2(new long[][] {{ra, rb},
          {a.length - ra, b.length - rb}});
      return new Row(Measure.RESPONSE, FISHER, cmp, a.length, b.length, Double.NaN,
          f.pValue(), f.oddsRatio(), f.lower(), f.upper(), quartiles(a), quartiles(b), (int) ra,
          (int) rb, null);
    } catch (IllegalArgumentException ex) {
      return problem(Measure.RESPONSE, FISHER, cmp, a, b, ex);
    }
  }

  /** The finite values of the progressors ({@code progressed}) or the others. */
  private static double[] finite(double[] v, int[] event, boolean progressed) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      if (Double.isFinite(v[i]) && (event[i] == 1) == progressed) {
        out.add(v[i]);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {q1, median, q3} (R's type 7), NaN when empty. */
  static double[] quartiles(double[] v) {
    if (v.length == 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    return new double[] {Quantiles.ofUnsorted(v, 0.25), Quantiles.ofUnsorted(v, 0.5),
        Quantiles.ofUnsorted(v, 0.75)};
  }

  private static Row problem(Measure m, String test, String cmp, double[] a, double[] b,
      Exception ex) {
    return new Row(m, test, cmp, a.length, b.length, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, quartiles(a), quartiles(b), -1, -1, ex.getMessage());
  }
}
