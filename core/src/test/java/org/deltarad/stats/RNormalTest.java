package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RNormalTest {
  @Test
  void bitForBitAsRQnorm() {
    // sprintf("%.17g", qnorm(...)) in R 4.2.2
    assertEquals(1.9599639845400536, RNormal.quantile((1 - 0.95) / 2, false), 0);
    assertEquals(1.9599639845400538, RNormal.quantile(0.025, false), 0);
    assertEquals(-1.9599639845400538, RNormal.quantile(0.025, true), 0);
    assertEquals(-0.52440051270804067, RNormal.quantile(0.3, true), 0);
    assertEquals(-6.3613409024040557, RNormal.quantile(1e-10, true), 0);
    assertEquals(1.2815515655446008, RNormal.quantile(0.9, true), 0);
  }
}
