package org.deltarad.features;

import java.util.Arrays;

/**
 * One pass over the ROI for what looks at each voxel's neighbours a fixed offset away: the
 * co-occurrence counts per direction (GLCM), the dependence counts (GLDM), and for GLSZM the
 * earlier neighbours of the same level. The neighbourhood is the point-symmetric set of
 * {@link TextureSupport#angles}: the GLCM directions one way, and the same offsets negated. Each
 * ROI voxel loads its neighbours once for all of them instead of once per family and direction,
 * on the padded grid of {@link TextureSupport.Grid}, so without bounds tests. (NGTDM's
 * neighbourhood sums are cube sums, computed more cheaply in {@link NgtdmFeatures}.)
 *
 * <p>All counts are ints (exact). A scan is kept by the case's {@link CaseContext}, so the
 * families run on the same case (as the extractor does) share it.
 */
final class NeighbourScan {
  /** The neighbour distances this scan used. */
  final int[] distances;
  /** GLDM's gldm_a this scan used. */
  final int alpha;
  /** The GLCM directions {dz, dy, dx}, one of each opposite pair. */
  final int[][] angles;
  /** The padded grid the scan ran on; its bits index this grid's cells. */
  final TextureSupport.Grid grid;
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
  /**
   * Per padded ROI voxel: bit a set iff its neighbour at -angle a (scanned before it) has its
   * grey level; what GLSZM's union-find and GLRLM's runs need (see
   * {@link CaseContext#sameLevelBefore}). With at most 16 directions also bit 16 + a: the
   * neighbour at +angle a has its level (so a voxel whose bits a and 16 + a are set is the middle
   * of three voxels of one level along a, which GLRLM's runs look for). Null with more than 32
   * directions. Held in the case's workspace.
   */
  private final int[] sameBefore;
  /**
   * With at most 16 directions: the ROI voxels that are the middle of three voxels of one level
   * along some direction, and those directions' bits, in pairs (see {@link #middles}); null
   * otherwise.
   */
  private final int[] middles;
  private final int middleCount;

  /**
   * A new scan of the case's ROI; {@code specialised} false forces the general loop (tests
   * compare it with the specialised one). The same-level bits go to the case's workspace. Use
   * {@link CaseContext#scan}, which reuses a case's scan across families.
   */
  static NeighbourScan of(TextureSupport.Levels lv, int[] distances, int alpha,
      boolean specialised, CaseContext context) {
    return new NeighbourScan(lv, distances, alpha, specialised, context);
  }

  /**
   * The voxels in the middle of three of one level along some direction (bits a and 16 + a of
   * their same-level bits), with those bits, in pairs (voxel, bits), {@link #middleCount} of
   * them; what GLRLM's runs walk from, noted as the scan goes. Null with more than 16
   * directions (no "ahead" bits). Held in the case's workspace.
   */
  int[] middles() {
    return middles;
  }

  /** The number of pairs in {@link #middles}. */
  int middleCount() {
    return middleCount;
  }

  /** The same-level bits (see the field), or null with more than 32 directions. */
  int[] sameBefore() {
    return sameBefore;
  }

  private NeighbourScan(TextureSupport.Levels lv, int[] distances, int alpha,
      boolean specialised, CaseContext context) {
    this.distances = distances.clone();
    this.alpha = alpha;
    angles = TextureSupport.angles(distances, false, lv.nx, lv.ny, lv.nz);
    int pad = 0;
    for (int d : distances) {
      pad = Math.max(pad, d);
    }
    grid = lv.grid(pad);
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
    int[] index = grid.index;
    // grey level of a level index; 0 for n (outside the ROI)
    int[] greyOf = new int[n + 1];
    for (int k = 0; k < n; k++) {
      greyOf[k] = (int) lv.values[k];
    }
    // written for every ROI voxel below; GLSZM and GLRLM read only those
    sameBefore = half <= 32 ? context.ints(Workspace.Slot.SCAN_SAME_BEFORE, grid.length)
        : null;
    if (specialised && half == 13 && alpha == 0 && sameBefore != null) {
      middles = context.ints(Workspace.Slot.GLRLM_FOUND, 2 * context.roi().voxelCount());
      middleCount = scan13(lv, grid, step, block, side);
      return;
    }
    int keepAhead = half <= 16 ? 1 : 0; // the "ahead" bits fit with at most 16 directions
    int[] found = keepAhead == 1
        ? context.ints(Workspace.Slot.GLRLM_FOUND, 2 * context.roi().voxelCount()) : null;
    int noted = 0;
    for (int z = 0, r = 0; z < lv.nz; z++) {
      for (int y = 0; y < lv.ny; y++, r++) {
        int row = grid.at(0, y, z);
        for (int i = row + lv.rowStart[r], end = row + lv.rowEnd[r]; i < end; i++) {
          int li = index[i];
          if (li == n) {
            continue;
          }
          int gi = greyOf[li];
          int dependent = 0;
          int same = 0;
          // Voxel by voxel over all directions, so successive co-occurrence increments go to
          // different blocks (no store-to-load chain on one counter).
          for (int a = 0, at = li * side; a < half; a++, at += block) {
            int ahead = index[i + step[a]];
            int behind = index[i - step[a]];
            cooccurrence[at + ahead]++;
            // Sign-bit arithmetic instead of ifs: whether a neighbour has the voxel's level is
            // random in a textured ROI, and mispredicted branches dominated this loop.
            int sameBehind = sameIndex(li, behind);
            int sameAhead = sameIndex(li, ahead);
            same |= sameBehind << a | (sameAhead & keepAhead) << (16 + a);
            dependent += alpha == 0 ? sameAhead + sameBehind
                : depends(gi, greyOf[ahead], alpha) + depends(gi, greyOf[behind], alpha);
          }
          if (sameBefore != null) {
            sameBefore[i] = same;
          }
          if (found != null) {
            noted = noteMiddle(found, noted, i, same);
          }
          dependence[li * dependenceColumns + dependent]++;
        }
      }
    }
    middles = found;
    middleCount = noted;
  }

  /**
   * The default case (13 directions of distance 1, GLDM alpha 0), written out direction by
   * direction: with each offset a loop-invariant local, the JIT hoists the bounds checks of the
   * 26 neighbour loads out of the voxel loop, and there is no inner loop to run; about twice as
   * fast as the general loop above, which computes the same counts. Also notes the run middles
   * in {@link #middles}; returns how many.
   */
  private int scan13(TextureSupport.Levels lv, TextureSupport.Grid grid, int[] step, int block,
      int side) {
    int[] index = grid.index;
    int[] co = cooccurrence;
    int[] dep = dependence;
    int[] same = sameBefore;
    int[] found = middles;
    int noted = 0;
    int n = lv.n;
    int columns = dependenceColumns;
    int s0 = step[0];
    int s1 = step[1];
    int s2 = step[2];
    int s3 = step[3];
    int s4 = step[4];
    int s5 = step[5];
    int s6 = step[6];
    int s7 = step[7];
    int s8 = step[8];
    int s9 = step[9];
    int s10 = step[10];
    int s11 = step[11];
    int s12 = step[12];
    for (int z = 0, r = 0; z < lv.nz; z++) {
      for (int y = 0; y < lv.ny; y++, r++) {
        int row = grid.at(0, y, z);
        for (int i = row + lv.rowStart[r], end = row + lv.rowEnd[r]; i < end; i++) {
          int li = index[i];
          if (li == n) {
            continue;
          }
          int at = li * side;
          // bit a: neighbour behind along direction a has the level; bit 16 + a: the one ahead
          int bits = pair(co, index, i, s0, at, li)
              | pair(co, index, i, s1, at + block, li) << 1
              | pair(co, index, i, s2, at + 2 * block, li) << 2
              | pair(co, index, i, s3, at + 3 * block, li) << 3
              | pair(co, index, i, s4, at + 4 * block, li) << 4
              | pair(co, index, i, s5, at + 5 * block, li) << 5
              | pair(co, index, i, s6, at + 6 * block, li) << 6
              | pair(co, index, i, s7, at + 7 * block, li) << 7
              | pair(co, index, i, s8, at + 8 * block, li) << 8
              | pair(co, index, i, s9, at + 9 * block, li) << 9
              | pair(co, index, i, s10, at + 10 * block, li) << 10
              | pair(co, index, i, s11, at + 11 * block, li) << 11
              | pair(co, index, i, s12, at + 12 * block, li) << 12;
          same[i] = bits;
          dep[li * columns + Integer.bitCount(bits)]++;
          noted = noteMiddle(found, noted, i, bits);
        }
      }
    }
    return noted;
  }

  /**
   * Notes voxel i at pair {@code noted} of {@code found} with the directions along which it is
   * the middle of three of its level (both its bits a and 16 + a); returns the pairs noted, one
   * more only if there is such a direction. Without a branch: a third of the voxels, at random,
   * and a branch on it took 1 / 0.84 the time of GLRLM after the scan (paired).
   */
  private static int noteMiddle(int[] found, int noted, int i, int bits) {
    int middle = bits & bits >>> 16;
    found[2 * noted] = i;
    found[2 * noted + 1] = middle;
    return noted + (-middle >>> 31);
  }

  /** The bits of a voxel's first {@code directions} neighbours behind it ({@link #sameBefore}). */
  static int behind(int bits, int directions) {
    return bits & ((1 << directions) - 1);
  }

  /**
   * Counts the co-occurrence of voxel i with its neighbour at +s in the block at {@code at};
   * returns 1 if the neighbour at -s has level li, plus 1 << 16 if the one at +s does.
   */
  private static int pair(int[] co, int[] index, int i, int s, int at, int li) {
    int ahead = index[i + s];
    co[at + ahead]++;
    return sameIndex(li, index[i - s]) | sameIndex(li, ahead) << 16;
  }

  /**
   * 1 iff level indices a == b. Indices are >= 0, so a ^ b is too, and only 0 turns negative
   * when 1 is taken off: three operations instead of the five of a test for any two ints, which
   * counts here, 26 times per voxel in a loop bound by arithmetic rather than memory.
   */
  private static int sameIndex(int a, int b) {
    return ((a ^ b) - 1) >>> 31;
  }


  /**
   * 1 iff the neighbour of grey level gj is in the ROI (gj > 0) and |gi - gj| <= alpha (for
   * alpha 0 the scan compares level indices instead).
   */
  private static int depends(int gi, int gj, int alpha) {
    int diff = gi - gj;
    return ((((alpha - diff) | (alpha + diff)) >>> 31) ^ 1) & (-gj >>> 31);
  }
}
