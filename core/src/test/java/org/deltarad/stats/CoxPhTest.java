package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@link CoxPh} against survival::coxph (core/src/test/r/coxph_golden.R). */
class CoxPhTest {
  @Test
  void matchesCoxph() {
    JsonNode cases = Golden.load("survival/coxph.json");
    assertEquals(3, cases.size(), "cases");
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      double[] t = Golden.doubles(c.get("time"));
      double[] st = Golden.doubles(c.get("status"));
      int[] e = new int[st.length];
      for (int i = 0; i < e.length; i++) {
        e[i] = (int) st[i];
      }
      CoxPh.Result r = CoxPh.fit(new RightCensoredSample(t, e), Golden.doubles(c.get("x")));
      // coxph stops at a relative log-likelihood change of 1e-9: b agrees to ~1e-8
      assertEquals(c.get("beta").asDouble(), r.beta(), 1e-7, name + ": beta");
      assertEquals(c.get("se").asDouble(), r.se(), 1e-7, name + ": se");
      assertEquals(c.get("hr").asDouble(), r.hazardRatio(), 1e-7 * r.hazardRatio(), name + ": HR");
      assertEquals(c.get("lower").asDouble(), r.lower(), 1e-7, name + ": lower");
      assertEquals(c.get("upper").asDouble(), r.upper(), 1e-7, name + ": upper");
      assertEquals(c.get("p").asDouble(), r.pValue(), 1e-7 * Math.max(1e-3,
          c.get("p").asDouble()) + 1e-9, name + ": p");
    }
  }

  @Test
  void aGroupWithoutEventsHasNoFiniteRatio() {
    RightCensoredSample s = new RightCensoredSample(new double[] {1, 2, 3, 4},
        new int[] {1, 0, 1, 0});
    CoxPh.Result r = CoxPh.fit(s, new double[] {1, 0, 1, 0});
    assertTrue(Double.isNaN(r.hazardRatio()), "separated: " + r);
    assertTrue(Double.isNaN(CoxPh.fit(s, new double[] {1, 1, 1, 1}).beta()), "constant x");
    assertThrows(IllegalArgumentException.class, () -> CoxPh.fit(s, new double[] {1, 0}));
  }
}
