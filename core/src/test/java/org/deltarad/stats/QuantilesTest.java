package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuantilesTest {
  @Test
  void matchesRType7() {
    // R: quantile(c(1, 2, 3, 4, 10), c(0, .1, .25, .5, .75, 1)) = 1, 1.4, 2, 3, 4, 10
    double[] v = {1, 2, 3, 4, 10};
    assertEquals(1.0, Quantiles.type7(v, 0), 0);
    assertEquals(1.4, Quantiles.type7(v, 0.1), 1e-15);
    assertEquals(2.0, Quantiles.type7(v, 0.25), 0);
    assertEquals(3.0, Quantiles.type7(v, 0.5), 0);
    assertEquals(4.0, Quantiles.type7(v, 0.75), 0);
    assertEquals(10.0, Quantiles.type7(v, 1), 0);
    // R: quantile(c(3, 1, 2, 10), .5) = 2.5
    assertEquals(2.5, Quantiles.ofUnsorted(new double[] {3, 1, 2, 10}, 0.5), 0);
    assertEquals(7.0, Quantiles.type7(new double[] {7}, 0.9), 0);
    assertTrue(Double.isNaN(Quantiles.type7(new double[0], 0.5)));
  }
}
