package org.deltarad.features;

import static org.deltarad.features.TextureFixtures.roi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlrlmFeaturesTest {
  private static final double TOL = 1e-12;

  /**
   * Row [1, 1, 2]: only the x direction has a line with two ROI voxels (the others are emptied as
   * in PyRadiomics); its runs are (level 1, length 2) and (level 2, length 1).
   */
  @Test
  void rowByHand() {
    Map<String, Double> f = new GlrlmFeatures().compute(roi(3, 1, 1, 1, 1, 2));
    assertEquals(GlrlmFeatures.NAMES, f.keySet().stream().toList());
    assertEquals(16, f.size());
    assertEquals((0.25 + 1) / 2, f.get("ShortRunEmphasis"), TOL);
    assertEquals((4 + 1) / 2.0, f.get("LongRunEmphasis"), TOL);
    assertEquals(1.0, f.get("GrayLevelNonUniformity"), TOL);
    assertEquals(0.5, f.get("GrayLevelNonUniformityNormalized"), TOL);
    assertEquals(1.0, f.get("RunLengthNonUniformity"), TOL);
    assertEquals(0.5, f.get("RunLengthNonUniformityNormalized"), TOL);
    assertEquals(2 / 3.0, f.get("RunPercentage"), TOL);
    assertEquals(0.25, f.get("GrayLevelVariance"), TOL);
    assertEquals(0.25, f.get("RunVariance"), TOL);
    assertEquals(1.0, f.get("RunEntropy"), TOL);
    assertEquals((1 + 0.25) / 2, f.get("LowGrayLevelRunEmphasis"), TOL);
    assertEquals((1 + 4) / 2.0, f.get("HighGrayLevelRunEmphasis"), TOL);
    assertEquals((0.25 + 0.25) / 2, f.get("ShortRunLowGrayLevelEmphasis"), TOL);
    assertEquals((0.25 + 4) / 2, f.get("ShortRunHighGrayLevelEmphasis"), TOL);
    assertEquals((4 + 0.25) / 2, f.get("LongRunLowGrayLevelEmphasis"), TOL);
    assertEquals((4 + 4) / 2.0, f.get("LongRunHighGrayLevelEmphasis"), TOL);
  }

  /** [1, 0, 1]: the line holds two ROI voxels apart, so the direction counts: two runs of 1. */
  @Test
  void lineWithGapIsKept() {
    Map<String, Double> f = new GlrlmFeatures().compute(roi(3, 1, 1, 1, 0, 1));
    assertEquals(1.0, f.get("ShortRunEmphasis"), TOL);
    assertEquals(1.0, f.get("RunPercentage"), TOL);
    assertEquals(2.0, f.get("RunLengthNonUniformity"), TOL);
  }

  /** No line in any of the 13 directions holds two ROI voxels: all directions dropped, NaN. */
  @Test
  void noLineWithTwoVoxelsGivesNaN() {
    Map<String, Double> f = new GlrlmFeatures().compute(roi(3, 2, 1, 1, 0, 0, 0, 0, 2));
    assertTrue(f.values().stream().allMatch(v -> v.isNaN()), f.toString());
    Map<String, Double> merged = new GlrlmFeatures(WeightingNorm.EUCLIDEAN)
        .compute(roi(3, 2, 1, 1, 0, 0, 0, 0, 2));
    assertTrue(merged.values().stream().allMatch(v -> v.isNaN()), merged.toString());
  }

  @Test
  void flatRegion() {
    Map<String, Double> f = new GlrlmFeatures().compute(roi(2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
    assertEquals(0.0, f.get("GrayLevelVariance"), TOL);
    assertEquals(1.0, f.get("GrayLevelNonUniformityNormalized"), TOL);
    assertEquals(9.0, f.get("HighGrayLevelRunEmphasis"), TOL);
  }

  /**
   * Against runs found by walking each line from the box edge (independent of the streaming
   * implementation): ShortRunEmphasis, LongRunEmphasis and RunPercentage averaged over the
   * directions PyRadiomics keeps.
   */
  @Test
  void matchesLineWalkOnRandomVolumes() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 150; trial++) {
      int nx = 2 + random.nextInt(5);
      int ny = 1 + random.nextInt(5);
      int nz = 1 + random.nextInt(4);
      int[] levels = new int[nx * ny * nz];
      for (int i = 0; i < levels.length; i++) {
        levels[i] = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2);
      }
      levels[0] = 1;
      levels[levels.length - 1] = 2;
      DiscretizedRoi r = roi(nx, ny, nz, levels);
      double sre = 0;
      double lre = 0;
      double rp = 0;
      int used = 0;
      for (int[] d : TextureSupport.angles(new int[] {1}, false, nx, ny, nz)) {
        List<Integer> runs = new ArrayList<>();
        boolean multi = false;
        for (int z = 0; z < nz; z++) {
          for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
              if (inside(x - d[2], y - d[1], z - d[0], nx, ny, nz)) {
                continue; // not a line start
              }
              int level = 0;
              int length = 0;
              int elements = 0;
              for (int xx = x, yy = y, zz = z; inside(xx, yy, zz, nx, ny, nz);
                  xx += d[2], yy += d[1], zz += d[0]) {
                int v = levels[r.index(xx, yy, zz)];
                elements += v > 0 ? 1 : 0;
                if (v == level && v > 0) {
                  length++;
                } else {
                  if (level > 0) {
                    runs.add(length);
                  }
                  level = v;
                  length = v > 0 ? 1 : 0;
                }
              }
              if (level > 0) {
                runs.add(length);
              }
              multi |= elements > 1;
            }
          }
        }
        if (!multi) {
          continue;
        }
        used++;
        double s = 0;
        double l = 0;
        double np = 0;
        for (int len : runs) {
          s += 1.0 / (len * len);
          l += (double) len * len;
          np += len;
        }
        sre += s / runs.size();
        lre += l / runs.size();
        rp += runs.size() / np;
      }
      Map<String, Double> f = new GlrlmFeatures().compute(r);
      if (used == 0) {
        assertTrue(f.get("ShortRunEmphasis").isNaN(), "trial " + trial);
        continue;
      }
      assertEquals(sre / used, f.get("ShortRunEmphasis"), TOL, "trial " + trial);
      assertEquals(lre / used, f.get("LongRunEmphasis"), TOL, "trial " + trial);
      assertEquals(rp / used, f.get("RunPercentage"), TOL, "trial " + trial);
    }
  }

  private static boolean inside(int x, int y, int z, int nx, int ny, int nz) {
    return x >= 0 && y >= 0 && z >= 0 && x < nx && y < ny && z < nz;
  }

  @Test
  void badInputIsAClearError() {
    assertThrows(IllegalArgumentException.class,
        () -> new GlrlmFeatures().compute(roi(2, 1, 1, 0, 4)));
    assertThrows(IllegalArgumentException.class, () -> WeightingNorm.parse("l3"));
  }

  /**
   * GLRLM reuses the neighbour scan's same-level bits and run middles when GLCM ran on the same
   * case first (as in the extractor), and falls back to its own pass after a scan without them
   * (GLDM with alpha 1) or on another grid (NGTDM at distance 2 pads the grid by 2): identical
   * values to GLRLM alone in every order. GLSZM, which reads the same bits, likewise.
   */
  @Test
  void reusingTheNeighbourScanGivesIdenticalValues() {
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 60; trial++) {
      int nx = 2 + random.nextInt(8);
      int ny = 1 + random.nextInt(8);
      int nz = 1 + random.nextInt(5);
      int[] levels = new int[nx * ny * nz];
      for (int i = 0; i < levels.length; i++) {
        levels[i] = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(3);
      }
      levels[0] = 1;
      levels[levels.length - 1] = 2;
      Map<String, Double> alone = new GlrlmFeatures().compute(roi(nx, ny, nz, levels));
      Map<String, Double> zones = new GlszmFeatures().compute(roi(nx, ny, nz, levels));
      for (int order = 0; order < 4; order++) {
        CaseContext c = CaseContext.of(roi(nx, ny, nz, levels));
        if (order == 1) {
          new GlcmFeatures().compute(c);
        } else if (order == 2) {
          new GldmFeatures(new int[] {1}, 1).compute(c);
        } else if (order == 3) {
          new GlcmFeatures().compute(c);
          new NgtdmFeatures(new int[] {2}).compute(c);
        }
        assertEquals(alone, new GlrlmFeatures().compute(c), "trial " + trial + " order " + order);
        assertEquals(zones, new GlszmFeatures().compute(c), "trial " + trial + " order " + order);
      }
    }
  }
}
