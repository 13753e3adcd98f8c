package org.deltarad.features;

import static org.deltarad.features.TextureFixtures.roi;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlcmFeaturesTest {
  private static final double TOL = 1e-12;

  /**
   * Two voxels [1, 2] side by side: one direction has a pair, symmetric p = [[0, .5], [.5, 0]],
   * p<sub>x</sub> = p<sub>y</sub> = (.5, .5), &mu; = 1.5, N<sub>g</sub> = 2.
   */
  @Test
  void pairOfNeighboursByHand() {
    Map<String, Double> f = new GlcmFeatures().compute(roi(2, 1, 1, 1, 2));
    assertEquals(24, f.size());
    assertEquals(GlcmFeatures.NAMES, f.keySet().stream().toList());
    assertEquals(2.0, f.get("Autocorrelation"), TOL);
    assertEquals(1.5, f.get("JointAverage"), TOL);
    assertEquals(0.0, f.get("ClusterTendency"), TOL);
    assertEquals(0.0, f.get("ClusterShade"), TOL);
    assertEquals(0.0, f.get("ClusterProminence"), TOL);
    assertEquals(1.0, f.get("Contrast"), TOL);
    assertEquals(-1.0, f.get("Correlation"), TOL);
    assertEquals(1.0, f.get("DifferenceAverage"), TOL);
    assertEquals(0.0, f.get("DifferenceEntropy"), TOL);
    assertEquals(0.0, f.get("DifferenceVariance"), TOL);
    assertEquals(0.5, f.get("JointEnergy"), TOL);
    assertEquals(1.0, f.get("JointEntropy"), TOL);
    assertEquals(0.5, f.get("Id"), TOL);
    assertEquals(0.5, f.get("Idm"), TOL);
    assertEquals(1 / (1 + 1 / 4.0), f.get("Idmn"), TOL);
    assertEquals(1 / (1 + 1 / 2.0), f.get("Idn"), TOL);
    assertEquals(1.0, f.get("InverseVariance"), TOL);
    assertEquals(0.5, f.get("MaximumProbability"), TOL);
    assertEquals(3.0, f.get("SumAverage"), TOL);
    assertEquals(0.0, f.get("SumEntropy"), TOL);
    assertEquals(0.25, f.get("SumSquares"), TOL);
    // HX = HY = HXY = 1, HXY1 = HXY2 = 2
    assertEquals(-1.0, f.get("Imc1"), TOL);
    assertEquals(Math.sqrt(1 - Math.exp(-2)), f.get("Imc2"), TOL);
    // Q = identity: eigenvalues 1, 1
    assertEquals(1.0, f.get("MCC"), TOL);
  }

  /** Levels 1 and 3 (2 absent): formulas use the actual grey values and N_g = max level = 3. */
  @Test
  void absentGreyLevelKeepsActualValues() {
    Map<String, Double> f = new GlcmFeatures().compute(roi(2, 1, 1, 1, 3));
    assertEquals(3.0, f.get("Autocorrelation"), TOL);
    assertEquals(2.0, f.get("JointAverage"), TOL);
    assertEquals(4.0, f.get("SumAverage"), TOL);
    assertEquals(4.0, f.get("Contrast"), TOL);
    assertEquals(2.0, f.get("DifferenceAverage"), TOL);
    assertEquals(1 / 3.0, f.get("Id"), TOL);
    assertEquals(1 / 5.0, f.get("Idm"), TOL);
    assertEquals(1 / (1 + 4 / 9.0), f.get("Idmn"), TOL);
    assertEquals(1 / (1 + 2 / 3.0), f.get("Idn"), TOL);
    assertEquals(0.25, f.get("InverseVariance"), TOL);
    assertEquals(1.0, f.get("SumSquares"), TOL);
  }

  /** Flat ROI: p = [[1]] in every direction; PyRadiomics' special values. */
  @Test
  void flatRegion() {
    Map<String, Double> f = new GlcmFeatures().compute(roi(2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1));
    assertEquals(1.0, f.get("Correlation"));
    assertEquals(0.0, f.get("Imc1"));
    assertEquals(0.0, f.get("Imc2"));
    assertEquals(1.0, f.get("MCC"));
    assertEquals(0.0, f.get("Contrast"));
    assertEquals(1.0, f.get("JointEnergy"));
    assertEquals(1.0, f.get("Idmn"));
    assertEquals(1.0, f.get("MaximumProbability"));
  }

  /** Two voxels with no neighbour pair in any direction: every direction dropped, NaN. */
  @Test
  void noPairInAnyDirectionGivesNaN() {
    Map<String, Double> f = new GlcmFeatures().compute(roi(3, 2, 1, 1, 0, 0, 0, 0, 2));
    assertTrue(f.values().stream().allMatch(v -> v.isNaN()), f.toString());
    Map<String, Double> merged = new GlcmFeatures(new int[] {1}, true, WeightingNorm.NO_WEIGHTING)
        .compute(roi(3, 2, 1, 1, 0, 0, 0, 0, 2));
    assertTrue(merged.values().stream().allMatch(v -> v.isNaN()), merged.toString());
  }

  /**
   * Averages over directions match a brute-force count over voxel pairs (coordinates, no flat
   * index arithmetic) on random volumes with absent levels and holes.
   */
  @Test
  void matchesBruteForceCooccurrenceOnRandomVolumes() {
    SplittableRandom random = new SplittableRandom(7);
    int[][] dirs = TextureSupport.angles(new int[] {1}, false, 9, 9, 9);
    for (int trial = 0; trial < 100; trial++) {
      int nx = 1 + random.nextInt(5);
      int ny = 1 + random.nextInt(5);
      int nz = 1 + random.nextInt(4);
      int[] levels = new int[nx * ny * nz];
      for (int i = 0; i < levels.length; i++) {
        levels[i] = random.nextInt(4) == 0 ? 0 : 1 + 2 * random.nextInt(3); // levels 1, 3, 5
      }
      levels[0] = 1;
      levels[levels.length - 1] = 5;
      DiscretizedRoi r = roi(nx, ny, nz, levels);
      double contrast = 0;
      double energy = 0;
      int used = 0;
      for (int[] d : dirs) {
        double[][] p = new double[6][6];
        double total = 0;
        for (int z = 0; z < nz; z++) {
          for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
              int xx = x + d[2];
              int yy = y + d[1];
              int zz = z + d[0];
              if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) {
                continue;
              }
              int a = levels[r.index(x, y, z)];
              int b = levels[r.index(xx, yy, zz)];
              if (a > 0 && b > 0) {
                p[a][b]++;
                p[b][a]++;
                total += 2;
              }
            }
          }
        }
        if (total == 0) {
          continue;
        }
        used++;
        for (int a = 1; a < 6; a++) {
          for (int b = 1; b < 6; b++) {
            contrast += p[a][b] / total * (a - b) * (a - b);
            energy += (p[a][b] / total) * (p[a][b] / total);
          }
        }
      }
      Map<String, Double> f = new GlcmFeatures().compute(r);
      if (used == 0) {
        assertTrue(f.get("Contrast").isNaN());
        continue;
      }
      assertEquals(contrast / used, f.get("Contrast"), 1e-12, "trial " + trial);
      assertEquals(energy / used, f.get("JointEnergy"), 1e-12, "trial " + trial);
    }
  }

  /** Symmetric GLCM: marginals equal, so SumAverage = 2 JointAverage on any ROI. */
  @Test
  void symmetricMatrixInvariants() {
    DiscretizedRoi r = TextureFixtures.roi("ibsi-digital-phantom/phantom-levels.txt");
    Map<String, Double> f = new GlcmFeatures().compute(r);
    assertEquals(2 * f.get("JointAverage"), f.get("SumAverage"), 1e-12);
    assertEquals(f.get("SumSquares") * 4, f.get("ClusterTendency") + f.get("Contrast"), 1e-9);
    Map<String, Double> asym = new GlcmFeatures(new int[] {1}, false, (WeightingNorm) null).compute(r);
    assertTrue(Math.abs(asym.get("SumAverage") - 2 * asym.get("JointAverage")) > 1e-6);
  }

  @Test
  void anglesInPyRadiomicsOrder() {
    int[][] a = TextureSupport.angles(new int[] {1}, false, 5, 5, 5);
    assertEquals(13, a.length);
    assertArrayEquals(new int[] {1, 1, 1}, a[0]);
    assertArrayEquals(new int[] {1, 1, 0}, a[1]);
    assertArrayEquals(new int[] {1, -1, -1}, a[8]);
    assertArrayEquals(new int[] {0, 1, 1}, a[9]);
    assertArrayEquals(new int[] {0, 0, 1}, a[12]);
    assertEquals(26, TextureSupport.angles(new int[] {1}, true, 5, 5, 5).length);
    assertEquals(49, TextureSupport.angles(new int[] {2}, false, 5, 5, 5).length);
    assertEquals(4, TextureSupport.angles(new int[] {1}, false, 5, 5, 1).length);
  }

  @Test
  void badInputIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GlcmFeatures().compute(roi(2, 1, 1, 1, 0)));
    assertTrue(e.getMessage().contains("GLCM") && e.getMessage().contains("1 voxel"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new GlcmFeatures().compute(roi(2, 1, 1, 0, 0)));
    assertThrows(IllegalArgumentException.class,
        () -> WeightingNorm.parse("chebyshev"));
    assertThrows(IllegalArgumentException.class,
        () -> new GlcmFeatures(new int[] {0}, true, (WeightingNorm) null)
            .compute(roi(2, 1, 1, 1, 2)));
  }
}
