package org.deltarad.features;

import static org.deltarad.features.TextureFixtures.roi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NgtdmFeaturesTest {
  private static final double TOL = 1e-12;

  /**
   * Row [1, 1, 2]: neighbourhood means 1, 1.5, 1, so s = (0 + .5, 1), n = (2, 1), p = (2/3, 1/3).
   * Busyness: &Sigma;|ip<sub>i</sub> - jp<sub>j</sub>| = 0 (2/3 both), so PyRadiomics returns 0.
   */
  @Test
  void rowByHand() {
    Map<String, Double> f = new NgtdmFeatures().compute(roi(3, 1, 1, 1, 1, 2));
    assertEquals(List.of("Busyness", "Coarseness", "Complexity", "Contrast", "Strength"),
        f.keySet().stream().toList());
    assertEquals(1.5, f.get("Coarseness"), TOL);
    assertEquals(1 / 9.0, f.get("Contrast"), TOL);
    assertEquals(0.0, f.get("Busyness"), TOL);
    assertEquals(4 / 9.0, f.get("Complexity"), TOL);
    assertEquals(4 / 3.0, f.get("Strength"), TOL);
  }

  /** Row [1, 1, 3]: s = (1, 2), &Sigma;p s = 4/3, busyness (4/3) / (2 |2/3 - 1|) = 2. */
  @Test
  void busynessByHand() {
    Map<String, Double> f = new NgtdmFeatures().compute(roi(3, 1, 1, 1, 1, 3));
    assertEquals(2.0, f.get("Busyness"), TOL);
    assertEquals(1 / (2 / 3.0 * 1 + 1 / 3.0 * 2), f.get("Coarseness"), TOL);
  }

  /** Voxels without ROI neighbours add a zero difference but still count (PyRadiomics' C code). */
  @Test
  void isolatedVoxels() {
    Map<String, Double> f = new NgtdmFeatures().compute(roi(3, 1, 1, 1, 0, 2));
    assertEquals(1e6, f.get("Coarseness"));
    assertEquals(0.0, f.get("Contrast"));
    assertEquals(0.0, f.get("Busyness"));
    assertEquals(0.0, f.get("Complexity"));
    assertEquals(0.0, f.get("Strength"));
  }

  @Test
  void flatRegion() {
    Map<String, Double> f = new NgtdmFeatures().compute(roi(2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4));
    assertEquals(1e6, f.get("Coarseness"));
    assertEquals(0.0, f.get("Contrast"));
    assertEquals(0.0, f.get("Busyness"));
    assertEquals(0.0, f.get("Complexity"));
    assertEquals(0.0, f.get("Strength"));
  }

  @Test
  void badInputIsAClearError() {
    assertThrows(IllegalArgumentException.class,
        () -> new NgtdmFeatures().compute(roi(2, 1, 1, 0, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> new NgtdmFeatures(new int[] {-1}).compute(roi(2, 1, 1, 1, 1)));
  }
}
