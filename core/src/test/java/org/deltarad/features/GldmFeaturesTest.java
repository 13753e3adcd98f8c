package org.deltarad.features;

import static org.deltarad.features.TextureFixtures.roi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GldmFeaturesTest {
  private static final double TOL = 1e-12;

  /**
   * Row [1, 1, 2], alpha 0: dependences 1, 1, 0, so P(level 1, j = 2) = 2 and P(level 2, j = 1) =
   * 1, N<sub>z</sub> = 3.
   */
  @Test
  void rowByHand() {
    Map<String, Double> f = new GldmFeatures().compute(roi(3, 1, 1, 1, 1, 2));
    assertEquals(GldmFeatures.NAMES, f.keySet().stream().toList());
    assertEquals(14, f.size());
    assertEquals((2 / 4.0 + 1) / 3, f.get("SmallDependenceEmphasis"), TOL);
    assertEquals((2 * 4.0 + 1) / 3, f.get("LargeDependenceEmphasis"), TOL);
    assertEquals(5 / 3.0, f.get("GrayLevelNonUniformity"), TOL);
    assertEquals(5 / 3.0, f.get("DependenceNonUniformity"), TOL);
    assertEquals(5 / 9.0, f.get("DependenceNonUniformityNormalized"), TOL);
    assertEquals(2 / 9.0, f.get("GrayLevelVariance"), TOL);
    assertEquals(2 / 9.0, f.get("DependenceVariance"), TOL);
    double h = -(2 / 3.0 * Math.log(2 / 3.0) + 1 / 3.0 * Math.log(1 / 3.0)) / Math.log(2);
    assertEquals(h, f.get("DependenceEntropy"), TOL);
    assertEquals((2 + 0.25) / 3, f.get("LowGrayLevelEmphasis"), TOL);
    assertEquals((2 + 4.0) / 3, f.get("HighGrayLevelEmphasis"), TOL);
    assertEquals((2 / 4.0 + 1 / 4.0) / 3, f.get("SmallDependenceLowGrayLevelEmphasis"), TOL);
    assertEquals((2 / 4.0 + 4.0) / 3, f.get("SmallDependenceHighGrayLevelEmphasis"), TOL);
    assertEquals((2 * 4.0 + 1 / 4.0) / 3, f.get("LargeDependenceLowGrayLevelEmphasis"), TOL);
    assertEquals((2 * 4.0 + 4.0) / 3, f.get("LargeDependenceHighGrayLevelEmphasis"), TOL);
  }

  /** gldm_a = 1 makes levels 1 and 2 dependent: dependences 1, 2, 1. */
  @Test
  void alphaWidensDependence() {
    Map<String, Double> f = new GldmFeatures(new int[] {1}, 1).compute(roi(3, 1, 1, 1, 1, 2));
    assertEquals((4 + 9 + 4) / 3.0, f.get("LargeDependenceEmphasis"), TOL);
  }

  /** A 3x3x3 cube of one level: the centre has 26 dependent neighbours, corners 7. */
  @Test
  void fullNeighbourhoodCountsAllTwentySix() {
    int[] levels = new int[27];
    java.util.Arrays.fill(levels, 2);
    Map<String, Double> f = new GldmFeatures().compute(roi(3, 3, 3, levels));
    // dependences: 8 corners 7, 12 edges 11, 6 faces 17, centre 26 -> j = dependence + 1
    double lde = (8 * 64 + 12 * 144 + 6 * 324 + 729) / 27.0;
    assertEquals(lde, f.get("LargeDependenceEmphasis"), TOL);
    assertEquals(0.0, f.get("GrayLevelVariance"), TOL);
  }

  @Test
  void badInputIsAClearError() {
    assertThrows(IllegalArgumentException.class, () -> new GldmFeatures(new int[] {1}, -1));
    assertThrows(IllegalArgumentException.class,
        () -> new GldmFeatures().compute(roi(2, 1, 1, 0, 0)));
  }
}
