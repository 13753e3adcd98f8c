package org.deltarad.features;

import java.util.ArrayList;
import java.util.List;

/**
 * What the texture families share: PyRadiomics' neighbour offsets ("angles"), the table of grey
 * levels present in the ROI, its machine epsilon and the nan-skipping mean over angles.
 */
final class TextureSupport {
  /** numpy.spacing(1), the epsilon PyRadiomics adds inside logarithms and some divisions. */
  static final double EPS = Math.ulp(1.0);
  private static final double LN2 = Math.log(2.0);

  private TextureSupport() {
  }

  static double log2(double x) {
    return Math.log(x) / LN2;
  }

  /**
   * Neighbour offsets {dz, dy, dx} in the order PyRadiomics' C extension generates them
   * (cmatrices.c build_angles): each offset runs from +max distance down to -max distance, the x
   * offset fastest. An offset is kept if no component reaches the box size and its infinity norm is
   * one of {@code distances}. Without {@code bidirectional} only the first half is kept, which for
   * distance 1 is the 13 directions (1,1,1), (1,1,0), ..., (0,0,1).
   */
  static int[][] angles(int[] distances, boolean bidirectional, int nx, int ny, int nz) {
    if (distances == null || distances.length == 0) {
      throw new IllegalArgumentException("at least one neighbour distance is required");
    }
    int maxDistance = 0;
    for (int d : distances) {
      if (d < 1) {
        throw new IllegalArgumentException("neighbour distances must be >= 1, got " + d);
      }
      maxDistance = Math.max(maxDistance, d);
    }
    int[] size = {nz, ny, nx};
    int offsets = 2 * maxDistance + 1;
    List<int[]> out = new ArrayList<>();
    for (int k = 0; k < offsets * offsets * offsets; k++) {
      int[] a = {maxDistance - k / (offsets * offsets), maxDistance - (k / offsets) % offsets,
          maxDistance - k % offsets};
      int norm = 0;
      boolean valid = true;
      for (int d = 0; d < 3; d++) {
        if (a[d] >= size[d] || a[d] <= -size[d]) {
          valid = false;
        }
        norm = Math.max(norm, Math.abs(a[d]));
      }
      if (!valid || norm == 0) {
        continue;
      }
      for (int d : distances) {
        if (d == norm) {
          out.add(a);
          break;
        }
      }
    }
    // The valid set is point-symmetric and generated from + to -, so its first half holds one
    // offset of each opposite pair.
    int count = bidirectional ? out.size() : out.size() / 2;
    return out.subList(0, count).toArray(new int[0][]);
  }

  /** Grey levels present in an ROI, and each voxel's index into them. */
  static final class Levels {
    /** Number of grey levels present. */
    final int n;
    /** Present grey levels, ascending, as PyRadiomics' ivector. */
    final double[] values;
    /** Per bounding-box voxel: index into {@link #values}, or -1 outside the ROI. */
    final int[] voxelIndex;
    /** Largest grey level (PyRadiomics' Ng). */
    final int maxLevel;

    /** The ROI this table was made from; weak, so the per-thread cache does not keep it alive. */
    final java.lang.ref.WeakReference<DiscretizedRoi> source;

    /**
     * Per box row (y + ny * z): the x range [rowStart, rowEnd) holding its ROI voxels, empty if
     * none. Loops visit only these spans, skipping the box corners an ROI leaves empty.
     */
    final int[] rowStart;
    final int[] rowEnd;

    private Levels(DiscretizedRoi roi, int n, double[] values, int[] voxelIndex, int maxLevel,
        int[] rowStart, int[] rowEnd) {
      this.rowStart = rowStart;
      this.rowEnd = rowEnd;
      this.source = new java.lang.ref.WeakReference<>(roi);
      this.n = n;
      this.values = values;
      this.voxelIndex = voxelIndex;
      this.maxLevel = maxLevel;
    }
  }

  /**
   * Checks that the ROI can carry texture features and maps its grey levels to dense indices.
   * PyRadiomics refuses ROIs of fewer than two voxels (imageoperations.checkMask), so do we.
   */
  static Levels levels(DiscretizedRoi roi, String family) {
    if (roi.voxelCount() < 2) {
      throw new IllegalArgumentException(family + ": the ROI has " + roi.voxelCount()
          + " voxel(s); texture features need at least 2 (as PyRadiomics)");
    }
    // The five families usually run one after another on the same ROI (whose arrays must not be
    // modified): reuse this thread's last table instead of rescanning the box each time.
    Levels last = LAST.get();
    if (last != null && last.source.get() == roi) {
      return last;
    }
    Levels table = scan(roi);
    LAST.set(table);
    return table;
  }

  private static final ThreadLocal<Levels> LAST = new ThreadLocal<>();

  private static Levels scan(DiscretizedRoi roi) {
    int[] lv = roi.levels();
    int max = roi.maxLevel();
    int[] map = new int[max + 1];
    for (int l : lv) {
      map[l] = 1;
    }
    int n = 0;
    for (int l = 1; l <= max; l++) {
      map[l] = map[l] == 1 ? n++ : -1;
    }
    map[0] = -1;
    double[] values = new double[n];
    for (int l = 1; l <= max; l++) {
      if (map[l] >= 0) {
        values[map[l]] = l;
      }
    }
    int[] voxelIndex = new int[lv.length];
    for (int i = 0; i < lv.length; i++) {
      voxelIndex[i] = map[lv[i]];
    }
    int nx = roi.nx();
    int rows = lv.length / Math.max(nx, 1);
    int[] rowStart = new int[rows];
    int[] rowEnd = new int[rows];
    for (int r = 0; r < rows; r++) {
      int first = nx;
      int last = -1;
      for (int x = 0, i = r * nx; x < nx; x++, i++) {
        if (lv[i] > 0) {
          first = Math.min(first, x);
          last = x;
        }
      }
      rowStart[r] = last < 0 ? 0 : first;
      rowEnd[r] = last + 1;
    }
    return new Levels(roi, n, values, voxelIndex, max, rowStart, rowEnd);
  }

  /** Voxel spacing in PyRadiomics' (z, y, x) axis order, for its distance weighting. */
  static double[] spacingZyx(DiscretizedRoi roi) {
    double[] s = roi.spacing();
    if (s == null || s.length != 3) {
      throw new IllegalArgumentException("distance weighting needs the ROI's 3-D voxel spacing");
    }
    return new double[] {s[2], s[1], s[0]};
  }

  /**
   * Sums per-angle feature values and averages them like numpy.nanmean: NaN values are skipped,
   * and a feature with no finite angle is NaN.
   */
  static final class NanMean {
    private final double[] sum;
    private final int[] count;

    NanMean(int features) {
      sum = new double[features];
      count = new int[features];
    }

    void add(int feature, double value) {
      if (!Double.isNaN(value)) {
        sum[feature] += value;
        count[feature]++;
      }
    }

    double mean(int feature) {
      return count[feature] == 0 ? Double.NaN : sum[feature] / count[feature];
    }
  }
}
