package org.deltarad.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussianFieldTest {
  private static double lag1(double[] v, int nx) {
    double s = 0;
    int n = 0;
    for (int i = 0; i + 1 < v.length; i++) {
      if ((i + 1) % nx != 0) {
        s += v[i] * v[i + 1];
        n++;
      }
    }
    return s / n;
  }

  @Test
  void unitVarianceAndGrainSetsCorrelation() {
    SynthRandom r = SynthRandom.of(1, 0, "t");
    double[] fine = GaussianField.field(64, 64, 4, 0.8, 0.8, 0, r);
    double[] coarse = GaussianField.field(64, 64, 4, 3, 3, 0, r);
    double ss = 0;
    for (double x : coarse) {
      ss += x * x;
    }
    assertEquals(1.0, ss / coarse.length, 1e-9);
    // Gaussian covariance: lag-1 correlation exp(-1/(4 sigma^2)) for a kernel of sigma.
    assertEquals(StrictMath.exp(-1 / (4 * 0.8 * 0.8)), lag1(fine, 64), 0.05);
    assertEquals(StrictMath.exp(-1 / (4 * 3.0 * 3.0)), lag1(coarse, 64), 0.03);
    assertTrue(lag1(coarse, 64) > lag1(fine, 64) + 0.2);
  }

  @Test
  void mirrorReflectsWithoutRepeatingTheEdge() {
    assertEquals(1, GaussianField.mirror(-1, 5));
    assertEquals(3, GaussianField.mirror(5, 5));
    assertEquals(0, GaussianField.mirror(8, 5));
    assertEquals(0, GaussianField.mirror(-7, 1));
  }

  @Test
  void blurKeepsAConstantImage() {
    double[] v = new double[10 * 8 * 3];
    java.util.Arrays.fill(v, 7.5);
    GaussianField.blur(v, 10, 8, 3, 1.3, 2.1, 0.7);
    for (double x : v) {
      assertEquals(7.5, x, 1e-12);
    }
  }

  @Test
  void streamsAreReproducibleAndDistinct() {
    assertEquals(SynthRandom.of(5, 3, "a").gaussian(), SynthRandom.of(5, 3, "a").gaussian());
    assertTrue(SynthRandom.of(5, 3, "a").uniform() != SynthRandom.of(5, 4, "a").uniform());
    assertTrue(SynthRandom.of(5, 3, "a").uniform() != SynthRandom.of(5, 3, "b").uniform());
  }
}
