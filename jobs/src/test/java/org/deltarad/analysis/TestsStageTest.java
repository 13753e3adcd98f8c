package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deltarad.stats.MannWhitneyTest;
import org.deltarad.stats.Quantiles;
import org.deltarad.stats.SpearmanCorrelation;
import org.deltarad.stats.WilcoxonSignedRankTest;
import org.junit.jupiter.api.Test;

class TestsStageTest {
  // patients P01..P08 with pre/mid of feature "b_feat"; P09 lacks mid; "z_other" not selected
  private static final double[] PRE = {1.0, 2.5, 0.3, 4.1, 2.2, 3.3, 0.9, 1.7};
  private static final double[] MID = {1.8, 2.1, 1.9, 5.0, 2.0, 4.6, 1.3, 3.1};
  private static final int[] EVENT = {1, 0, 1, 1, 0, 0, 1, 0};
  private static final double[] DIAMETER = {3.1, 2.0, Double.NaN, 5.5, 1.2, 4.4, 2.8, 3.9};
  private static final double[] MID_DIAMETER = {2.1, 1.5, 3.0, 2.2, 4.1, Double.NaN, 1.1, 2.6};

  private static List<DeltaStage.Row> deltas() {
    List<DeltaStage.Row> rows = new ArrayList<>();
    for (String f : List.of("b_feat", "a_feat", "z_other")) {
      double shift = f.equals("a_feat") ? 0.5 : 0;
      for (int i = 0; i < PRE.length; i++) {
        double pre = PRE[i] * (1 + shift);
        double mid = MID[(i + (f.equals("a_feat") ? 3 : 0)) % MID.length];
        rows.add(new DeltaStage.Row(f, StageFixtures.id(i + 1), pre, mid, mid - pre));
      }
      rows.add(new DeltaStage.Row(f, "P09", 1.0, Double.NaN, Double.NaN));
      rows.add(new DeltaStage.Row(f, "P10", 1.0, 2.0, 1.0)); // no clinical row
    }
    return rows;
  }

  private static Map<String, Clinical> clinical() {
    Map<String, Clinical> m = new TreeMap<>();
    for (int i = 0; i < PRE.length; i++) {
      String id = StageFixtures.id(i + 1);
      m.put(id, new Clinical(id, 10 + i, EVENT[i], 2, DIAMETER[i], MID_DIAMETER[i],
          Map.of()));
    }
    m.put("P09", new Clinical("P09", 5, 1, 2, 3.0, Double.NaN, Map.of()));
    return m;
  }

  private static List<TestsStage.Row> run(WorkPool pool) {
    return new TestsStage(pool).run(deltas(), List.of("b_feat", "a_feat"), clinical());
  }

  private static double[] col(List<DeltaStage.Row> rows, String f, boolean pre) {
    return rows.stream().filter(r -> r.feature().equals(f) && r.patient().compareTo("P09") < 0)
        .mapToDouble(r -> pre ? r.pre() : r.mid()).toArray();
  }

  @Test
  void rowsAreSortedByFeatureTestComparisonAndOnlySelected() {
    List<String> got = run(WorkPool.local()).stream()
        .map(r -> r.feature() + "|" + r.test() + "|" + r.comparison()).toList();
    List<String> want = new ArrayList<>();
    for (String f : List.of("a_feat", "b_feat")) {
      want.add(f + "|mann_whitney|delta: progression vs no progression");
      want.add(f + "|spearman|mid vs mid max diameter");
      want.add(f + "|spearman|pre vs baseline max diameter");
      want.add(f + "|wilcoxon_signed_rank|mid vs pre");
    }
    assertEquals(want, got, "row order");
  }

  @Test
  void rowsEqualTheCoreTestsCalledDirectly() {
    List<DeltaStage.Row> d = deltas();
    for (String f : List.of("a_feat", "b_feat")) {
      double[] pre = col(d, f, true);
      double[] mid = col(d, f, false);
      Map<String, TestsStage.Row> rows = new TreeMap<>();
      run(WorkPool.local()).stream().filter(r -> r.feature().equals(f))
          .forEach(r -> rows.put(r.test() + "|" + r.comparison(), r));

      WilcoxonSignedRankTest.Result w = WilcoxonSignedRankTest.test(mid, pre);
      TestsStage.Row wr = rows.get("wilcoxon_signed_rank|mid vs pre");
      assertNull(wr.problem(), f + ": wilcoxon problem");
      assertEquals(8, wr.n(), f + ": wilcoxon n (P09 without mid, P10 without clinical)");
      assertEquals(w.v(), wr.statistic(), 0, f + ": V");
      assertEquals(w.pValue(), wr.pValue(), 1e-15, f + ": wilcoxon p");
      assertEquals(w.estimate(), wr.estimate(), 1e-15, f + ": pseudo-median of mid - pre");
      assertEquals(w.lower(), wr.ciLower(), 1e-15, f + ": its CI lower");
      assertEquals(Quantiles.ofUnsorted(pre, 0.5), wr.medianA(), 0, f + ": median pre");
      assertEquals(Quantiles.ofUnsorted(mid, 0.5), wr.medianB(), 0, f + ": median mid");

      List<Double> a = new ArrayList<>();
      List<Double> b = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        (EVENT[i] == 1 ? a : b).add(mid[i] - pre[i]);
      }
      double[] da = a.stream().mapToDouble(Double::doubleValue).toArray();
      double[] db = b.stream().mapToDouble(Double::doubleValue).toArray();
      MannWhitneyTest.Result m = MannWhitneyTest.test(da, db);
      TestsStage.Row mr = rows.get("mann_whitney|delta: progression vs no progression");
      assertEquals(m.w(), mr.statistic(), 0, f + ": W");
      assertEquals(m.pValue(), mr.pValue(), 1e-15, f + ": mann-whitney p");
      assertEquals(m.estimate(), mr.estimate(), 1e-15, f + ": Hodges-Lehmann");
      assertEquals(m.lower(), mr.ciLower(), 1e-12, f + ": CI lower");
      assertEquals(m.upper(), mr.ciUpper(), 1e-12, f + ": CI upper");
      assertEquals(Quantiles.ofUnsorted(da, 0.5), mr.medianA(), 0, f + ": median progression");
      assertEquals(Quantiles.ofUnsorted(db, 0.5), mr.medianB(), 0, f + ": median none");

      int[] sized = {0, 1, 3, 4, 5, 6, 7}; // P03 has no diameter
      double[] dia = Arrays.stream(sized).mapToDouble(i -> DIAMETER[i]).toArray();
      double[] xPre = Arrays.stream(sized).mapToDouble(i -> pre[i]).toArray();
      int[] midSized = {0, 1, 2, 3, 4, 6, 7}; // P06 has no mid diameter
      double[] midDia = Arrays.stream(midSized).mapToDouble(i -> MID_DIAMETER[i]).toArray();
      double[] xMid = Arrays.stream(midSized).mapToDouble(i -> mid[i]).toArray();
      SpearmanCorrelation.Result sp = SpearmanCorrelation.test(xPre, dia);
      TestsStage.Row spr = rows.get("spearman|pre vs baseline max diameter");
      assertEquals(7, spr.n(), f + ": spearman n without the missing diameter");
      assertEquals(sp.rho(), spr.estimate(), 1e-15, f + ": rho pre");
      assertEquals(sp.pValue(), spr.pValue(), 1e-15, f + ": spearman p pre");
      SpearmanCorrelation.Result sd = SpearmanCorrelation.test(xMid, midDia);
      TestsStage.Row sdr = rows.get("spearman|mid vs mid max diameter");
      assertEquals(7, sdr.n(), f + ": spearman n without the missing mid diameter");
      assertEquals(sd.rho(), sdr.estimate(), 1e-15, f + ": rho mid");
      assertEquals(sd.s(), sdr.statistic(), 1e-12, f + ": S mid");
    }
  }

  @Test
  void sequentialAndParallelPoolsGiveTheSameRows() {
    assertEquals(run(StageFixtures.sequentialPool()).toString(), run(WorkPool.local()).toString(),
        "rows");
  }
}
