package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** KaplanMeier, LogRankTest and HarrellC against survival 3.5 (golden/survival/*.json). */
class SurvivalGoldenTest {
  static final String[] SETS = RocGolden.SETS;

  private static JsonNode golden(String name) {
    return RocGolden.json("/golden/survival/" + name + ".json");
  }

  private static double[] asDouble(int[] v) {
    return Arrays.stream(v).asDoubleStream().toArray();
  }

  @ParameterizedTest
  @FieldSource("SETS")
  void kaplanMeierMatchesSurvfit(String name) {
    RocGolden.Data data = RocGolden.data(name);
    JsonNode g = golden(name).get("km");
    KaplanMeier km = KaplanMeier.fit(data.sample());
    assertArrayEquals(RocGolden.nums(g.get("time")), km.time(), 0.0, "time");
    assertArrayEquals(RocGolden.nums(g.get("n_risk")), asDouble(km.nRisk()), 0.0, "n.risk");
    assertArrayEquals(RocGolden.nums(g.get("n_event")), asDouble(km.nEvent()), 0.0, "n.event");
    assertArrayEquals(RocGolden.nums(g.get("n_censor")), asDouble(km.nCensor()), 0.0);
    assertArrayEquals(RocGolden.nums(g.get("surv")), km.survival(), 1e-12, "surv");
    assertArrayEquals(RocGolden.nums(g.get("std_err")), km.stdErr(), 1e-12, "std.err");
    assertArrayEquals(RocGolden.nums(g.get("lower")), km.lower(), 1e-12, "lower");
    assertArrayEquals(RocGolden.nums(g.get("upper")), km.upper(), 1e-12, "upper");
    assertEquals(RocGolden.num(g.get("median")), km.median(), 1e-12, "median");
    assertEquals(RocGolden.num(g.get("median_lower")), km.medianLower(), 1e-12, "median lower");
    assertEquals(RocGolden.num(g.get("median_upper")), km.medianUpper(), 1e-12, "median upper");
    double[] at = RocGolden.nums(g.get("at_times"));
    double[] nRisk = RocGolden.nums(g.get("at_n_risk"));
    double[] surv = RocGolden.nums(g.get("at_surv"));
    for (int k = 0; k < at.length; k++) {
      assertEquals(nRisk[k], km.nRiskAt(at[k]), 0.0, "n at risk at " + at[k]);
      assertEquals(surv[k], km.survivalAt(at[k]), 1e-12, "S at " + at[k]);
    }
  }

  @ParameterizedTest
  @FieldSource("SETS")
  void logRankMatchesSurvdiff(String name) {
    RocGolden.Data data = RocGolden.data(name);
    JsonNode g = golden(name);
    check(g.get("logrank_2"), LogRankTest.test(data.sample(), data.group()));
    int[] g3 = Arrays.stream(RocGolden.nums(g.get("groups_3"))).mapToInt(v -> (int) v).toArray();
    check(g.get("logrank_3"), LogRankTest.test(data.sample(), g3));
  }

  private static void check(JsonNode g, LogRankTest.Result r) {
    assertEquals(g.get("chisq").asDouble(), r.chiSquare(), 1e-9, "chisq");
    assertEquals(g.get("df").asInt(), r.df(), "df");
    assertEquals(g.get("p").asDouble(), r.pValue(), 1e-7, "p");
    assertArrayEquals(RocGolden.nums(g.get("obs")), r.observed(), 1e-12, "observed");
    assertArrayEquals(RocGolden.nums(g.get("exp")), r.expected(), 1e-9, "expected");
  }

  @ParameterizedTest
  @FieldSource("SETS")
  void harrellCMatchesConcordance(String name) {
    RocGolden.Data data = RocGolden.data(name);
    JsonNode g = golden(name);
    for (boolean reverse : new boolean[] {false, true}) {
      JsonNode c = g.get(reverse ? "concordance_reverse" : "concordance");
      HarrellC.Result r = HarrellC.compute(data.sample(), data.marker(), reverse);
      assertEquals(c.get("c").asDouble(), r.concordance(), 1e-9, "C");
      assertEquals(c.get("var").asDouble(), r.variance(), 1e-9, "var");
      assertArrayEquals(RocGolden.nums(c.get("count")), new double[] {r.concordant(),
          r.discordant(), r.tiedX(), r.tiedY(), r.tiedXY()}, 0.0, "counts");
    }
  }

  @Test
  void badInputIsRejectedWithAMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RightCensoredSample(new double[] {1, -2}, new int[] {1, 0}, "cohort.csv"));
    assertTrue(e.getMessage().startsWith("cohort.csv: negative time"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new RightCensoredSample(new double[] {1}, new int[] {1}, "x"));
    assertTrue(e.getMessage().contains("at least 2 subjects"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new RightCensoredSample(new double[] {1, 2}, new int[] {1, 2}, "x"));
    assertTrue(e.getMessage().contains("must be 0 or 1"), e.getMessage());
    RightCensoredSample s = new RightCensoredSample(new double[] {1, 2, 3}, new int[] {1, 0, 1});
    e = assertThrows(IllegalArgumentException.class,
        () -> LogRankTest.test(s, new int[] {1, 1, 1}));
    assertTrue(e.getMessage().contains("at least 2 groups"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> HarrellC.compute(s, new double[] {1, Double.NaN, 2}, false));
    assertTrue(e.getMessage().contains("not a finite number"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> TimeDependentRoc.compute(s, new double[] {1, 2}, 2));
    assertTrue(e.getMessage().contains("2 values for 3 subjects"), e.getMessage());
  }
}
