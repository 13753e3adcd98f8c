package org.deltarad.features;

import java.util.Arrays;

/**
 * One pass over the ROI for the three families that look at each voxel's neighbours a fixed
 * offset away: the co-occurrence counts per direction (GLCM), the dependence counts (GLDM) and
 * the neighbourhood grey-tone differences (NGTDM). The neighbourhood is the point-symmetric set of
 * {@link TextureSupport#angles}: the GLCM directions one way, and the same offsets negated. Each
 * ROI voxel loads its neighbours once for all three families instead of once per family and
 * direction, on the padded grid of {@link TextureSupport.Grid}, so without bounds tests.
 *
 * <p>All counts are ints (exact); NGTDM's sums of |i - A| are added in voxel scan order, as before
 * the fusion. A scan is kept with the ROI's {@link TextureSupport.Levels}, so the three families
 * run on the same ROI (as the extractor does) share it.
 */
final class NeighbourScan {
  /** The neighbour distances this scan used. */
  final int[] distances;
  /** GLDM's gldm_a this scan used. */
  final int alpha;
  /** The GLCM directions {dz, dy, dx}, one of each opposite pair. */
  final int[][] angles;
  /** Side of a co-occurrence block: present levels + 1 for "neighbour outside the ROI". */
  final int side;
  /**
   * Per direction a, the block at a * side * side: row i, column j counts ROI voxels of level
   * index i whose neighbour at +angle a has level index j (j = n: outside the ROI).
   */
  final int[] cooccurrence;
  /** Columns of {@link #dependence}: 0..number of neighbours. */
  final int dependenceColumns;
  /** GLDM: row level index, column dependence (ROI neighbours within alpha grey levels). */
  final int[] dependence;
  /** NGTDM: ROI voxels per level index. */
  final int[] voxels;
  /** NGTDM: per level index, sum over its voxels of |level - mean level of ROI neighbours|. */
  final double[] diffSum;

  /**
   * The scan for these distances, reused if the ROI's last scan had them. GLCM and NGTDM do not
   * depend on alpha: pass null to accept a scan made for any alpha.
   */
  static NeighbourScan of(TextureSupport.Levels lv, int[] distances, Integer alpha) {
    NeighbourScan last = lv.scan;
    if (last != null && Arrays.equals(last.distances, distances)
        && (alpha == null || alpha == last.alpha)) {
      return last;
    }
    NeighbourScan scan = new NeighbourScan(lv, distances, alpha == null ? 0 : alpha);
    lv.scan = scan;
    return scan;
  }

  private NeighbourScan(TextureSupport.Levels lv, int[] distances, int alpha) {
    this.distances = distances.clone();
    this.alpha = alpha;
    angles = TextureSupport.angles(distances, false, lv.nx, lv.ny, lv.nz);
    int pad = 0;
    for (int d : distances) {
      pad = Math.max(pad, d);
    }
    TextureSupport.Grid grid = lv.grid(pad);
    int n = lv.n;
    int half = angles.length;
    int[] step = new int[half];
    for (int a = 0; a < half; a++) {
      step[a] = grid.step(angles[a]);
    }
    side = n + 1;
    int block = side * side;
    cooccurrence = new int[half * block];
    dependenceColumns = 2 * half + 1;
    dependence = new int[n * dependenceColumns];
    voxels = new int[n];
    diffSum = new double[n];
    int[] index = grid.index;
    int[] grey = grid.grey;
    for (int z = 0, r = 0; z < lv.nz; z++) {
      for (int y = 0; y < lv.ny; y++, r++) {
        int row = grid.at(0, y, z);
        for (int i = row + lv.rowStart[r], end = row + lv.rowEnd[r]; i < end; i++) {
          int li = index[i];
          if (li == n) {
            continue;
          }
          int gi = grey[i];
          int dependent = 0;
          int count = 0;
          // Grey levels are small integers, so an int sum is exact, as PyRadiomics' double one.
          int sum = 0;
          // Voxel by voxel over all directions, so successive co-occurrence increments go to
          // different blocks (no store-to-load chain on one counter).
          for (int a = 0, at = li * side; a < half; a++, at += block) {
            int ahead = i + step[a];
            int behind = i - step[a];
            cooccurrence[at + index[ahead]]++;
            int g1 = grey[ahead];
            int g2 = grey[behind];
            // Sign-bit arithmetic instead of ifs: whether a neighbour depends is random in a
            // textured ROI, and mispredicted branches dominated this loop.
            dependent += depends(gi, g1, alpha) + depends(gi, g2, alpha);
            // Outside the ROI g = 0 adds nothing to the sum; count without a branch.
            count += (-g1 >>> 31) + (-g2 >>> 31);
            sum += g1 + g2;
          }
          dependence[li * dependenceColumns + dependent]++;
          voxels[li]++;
          // A voxel without any ROI neighbour adds 0 but still counts (PyRadiomics' C code).
          diffSum[li] += count == 0 ? 0 : Math.abs(gi - (double) sum / count);
        }
      }
    }
  }

  /** 1 iff the neighbour of grey level gj is in the ROI (gj > 0) and |gi - gj| <= alpha. */
  private static int depends(int gi, int gj, int alpha) {
    int diff = gi - gj;
    if (alpha == 0) {
      // PyRadiomics' default; gi > 0, so gj == gi implies gj > 0. (The JIT hoists this test.)
      return ((diff | -diff) >>> 31) ^ 1;
    }
    return ((((alpha - diff) | (alpha + diff)) >>> 31) ^ 1) & (-gj >>> 31);
  }
}
