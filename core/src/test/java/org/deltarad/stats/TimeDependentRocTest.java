package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class TimeDependentRocTest {
  static final String[] REGULAR = RocGolden.REGULAR;

  @ParameterizedTest
  @FieldSource("REGULAR")
  void matchesTimeRoc(String name) {
    RocGolden.Data data = RocGolden.data(name);
    JsonNode g = RocGolden.json("/golden/roc/" + name + ".json");
    double horizon = g.get("horizon").asDouble();
    TimeDependentRoc.Result r = TimeDependentRoc.compute(data.sample(), data.marker(), horizon);
    assertEquals(g.get("auc").asDouble(), r.auc(), 1e-9, "auc");
    assertEquals(g.get("se").asDouble(), r.se(), 1e-9, "se");
    assertEquals(g.get("ci_lower").asDouble(), r.ciLower(), 1e-9, "ci_lower");
    assertEquals(g.get("ci_upper").asDouble(), r.ciUpper(), 1e-9, "ci_upper");
    assertEquals(g.get("cases").asInt(), r.cases());
    assertEquals(g.get("survivors").asInt(), r.controls());
    assertEquals(g.get("censored").asInt(), r.censored());
    assertEquals(g.get("cumulative_incidence").asDouble(), r.cumulativeIncidence(), 1e-9);
    assertEquals(g.get("surv_prob").asDouble(), r.survivalProbability(), 1e-9);
    assertArrayEquals(RocGolden.nums(g.get("tp")), r.truePositive(), 1e-9, "TP");
    assertArrayEquals(RocGolden.nums(g.get("fp")), r.falsePositive(), 1e-9, "FP");
    // R's iid vector is in time order (stable)
    double[] iid = RocGolden.nums(g.get("iid"));
    int[] ord = data.sample().orderByTime();
    for (int k = 0; k < iid.length; k++) {
      assertEquals(iid[k], r.influence()[ord[k]], 1e-9, "iid " + k);
    }
    TimeDependentRoc.Result r2 = TimeDependentRoc.compute(data.sample(), data.marker2(), horizon);
    assertEquals(g.get("auc2").asDouble(), r2.auc(), 1e-9, "auc2");
    assertEquals(g.get("se2").asDouble(), r2.se(), 1e-9, "se2");
    assertEquals(g.get("compare_p").asDouble(), TimeDependentRoc.compare(r, r2), 1e-7, "p");
  }

  @Test
  void noCasesBeforeHorizonIsAnError() {
    RocGolden.Data data = RocGolden.data("degenerate_nocases");
    JsonNode g = RocGolden.json("/golden/roc/degenerate_nocases.json");
    assertTrue(g.get("auc").isNull()); // timeROC: NA
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimeDependentRoc.compute(data.sample(), data.marker(), 60));
    assertTrue(e.getMessage().contains("no event before the horizon"), e.getMessage());
  }

  @Test
  void noControlsBeyondHorizonIsAnError() {
    RocGolden.Data data = RocGolden.data("degenerate_nocontrols");
    assertTrue(RocGolden.json("/golden/roc/degenerate_nocontrols.json").get("auc").isNull());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimeDependentRoc.compute(data.sample(), data.marker(), 60));
    assertTrue(e.getMessage().contains("beyond the horizon"), e.getMessage());
  }
}
