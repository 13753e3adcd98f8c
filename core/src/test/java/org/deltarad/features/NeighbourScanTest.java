package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeighbourScanTest {
  /** The unrolled 13-direction loop counts exactly what the general loop counts. */
  @Test
  void specialisedLoopEqualsGeneralLoop() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 20; trial++) {
      int nx = 2 + random.nextInt(9);
      int ny = 1 + random.nextInt(9);
      int nz = 1 + random.nextInt(6);
      int[] levels = new int[nx * ny * nz];
      int maxLevel = 1 + random.nextInt(6);
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
      NeighbourScan fast = context.scan("test", new int[] {1}, 0);
      assertNotNull(fast.sameBefore());
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
