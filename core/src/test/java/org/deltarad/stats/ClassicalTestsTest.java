package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Mann-Whitney, signed-rank, Spearman and Fisher against R (core/src/test/r/misc_golden.R). */
class ClassicalTestsTest {
  private static final double TOL = 1e-9;
  private static final double TOL_P = 1e-7;

  private static final java.util.Map<String, Double> WORST = new java.util.TreeMap<>();

  @org.junit.jupiter.api.AfterAll
  static void report() {
    System.out.println("max error vs R by test and quantity: " + WORST);
  }

  private static void near(String what, double actual, JsonNode expected, double tol) {
    double err = Golden.relErr(actual, Golden.dbl(expected));
    String caller = StackWalker.getInstance().walk(f -> f.skip(1).findFirst().get().getMethodName());
    WORST.merge(caller + " " + what.substring(what.lastIndexOf(' ') + 1), err, Math::max);
    assertTrue(err <= tol, what + ": " + actual + " vs R " + expected + " (err " + err + ")");
  }

  @Test
  void mannWhitneyMatchesWilcoxTest() {
    for (JsonNode c : Golden.load("tests/mann_whitney.json")) {
      String name = c.get("name").asText();
      MannWhitneyTest.Result r = MannWhitneyTest.test(Golden.doubles(c.get("x")),
          Golden.doubles(c.get("y")));
      assertEquals(c.get("exact").asBoolean(), r.exact(), name + " exact path");
      near(name + " W", r.w(), c.get("w"), TOL);
      near(name + " p", r.pValue(), c.get("p"), TOL_P);
      near(name + " estimate", r.estimate(), c.get("estimate"), TOL);
      near(name + " lower", r.lower(), c.get("lower"), TOL);
      near(name + " upper", r.upper(), c.get("upper"), TOL);
      assertEquals(r.pValue(), MannWhitneyTest.pValue(Golden.doubles(c.get("x")),
          Golden.doubles(c.get("y"))), 0.0, name + " pValue alone");
    }
  }

  /**
   * Two samples each constant: every shifted comparison ties, so there is no Hodges-Lehmann
   * interval, but R's {@code wilcox.test(c(1,1,1,1,1), c(2,2,2))$p.value} exists
   * (0.013535198613802849, R 4.2.2); all values tied has neither.
   */
  @Test
  void mannWhitneyPValueWithoutAnInterval() {
    double[] x = {1, 1, 1, 1, 1};
    double[] y = {2, 2, 2};
    assertThrows(IllegalArgumentException.class, () -> MannWhitneyTest.test(x, y));
    assertEquals(0.013535198613802849, MannWhitneyTest.pValue(x, y), 1e-15);
    assertThrows(IllegalArgumentException.class,
        () -> MannWhitneyTest.pValue(new double[] {1, 1}, new double[] {1, 1, 1}));
  }

  @Test
  void signedRankMatchesPairedWilcoxTest() {
    for (JsonNode c : Golden.load("tests/signed_rank.json")) {
      String name = c.get("name").asText();
      WilcoxonSignedRankTest.Result r = WilcoxonSignedRankTest.test(Golden.doubles(c.get("x")),
          Golden.doubles(c.get("y")));
      assertEquals(c.get("exact").asBoolean(), r.exact(), name + " exact path");
      near(name + " V", r.v(), c.get("v"), TOL);
      near(name + " p", r.pValue(), c.get("p"), TOL_P);
      near(name + " estimate", r.estimate(), c.get("estimate"), TOL);
      near(name + " lower", r.lower(), c.get("lower"), TOL);
      near(name + " upper", r.upper(), c.get("upper"), TOL);
      near(name + " confLevel", r.confLevel(), c.get("conf_level"), TOL);
    }
  }

  @Test
  void spearmanMatchesCorTest() {
    for (JsonNode c : Golden.load("tests/spearman.json")) {
      String name = c.get("name").asText();
      SpearmanCorrelation.Result r = SpearmanCorrelation.test(Golden.doubles(c.get("x")),
          Golden.doubles(c.get("y")));
      near(name + " rho", r.rho(), c.get("rho"), TOL);
      near(name + " S", r.s(), c.get("s"), TOL);
      near(name + " p", r.pValue(), c.get("p"), TOL_P);
    }
  }

  @Test
  void fisherMatchesFisherTest() {
    for (JsonNode c : Golden.load("tests/fisher.json")) {
      String name = c.get("name").asText();
      JsonNode t = c.get("table");
      long[][] tab = new long[t.size()][];
      for (int i = 0; i < tab.length; i++) {
        double[] row = Golden.doubles(t.get(i));
        tab[i] = new long[row.length];
        for (int j = 0; j < row.length; j++) {
          tab[i][j] = (long) row[j];
        }
      }
      near(name + " p", FisherExactTest.test(tab), c.get("p"), TOL_P);
      if (c.has("odds_ratio")) {
        FisherExactTest.Result2x2 r = FisherExactTest.test2x2(tab);
        near(name + " OR", r.oddsRatio(), c.get("odds_ratio"), TOL);
        near(name + " lower", r.lower(), c.get("lower"), TOL);
        near(name + " upper", r.upper(), c.get("upper"), TOL);
      }
    }
  }

  @Test
  void rejectsDegenerateInput() {
    assertThrows(IllegalArgumentException.class,
        () -> MannWhitneyTest.test(new double[] {}, new double[] {1}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MannWhitneyTest.test(new double[] {1, 1}, new double[] {1, 1, 1}));
    assertTrue(e.getMessage().contains("tied"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> WilcoxonSignedRankTest.test(new double[] {1, 2}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("zero"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SpearmanCorrelation.test(new double[] {1, 2, 3}, new double[] {4, 4, 4}));
    assertTrue(e.getMessage().contains("constant"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SpearmanCorrelation.test(new double[] {1, Double.NaN, 3}, new double[] {4, 5, 6}));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FisherExactTest.test(new long[][] {{1, -2}, {3, 4}}));
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> FisherExactTest.test(new long[][] {{9, 1, 5, 5}, {1, 9, 5, 5}, {5, 5, 2, 8}}, 10));
    assertTrue(e.getMessage().contains("too large"), e.getMessage());
  }
}
