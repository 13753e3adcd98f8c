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

  /**
   * Larger distances against a direct neighbour walk: the neighbourhood sums come from cube sums,
   * so check rings (distance 2 only) and full cubes (1 and 2) on a random ROI with holes.
   */
  @Test
  void largerDistancesMatchADirectNeighbourWalk() {
    int nx = 6;
    int ny = 5;
    int nz = 4;
    java.util.Random random = new java.util.Random(7);
    int[] levels = new int[nx * ny * nz];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(5);
    }
    for (int[] distances : new int[][] {{2}, {1, 2}}) {
      double[] ni = new double[6];
      double[] si = new double[6];
      for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          for (int x = 0; x < nx; x++) {
            int g = levels[x + nx * (y + ny * z)];
            if (g == 0) {
              continue;
            }
            double sum = 0;
            int count = 0;
            for (int dz = -2; dz <= 2; dz++) {
              for (int dy = -2; dy <= 2; dy++) {
                for (int dx = -2; dx <= 2; dx++) {
                  int norm = Math.max(Math.abs(dz), Math.max(Math.abs(dy), Math.abs(dx)));
                  int xx = x + dx;
                  int yy = y + dy;
                  int zz = z + dz;
                  if (java.util.Arrays.stream(distances).noneMatch(d -> d == norm) || xx < 0
                      || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) {
                    continue;
                  }
                  int gj = levels[xx + nx * (yy + ny * zz)];
                  if (gj > 0) {
                    sum += gj;
                    count++;
                  }
                }
              }
            }
            ni[g]++;
            si[g] += count == 0 ? 0 : Math.abs(g - sum / count);
          }
        }
      }
      double voxels = java.util.Arrays.stream(ni).sum();
      double sumPs = 0;
      for (int g = 1; g < 6; g++) {
        sumPs += ni[g] / voxels * si[g];
      }
      Map<String, Double> f = new NgtdmFeatures(distances).compute(roi(nx, ny, nz, levels));
      assertEquals(1 / sumPs, f.get("Coarseness"), 1e-12 / sumPs);
    }
  }

  /** The int sums of the default distance give exactly the general long sums' values. */
  @Test
  void intSumsEqualLongSums() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(23);
    for (int trial = 0; trial < 60; trial++) {
      int nx = 2 + random.nextInt(8);
      int ny = 1 + random.nextInt(8);
      int nz = 1 + random.nextInt(5);
      int[] levels = new int[nx * ny * nz];
      int top = 1 + random.nextInt(trial % 3 == 0 ? 200 : 6);
      for (int i = 0; i < levels.length; i++) {
        levels[i] = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(top);
      }
      levels[0] = 1;
      levels[levels.length - 1] = top;
      assertEquals(new NgtdmFeatures(new int[] {1}, false).compute(TextureFixtures.roi(nx, ny, nz,
          levels)), new NgtdmFeatures().compute(TextureFixtures.roi(nx, ny, nz, levels)),
          "trial " + trial);
    }
  }
}
