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

  /** Grey levels present in an ROI, and the ROI on a padded grid for neighbour lookups. */
  static final class Levels {
    /** Number of grey levels present. */
    final int n;
    /** Present grey levels, ascending, as PyRadiomics' ivector. */
    final double[] values;
    /** Largest grey level (PyRadiomics' Ng). */
    final int maxLevel;
    final int nx;
    final int ny;
    final int nz;

    /** The ROI this table was made from; weak, so the per-thread cache does not keep it alive. */
    final java.lang.ref.WeakReference<DiscretizedRoi> source;

    /**
     * Per box row (y + ny * z): the x range [rowStart, rowEnd) holding its ROI voxels, empty if
     * none. Loops visit only these spans, skipping the box corners an ROI leaves empty.
     */
    final int[] rowStart;
    final int[] rowEnd;

    /** Dense index of each grey level 0..maxLevel; n for level 0 (outside the ROI). */
    private final int[] levelIndex;
    private Grid grid;
    /** Work a family leaves for the next one on the same ROI (see {@link NeighbourScan}). */
    NeighbourScan scan;

    private Levels(DiscretizedRoi roi, int n, double[] values, int maxLevel, int[] rowStart,
        int[] rowEnd, int[] levelIndex) {
      this.rowStart = rowStart;
      this.rowEnd = rowEnd;
      this.source = new java.lang.ref.WeakReference<>(roi);
      this.n = n;
      this.values = values;
      this.maxLevel = maxLevel;
      this.nx = roi.nx();
      this.ny = roi.ny();
      this.nz = roi.nz();
      this.levelIndex = levelIndex;
    }

    /**
     * The ROI on a grid padded by at least {@code pad} voxels on every side; made on first use
     * and kept (the families ask while holding the ROI, so the weak reference is set).
     */
    Grid grid(int pad) {
      if (grid == null || grid.pad < pad) {
        grid = new Grid(this, source.get().levels(), Math.max(pad, 1));
      }
      return grid;
    }
  }

  /**
   * The bounding box surrounded by {@code pad} layers of non-ROI voxels, so that every neighbour
   * within {@code pad} of an ROI voxel has an array index and loops need no bounds tests. Padded
   * voxels are outside the ROI like the box voxels around the ROI, which is how PyRadiomics treats
   * neighbours beyond the box.
   */
  static final class Grid {
    final int pad;
    /** Padded sizes. */
    final int sx;
    final int sy;
    final int sz;
    /** Per padded voxel: index into {@link Levels#values}, or n outside the ROI. */
    final int[] index;

    private Grid(Levels lv, int[] boxLevels, int pad) {
      this.pad = pad;
      sx = lv.nx + 2 * pad;
      sy = lv.ny + 2 * pad;
      sz = lv.nz + 2 * pad;
      long size = (long) sx * sy * sz;
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("ROI bounding box too large for texture features: "
            + lv.nx + "x" + lv.ny + "x" + lv.nz);
      }
      index = new int[(int) size];
      java.util.Arrays.fill(index, lv.n);
      for (int z = 0, r = 0; z < lv.nz; z++) {
        for (int y = 0; y < lv.ny; y++, r++) {
          int box = lv.nx * r;
          int at = at(0, y, z);
          for (int x = lv.rowStart[r]; x < lv.rowEnd[r]; x++) {
            index[at + x] = lv.levelIndex[boxLevels[box + x]];
          }
        }
      }
    }

    /** Padded index of box voxel (x, y, z). */
    int at(int x, int y, int z) {
      return x + pad + sx * (y + pad + sy * (z + pad));
    }

    /** Index step of the offset {dz, dy, dx}. */
    int step(int[] offset) {
      return offset[2] + sx * (offset[1] + sy * offset[0]);
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
    int nx = roi.nx();
    int rows = lv.length / Math.max(nx, 1);
    int[] rowStart = new int[rows];
    int[] rowEnd = new int[rows];
    boolean[] present = new boolean[max + 1];
    for (int r = 0; r < rows; r++) {
      // the row's ends from both sides, then its span marked without a test per voxel (level 0
      // marks present[0], which is not read)
      int row = r * nx;
      int first = 0;
      while (first < nx && lv[row + first] == 0) {
        first++;
      }
      int last = nx - 1;
      while (last >= first && lv[row + last] == 0) {
        last--;
      }
      for (int i = row + first, end = row + last; i <= end; i++) {
        present[lv[i]] = true;
      }
      rowStart[r] = last < first ? 0 : first;
      rowEnd[r] = last < first ? 0 : last + 1;
    }
    int n = 0;
    for (int l = 1; l <= max; l++) {
      if (present[l]) {
        n++;
      }
    }
    int[] levelIndex = new int[max + 1];
    double[] values = new double[n];
    levelIndex[0] = n;
    for (int l = 1, k = 0; l <= max; l++) {
      if (present[l]) {
        values[k] = l;
        levelIndex[l] = k++;
      } else {
        levelIndex[l] = n;
      }
    }
    return new Levels(roi, n, values, max, rowStart, rowEnd, levelIndex);
  }

  /**
   * The per-voxel work arrays extraction reuses (texture families, first order, preprocessing),
   * one per use (see {@link #ints}).
   */
  enum Work {
    GLRLM_RUN, GLRLM_RUN_2, GLRLM_RUN_3, GLRLM_RUN_4, GLSZM_PARENT, GLSZM_SET_SIZE,
    GLSZM_ZONE_LEVEL, GLSZM_ZONE_SIZE,
    SCAN_SAME_BEFORE, NGTDM_PACKED, NGTDM_SUM_A, NGTDM_SUM_B, NGTDM_INT_PACKED, NGTDM_INT_SUM_A,
    NGTDM_INT_SUM_B, PREPROCESSING_ROI, FIRSTORDER_VALUES,
    PERCENTILES_SCRATCH
  }

  private static final ThreadLocal<java.lang.ref.SoftReference<?>[]> WORK =
      ThreadLocal.withInitial(() -> new java.lang.ref.SoftReference<?>[Work.values().length]);

  /**
   * This thread's int work array for {@code use}, of at least {@code length}; its contents are
   * left over from earlier ROIs, so callers write each cell before reading it. Allocating and
   * zeroing the families' per-voxel arrays anew cost about as much as a family's work on them
   * (megabytes per case, in memory no longer in cache); each use has its own array, so arrays
   * that live across families (the neighbour scan's) are not overwritten by another family.
   * Held softly: a thread's arrays for one huge ROI do not pin memory the JVM needs.
   */
  static int[] ints(Work use, int length) {
    return work(use, length, int[].class, int[]::new);
  }

  /** As {@link #ints}, for a double work array. */
  static double[] doubles(Work use, int length) {
    return work(use, length, double[].class, double[]::new);
  }

  /** As {@link #ints}, for a long work array. */
  static long[] longs(Work use, int length) {
    return work(use, length, long[].class, long[]::new);
  }

  private static <T> T work(Work use, int length, Class<T> type,
      java.util.function.IntFunction<T> make) {
    java.lang.ref.SoftReference<?>[] held = WORK.get();
    Object a = held[use.ordinal()] == null ? null : held[use.ordinal()].get();
    if (type.isInstance(a) && java.lang.reflect.Array.getLength(a) >= length) {
      return type.cast(a);
    }
    T fresh = make.apply(length);
    held[use.ordinal()] = new java.lang.ref.SoftReference<>(fresh);
    return fresh;
  }

  /** Voxel spacing in PyRadiomics' (z, y, x) axis order, for its distance weighting. */
  static double[] spacingZyx(DiscretizedRoi roi) {
    double[] s = roi.spacing();
    if (s == null || s.length != 3) {
      throw new IllegalArgumentException("distance weighting needs the ROI's 3-D voxel spacing");
    }
    return new double[] {s[2], s[1], s[0]};
  }

  /** How a family turns an angle's distance norms into its weight (PyRadiomics' weightingNorm). */
  interface AngleWeight {
    double of(double infinity, double sumOfSquares, double manhattan);
  }

  /**
   * The per-angle matrices merged into one, each weighted by {@code weight} of its offset's
   * infinity norm, squared euclidean norm and manhattan norm in mm (PyRadiomics' weightingNorm).
   */
  static double[] mergeWeighted(double[][] matrices, int[][] angles, DiscretizedRoi roi,
      int length, AngleWeight weight) {
    double[] sp = spacingZyx(roi);
    double[] merged = new double[length];
    for (int a = 0; a < angles.length; a++) {
      double inf = 0;
      double sumSq = 0;
      double sumAbs = 0;
      for (int d = 0; d < 3; d++) {
        double v = Math.abs(angles[a][d]) * sp[d];
        inf = Math.max(inf, v);
        sumSq += v * v;
        sumAbs += v;
      }
      double w = weight.of(inf, sumSq, sumAbs);
      for (int k = 0; k < length; k++) {
        merged[k] += matrices[a][k] * w;
      }
    }
    return merged;
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
