package org.deltarad.analysis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deltarad.stats.MannWhitneyTest;
import org.deltarad.stats.Quantiles;
import org.deltarad.stats.SpearmanCorrelation;
import org.deltarad.stats.WilcoxonSignedRankTest;

/**
 * Step 9: the paper's per-feature tests over the selected features' deltas table rows:
 * Wilcoxon signed-rank of pre vs mid (Table 4), Mann-Whitney with the Hodges-Lehmann shift of
 * the deltas between progressors and non-progressors (Fig. 5), Spearman of the pre values with
 * the baseline maximum tumour diameter and of the mid values with the mid-treatment one (Suppl.
 * Table 4). One feature is one piece of work.
 */
public final class TestsStage {
  public static final String WILCOXON = "wilcoxon_signed_rank";
  public static final String MANN_WHITNEY = "mann_whitney";
  public static final String SPEARMAN = "spearman";
  public static final String SPEARMAN_PRE = "pre vs baseline max diameter";
  public static final String SPEARMAN_MID = "mid vs mid max diameter";

  /**
   * One test of one feature; NaN where not applicable, {@code problem} when the test failed.
   * {@code medianA}/{@code medianB}: pre/mid for the signed-rank test, progression/no
   * progression for Mann-Whitney; {@code estimate} with its 95% CI: the Hodges-Lehmann
   * pseudo-median of mid - pre, the location shift of the deltas, or Spearman's rho.
   */
  public record Row(String feature, String test, String comparison, int n, double statistic,
      double pValue, double estimate, double ciLower, double ciUpper, Boolean exact,
      double medianA, double medianB, String problem) implements Serializable {}

  /** One patient's pre and mid values, outcome and diameter. */
  private record Obs(double pre, double mid, int event, double diameter, double midDiameter)
      implements Serializable {}

  private record Work(String feature, ArrayList<Obs> obs) implements Serializable {}

  private final WorkPool pool;

  public TestsStage(WorkPool pool) {
    this.pool = pool;
  }

  /** Rows sorted by feature, test, comparison. */
  public List<Row> run(List<DeltaStage.Row> deltas, List<String> selected,
      Map<String, Clinical> clinical) {
    Map<String, ArrayList<Obs>> byFeature = new java.util.TreeMap<>();
    for (String f : selected) {
      byFeature.put(f, new ArrayList<>());
    }
    for (DeltaStage.Row d : deltas) {
      ArrayList<Obs> obs = byFeature.get(d.feature());
      Clinical c = clinical.get(d.patient());
      if (obs != null && c != null && !Double.isNaN(d.pre()) && !Double.isNaN(d.mid())) {
        obs.add(new Obs(d.pre(), d.mid(), c.event(), c.diameter(), c.midDiameter()));
      }
    }
    List<Work> work = new ArrayList<>();
    byFeature.forEach((f, obs) -> work.add(new Work(f, obs)));
    List<ArrayList<Row>> rows = pool.map(work, TestsStage::one);
    List<Row> out = new ArrayList<>();
    rows.forEach(out::addAll);
    out.sort(java.util.Comparator.comparing(Row::feature).thenComparing(Row::test)
        .thenComparing(Row::comparison));
    return out;
  }

  private static ArrayList<Row> one(Work w) {
    String f = w.feature();
    List<Obs> obs = w.obs();
    ArrayList<Row> res = new ArrayList<>();
    double[] pre = obs.stream().mapToDouble(Obs::pre).toArray();
    double[] mid = obs.stream().mapToDouble(Obs::mid).toArray();
    try {
      WilcoxonSignedRankTest.Result t = WilcoxonSignedRankTest.test(mid, pre);
      // estimate: the Hodges-Lehmann pseudo-median of mid - pre, whose sign is Table 4's
      // direction of change
      res.add(new Row(f, WILCOXON, "mid vs pre", pre.length, t.v(), t.pValue(), t.estimate(),
          t.lower(), t.upper(), t.exact(), median(pre), median(mid), null));
    } catch (IllegalArgumentException ex) {
      res.add(problem(f, WILCOXON, "mid vs pre", pre.length, ex));
    }
    double[] a = obs.stream().filter(o -> o.event() == 1).mapToDouble(o -> o.mid() - o.pre())
        .toArray();
    double[] b = obs.stream().filter(o -> o.event() != 1).mapToDouble(o -> o.mid() - o.pre())
        .toArray();
    String cmp = "delta: progression vs no progression";
    try {
      MannWhitneyTest.Result m = MannWhitneyTest.test(a, b);
      res.add(new Row(f, MANN_WHITNEY, cmp, a.length + b.length, m.w(), m.pValue(),
          m.estimate(), m.lower(), m.upper(), m.exact(), median(a), median(b), null));
    } catch (IllegalArgumentException ex) {
      res.add(problem(f, MANN_WHITNEY, cmp, a.length + b.length, ex));
    }
    for (int k = 0; k < 2; k++) {
      boolean atPre = k == 0;
      List<Obs> sized = obs.stream().filter(o -> Double.isFinite(atPre ? o.diameter()
          : o.midDiameter())).toList();
      double[] dia = sized.stream().mapToDouble(atPre ? Obs::diameter : Obs::midDiameter)
          .toArray();
      double[] x = sized.stream().mapToDouble(atPre ? Obs::pre : Obs::mid).toArray();
      String what = atPre ? SPEARMAN_PRE : SPEARMAN_MID;
      try {
        SpearmanCorrelation.Result s = SpearmanCorrelation.test(x, dia);
        res.add(new Row(f, SPEARMAN, what, x.length, s.s(), s.pValue(), s.rho(), Double.NaN,
            Double.NaN, s.exact(), Double.NaN, Double.NaN, null));
      } catch (IllegalArgumentException ex) {
        res.add(problem(f, SPEARMAN, what, x.length, ex));
      }
    }
    return res;
  }

  static double median(double[] v) {
    return v.length == 0 ? Double.NaN : Quantiles.ofUnsorted(v, 0.5);
  }

  private static Row problem(String f, String test, String cmp, int n, Exception ex) {
    return new Row(f, test, cmp, n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        null, Double.NaN, Double.NaN, ex.getMessage());
  }
}
