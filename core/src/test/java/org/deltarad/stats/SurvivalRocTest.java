package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SurvivalRocTest {
  static final String[] WITH_CURVE = {"cont_n73", "cont_n37", "figo_n73", "size_n37",
      "ties_n110", "heavycens_n73", "degenerate_nocontrols"};

  @ParameterizedTest
  @FieldSource("WITH_CURVE")
  void kmMatchesSurvivalRoc(String name) {
    RocGolden.Data data = RocGolden.data(name);
    JsonNode g = RocGolden.json("/golden/roc/" + name + ".json").get("survivalroc_km");
    SurvivalRoc.Result r = SurvivalRoc.km(data.sample(), data.marker(), 60);
    check(g, r);
  }

  @ParameterizedTest
  @FieldSource("WITH_CURVE")
  void nneMatchesSurvivalRoc(String name) {
    RocGolden.Data data = RocGolden.data(name);
    JsonNode g = RocGolden.json("/golden/roc/" + name + ".json").get("survivalroc_nne");
    double span = g.get("span").asDouble();
    assertEquals(span, SurvivalRoc.defaultSpan(data.time().length), 1e-15);
    SurvivalRoc.Result r = SurvivalRoc.nne(data.sample(), data.marker(), 60, span);
    check(g, r);
  }

  private static void check(JsonNode g, SurvivalRoc.Result r) {
    assertArrayEquals(RocGolden.nums(g.get("cut_values")), r.cutValues(), 0.0, "cut values");
    assertArrayEquals(RocGolden.nums(g.get("tp")), r.truePositive(), 1e-9, "TP");
    assertArrayEquals(RocGolden.nums(g.get("fp")), r.falsePositive(), 1e-9, "FP");
    assertEquals(g.get("auc").asDouble(), r.auc(), 1e-9, "AUC");
    assertEquals(g.get("survival").asDouble(), r.survival(), 1e-9, "survival");
    assertEquals(RocGolden.num(g.get("youden_cutoff")), r.youdenCutoff(), 0.0, "Youden cut-off");
  }

  @Test
  void noEventByHorizonIsAnError() {
    RocGolden.Data data = RocGolden.data("degenerate_nocases");
    JsonNode g = RocGolden.json("/golden/roc/degenerate_nocases.json");
    assertTrue(Double.isNaN(RocGolden.num(g.get("survivalroc_km").get("auc")))); // R: NaN
    assertTrue(g.get("survivalroc_nne").has("error")); // R: stops
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SurvivalRoc.km(data.sample(), data.marker(), 60));
    assertTrue(e.getMessage().contains("no event at or before the horizon"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SurvivalRoc.nne(data.sample(), data.marker(), 60, 0.1));
  }

  @Test
  void youdenTakesFirstMaximumAndMinusInfinityWhenNothingBeatsChance() {
    // Marker opposite to risk: every cut has TP - FP < 0, so which.max picks -Inf (index 1).
    double[] time = {1, 2, 3, 4, 5, 6, 7, 8};
    int[] event = {1, 1, 1, 1, 0, 0, 0, 0};
    double[] marker = {1, 2, 3, 4, 5, 6, 7, 8};
    SurvivalRoc.Result r = SurvivalRoc.km(new RightCensoredSample(time, event), marker, 4.5);
    assertEquals(Double.NEGATIVE_INFINITY, r.youdenCutoff());
    assertEquals(0.0, r.auc(), 1e-12);
    SurvivalRoc.Result perfect = SurvivalRoc.km(new RightCensoredSample(time, event),
        new double[] {8, 7, 6, 5, 4, 3, 2, 1}, 4.5);
    assertEquals(1.0, perfect.auc(), 1e-12);
    assertEquals(4.0, perfect.youdenCutoff()); // marker > 4 are exactly the 4 cases
  }
}
