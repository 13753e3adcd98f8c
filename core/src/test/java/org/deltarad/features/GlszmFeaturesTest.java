package org.deltarad.features;

import static org.deltarad.features.TextureFixtures.roi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlszmFeaturesTest {
  private static final double TOL = 1e-12;

  /**
   * Checkerboard 3x3x1: with 26-connectivity the five 1s form one zone (diagonal contacts) and
   * the four 2s another.
   */
  @Test
  void checkerboardByHand() {
    Map<String, Double> f = new GlszmFeatures().compute(roi(3, 3, 1, 1, 2, 1, 2, 1, 2, 1, 2, 1));
    assertEquals(GlszmFeatures.NAMES, f.keySet().stream().toList());
    assertEquals(16, f.size());
    assertEquals(2 / 9.0, f.get("ZonePercentage"), TOL);
    assertEquals((1 / 25.0 + 1 / 16.0) / 2, f.get("SmallAreaEmphasis"), TOL);
    assertEquals((25 + 16) / 2.0, f.get("LargeAreaEmphasis"), TOL);
    assertEquals(1.0, f.get("GrayLevelNonUniformity"), TOL);
    assertEquals(0.5, f.get("GrayLevelNonUniformityNormalized"), TOL);
    assertEquals(1.0, f.get("SizeZoneNonUniformity"), TOL);
    assertEquals(0.5, f.get("SizeZoneNonUniformityNormalized"), TOL);
    assertEquals(0.25, f.get("GrayLevelVariance"), TOL);
    assertEquals(0.25, f.get("ZoneVariance"), TOL);
    assertEquals(1.0, f.get("ZoneEntropy"), TOL);
    assertEquals((1 + 0.25) / 2, f.get("LowGrayLevelZoneEmphasis"), TOL);
    assertEquals((1 + 4) / 2.0, f.get("HighGrayLevelZoneEmphasis"), TOL);
    assertEquals((1 / 25.0 + 1 / 64.0) / 2, f.get("SmallAreaLowGrayLevelEmphasis"), TOL);
    assertEquals((1 / 25.0 + 4 / 16.0) / 2, f.get("SmallAreaHighGrayLevelEmphasis"), TOL);
    assertEquals((25 + 16 / 4.0) / 2, f.get("LargeAreaLowGrayLevelEmphasis"), TOL);
    assertEquals((25 + 16 * 4.0) / 2, f.get("LargeAreaHighGrayLevelEmphasis"), TOL);
  }

  /**
   * Voxels (1,2,1) and (1,0,1) of a 3x3x2 box are two rows apart; an offset (dz,dy) = (1,-1)
   * applied to the flat index of the top row would wrap onto row 0 and join them.
   */
  @Test
  void noConnectionAcrossBoxFaces() {
    int[] levels = new int[18];
    levels[1 + 3 * (2 + 3)] = 1;
    levels[1 + 3 * (0 + 3)] = 1;
    Map<String, Double> f = new GlszmFeatures().compute(roi(3, 3, 2, levels));
    assertEquals(1.0, f.get("ZonePercentage"), TOL);
  }

  @Test
  void flatConnectedRegionIsOneZone() {
    Map<String, Double> f = new GlszmFeatures().compute(roi(2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1));
    assertEquals(1 / 8.0, f.get("ZonePercentage"), TOL);
    assertEquals(64.0, f.get("LargeAreaEmphasis"), TOL);
    assertEquals(0.0, f.get("ZoneVariance"), TOL);
    assertEquals(-TextureSupport.log2(1 + TextureSupport.EPS), f.get("ZoneEntropy"));
  }

  /** Against zones grown by a breadth-first search over coordinates, on random volumes. */
  @Test
  void matchesBreadthFirstZonesOnRandomVolumes() {
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 150; trial++) {
      int nx = 2 + random.nextInt(5);
      int ny = 1 + random.nextInt(6);
      int nz = 1 + random.nextInt(4);
      int[] levels = new int[nx * ny * nz];
      for (int i = 0; i < levels.length; i++) {
        levels[i] = random.nextInt(3);
      }
      levels[0] = 1;
      levels[levels.length - 1] = 2;
      DiscretizedRoi r = roi(nx, ny, nz, levels);
      boolean[] seen = new boolean[levels.length];
      double zones = 0;
      double sumSq = 0;
      double sumInvSq = 0;
      for (int s = 0; s < levels.length; s++) {
        if (levels[s] == 0 || seen[s]) {
          continue;
        }
        int size = 0;
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        queue.add(new int[] {s % nx, s / nx % ny, s / (nx * ny)});
        seen[s] = true;
        while (!queue.isEmpty()) {
          int[] c = queue.poll();
          size++;
          for (int dz = -1; dz <= 1; dz++) {
            for (int dy = -1; dy <= 1; dy++) {
              for (int dx = -1; dx <= 1; dx++) {
                int x = c[0] + dx;
                int y = c[1] + dy;
                int z = c[2] + dz;
                if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) {
                  continue;
                }
                int j = r.index(x, y, z);
                if (!seen[j] && levels[j] == levels[s]) {
                  seen[j] = true;
                  queue.add(new int[] {x, y, z});
                }
              }
            }
          }
        }
        zones++;
        sumSq += (double) size * size;
        sumInvSq += 1.0 / ((double) size * size);
      }
      Map<String, Double> f = new GlszmFeatures().compute(r);
      assertEquals(zones / r.voxelCount(), f.get("ZonePercentage"), TOL, "trial " + trial);
      assertEquals(sumSq / zones, f.get("LargeAreaEmphasis"), TOL * sumSq, "trial " + trial);
      assertEquals(sumInvSq / zones, f.get("SmallAreaEmphasis"), TOL, "trial " + trial);
    }
  }

  @Test
  void badInputIsAClearError() {
    assertThrows(IllegalArgumentException.class,
        () -> new GlszmFeatures().compute(roi(1, 1, 1, 3)));
  }
}
