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

    /** The ROI's grey level per box voxel. */
    private final int[] boxLevels;

    /**
     * Per box row (y + ny * z): the x range [rowStart, rowEnd) holding its ROI voxels, empty if
     * none. Loops visit only these spans, skipping the box corners an ROI leaves empty.
     */
    final int[] rowStart;
    final int[] rowEnd;

    /** Dense index of each grey level 0..maxLevel; n for level 0 (outside the ROI). */
    private final int[] levelIndex;
    /** The case whose workspace holds the grid. */
    private final CaseContext context;
    private Grid grid;

    private Levels(DiscretizedRoi roi, int n, double[] values, int maxLevel, int[] rowStart,
        int[] rowEnd, int[] levelIndex, CaseContext context) {
      this.context = context;
      this.rowStart = rowStart;
      this.rowEnd = rowEnd;
      this.boxLevels = roi.levels();
      this.n = n;
      this.values = values;
      this.maxLevel = maxLevel;
      this.nx = roi.nx();
      this.ny = roi.ny();
      this.nz = roi.nz();
      this.levelIndex = levelIndex;
    }

    /**
     * The levels present (from the ROI's counts per level) and each row's ROI span. The padded
     * grid will be in {@code context}'s workspace.
     */
    static Levels of(DiscretizedRoi roi, CaseContext context) {
      int[] counts = roi.levelCounts();
      int max = roi.maxLevel();
      int n = 0;
      for (int l = 1; l <= max; l++) {
        if (counts[l] > 0) {
          n++;
        }
      }
      int[] levelIndex = new int[max + 1];
      double[] values = new double[n];
      levelIndex[0] = n;
      for (int l = 1, k = 0; l <= max; l++) {
        if (counts[l] > 0) {
          values[k] = l;
          levelIndex[l] = k++;
        } else {
          levelIndex[l] = n;
        }
      }
      return new Levels(roi, n, values, max, roi.rowStart(), roi.rowEnd(), levelIndex, context);
    }

    /**
     * The ROI on a grid padded by at least {@code pad} voxels on every side; made on first use
     * and kept for the other families of the case.
     */
    Grid grid(int pad) {
      if (grid == null || grid.pad < pad) {
        grid = new Grid(this, boxLevels, Math.max(pad, 1), context);
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
    /**
     * Per padded voxel: index into {@link Levels#values}, or n outside the ROI. A workspace
     * array: it may be longer than the grid ({@link #length} cells).
     */
    final int[] index;
    /** Number of padded voxels. */
    final int length;

    private Grid(Levels lv, int[] boxLevels, int pad, CaseContext context) {
      this.pad = pad;
      sx = lv.nx + 2 * pad;
      sy = lv.ny + 2 * pad;
      sz = lv.nz + 2 * pad;
      long size = (long) sx * sy * sz;
      if (size > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("ROI bounding box too large for texture features: "
            + lv.nx + "x" + lv.ny + "x" + lv.nz);
      }
      length = (int) size;
      index = context.ints(Workspace.Slot.GRID_INDEX, length);
      // Each cell written once, in index order (a fresh array zeroed, filled with n and then
      // overwritten over the ROI's spans wrote the grid three times): n up to the next row's
      // span, which is mapped, and n after the last.
      int n = lv.n;
      int written = 0;
      for (int z = 0, r = 0; z < lv.nz; z++) {
        for (int y = 0; y < lv.ny; y++, r++) {
          int start = lv.rowStart[r];
          int from = at(start, y, z);
          int to = from + lv.rowEnd[r] - start;
          java.util.Arrays.fill(index, written, from, n);
          for (int i = from, b = lv.nx * r + start; i < to; i++, b++) {
            index[i] = lv.levelIndex[boxLevels[b]];
          }
          written = to;
        }
      }
      java.util.Arrays.fill(index, written, length, n);
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
  static final class NanMean<E extends Enum<E> & FeatureName> {
    private final Class<E> type;
    private final double[] sum;
    private final int[] count;

    NanMean(Class<E> type) {
      this.type = type;
      int features = type.getEnumConstants().length;
      sum = new double[features];
      count = new int[features];
    }

    void add(E feature, double value) {
      if (!Double.isNaN(value)) {
        sum[feature.ordinal()] += value;
        count[feature.ordinal()]++;
      }
    }

    double mean(E feature) {
      int f = feature.ordinal();
      return count[f] == 0 ? Double.NaN : sum[f] / count[f];
    }

    /** All means keyed by PyRadiomics name, in declaration order. */
    java.util.LinkedHashMap<String, Double> byName() {
      java.util.LinkedHashMap<String, Double> out = new java.util.LinkedHashMap<>();
      for (E e : type.getEnumConstants()) {
        out.put(e.pyradiomicsName(), mean(e));
      }
      return out;
    }
  }
}
