package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dice summary per time point: type-7 quartiles, as R's quantile(x) by default. */
class DiceAgreementTest {
  @Test
  void medianAndQuartilesPerTimePointInTheConfiguredOrder() {
    // type 7, h = (n - 1) p: {0.5, ..., 0.9} -> 0.6 0.7 0.8 (h = 1, 2, 3); {0.4, 0.6} -> 0.45 0.5
    // 0.55 (h = 0.25, 0.5, 0.75)
    DiceAgreement d = DiceAgreement.of("t", List.of("pre", "mid"), List.of("mid", "pre", "pre",
        "pre", "mid", "pre", "pre", "late"), new double[] {0.4, 0.9, 0.5, 0.7, 0.6, 0.6, 0.8,
        0.3});
    assertEquals(List.of("pre", "mid", "late"), d.timepoints().stream()
        .map(DiceAgreement.TimePoint::timepoint).toList());
    DiceAgreement.TimePoint pre = d.timepoints().get(0);
    assertEquals(5, pre.n());
    assertEquals(0.7, pre.median(), 1e-15);
    assertEquals(0.6, pre.q1(), 1e-15);
    assertEquals(0.8, pre.q3(), 1e-15);
    assertEquals(0.5, pre.min(), 0);
    assertEquals(0.9, pre.max(), 0);
    DiceAgreement.TimePoint mid = d.timepoints().get(1);
    assertEquals(0.5, mid.median(), 1e-15);
    assertEquals(0.45, mid.q1(), 1e-15);
    assertEquals(0.55, mid.q3(), 1e-15);
  }
}
