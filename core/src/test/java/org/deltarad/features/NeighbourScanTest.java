package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeighbourScanTest {
  /**
   * The unrolled 13-direction loop counts exactly what the general loop counts, same-level bits
   * and run middles included, with few grey levels and with more than 255.
   */
  @Test
  void specialisedLoopEqualsGeneralLoop() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 40; trial++) {
      boolean many = trial % 4 == 3;
      int nx = many ? 16 + random.nextInt(9) : 2 + random.nextInt(23);
      int ny = many ? 12 + random.nextInt(4) : 1 + random.nextInt(9);
      int nz = many ? 4 + random.nextInt(3) : 1 + random.nextInt(6);
      int[] levels = new int[nx * ny * nz];
      int maxLevel = many ? 600 : 1 + random.nextInt(6);
      for (int i = 0; i < levels.length; i++) {
        // about a quarter outside the ROI, so that holes and ragged rows are covered
        levels[i] = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(maxLevel);
      }
      levels[0] = 1;
      levels[levels.length - 1] = 1;
      DiscretizedRoi roi = TextureFixtures.roi(nx, ny, nz, levels);
      CaseContext context = CaseContext.of(roi);
      TextureSupport.Levels lv = context.levels("test");
      NeighbourScan general = NeighbourScan.of(lv, new int[] {1}, 0, false, context);
      int[] generalSame = general.sameBefore().clone();
      int[] generalMiddles = Arrays.copyOf(general.middles(), 2 * general.middleCount());
      NeighbourScan fast = context.scan("test", new int[] {1}, 0);
      assertNotNull(fast.sameBefore());
      assertEquals(many, lv.n > 255, "trial " + trial + ": " + lv.n + " levels");
      assertArrayEquals(generalMiddles, Arrays.copyOf(fast.middles(), 2 * fast.middleCount()),
          "trial " + trial);
      assertArrayEquals(general.cooccurrence, fast.cooccurrence, "trial " + trial);
      assertArrayEquals(general.dependence, fast.dependence, "trial " + trial);
      TextureSupport.Grid grid = lv.grid(1);
      for (int i = 0; i < grid.length; i++) {
        if (grid.index[i] != lv.n) {
          assertArrayEquals(new int[] {generalSame[i]}, new int[] {fast.sameBefore()[i]},
              "trial " + trial + " voxel " + i);
        }
      }
    }
  }
}
