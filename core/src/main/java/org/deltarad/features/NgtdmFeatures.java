package org.deltarad.features;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Neighbouring Grey Tone Difference Matrix features, as PyRadiomics 3.1 (radiomics/ngtdm.py with
 * its C extension) computes them in 3-D.
 *
 * <p>For each ROI voxel of grey level i, A is the mean grey level of its neighbours (the
 * 26-neighbourhood for distance 1, centre excluded) that lie in the ROI; s<sub>i</sub> sums |i - A|
 * over the voxels of level i (a voxel without any ROI neighbour adds 0 but is still counted, as in
 * PyRadiomics' C code). With n<sub>i</sub> the voxels of level i, N<sub>vp</sub> = &Sigma;n<sub>i</sub>,
 * p<sub>i</sub> = n<sub>i</sub>/N<sub>vp</sub>, N<sub>gp</sub> the number of present levels, sums
 * over present levels only and i, j actual grey levels:
 * Coarseness 1 / &Sigma;p<sub>i</sub>s<sub>i</sub> (10<sup>6</sup> if that sum is 0);
 * Contrast [&Sigma;p<sub>i</sub>p<sub>j</sub>(i-j)<sup>2</sup> / (N<sub>gp</sub>(N<sub>gp</sub>-1))]
 * &Sigma;s<sub>i</sub> / N<sub>vp</sub> (0 if N<sub>gp</sub> = 1);
 * Busyness &Sigma;p<sub>i</sub>s<sub>i</sub> / &Sigma;|ip<sub>i</sub> - jp<sub>j</sub>| (0 if the
 * denominator is 0); Complexity &Sigma;|i-j|(p<sub>i</sub>s<sub>i</sub> + p<sub>j</sub>s<sub>j</sub>)
 * / (p<sub>i</sub>+p<sub>j</sub>) / N<sub>vp</sub>; Strength &Sigma;(p<sub>i</sub>+p<sub>j</sub>)
 * (i-j)<sup>2</sup> / &Sigma;s<sub>i</sub> (0 if &Sigma;s<sub>i</sub> = 0).
 *
 * <p>Flat ROI: Coarseness 10<sup>6</sup>, Contrast 0, Busyness 0, Complexity 0, Strength 0. ROIs of
 * fewer than 2 voxels are refused (as PyRadiomics).
 */
public final class NgtdmFeatures {
  /** The features, in PyRadiomics' (alphabetical) order. */
  enum Feature implements FeatureName {
    BUSYNESS("Busyness"),
    COARSENESS("Coarseness"),
    COMPLEXITY("Complexity"),
    CONTRAST("Contrast"),
    STRENGTH("Strength");

    private final String name;

    Feature(String name) {
      this.name = name;
    }

    @Override
    public String pyradiomicsName() {
      return name;
    }
  }

  /** Feature names, in PyRadiomics' (alphabetical) order. */
  public static final List<String> NAMES = FeatureName.names(Feature.class);

  private final int[] distances;
  private final boolean intPath;

  /** PyRadiomics' default: distance 1. */
  public NgtdmFeatures() {
    this(new int[] {1});
  }

  /** @param distances neighbour distances (infinity norm), PyRadiomics setting {@code distances} */
  public NgtdmFeatures(int[] distances) {
    this(distances, true);
  }

  /** @param intPath false forces the general (long) sums, for tests that compare the two */
  NgtdmFeatures(int[] distances, boolean intPath) {
    this.distances = distances.clone();
    this.intPath = intPath;
  }

  /**
   * Adds sign times the sum of v over the cube of the given radius around each box voxel to out
   * (radius 0: the voxel's own value). One pass per axis; a pass leaves the cells within reach of
   * the array ends unset, which only the cubes of padding voxels would read.
   */
  private static void addCube(TextureSupport.Grid grid, long[] v, int radius, int sign,
      long[] out, long[] a, long[] b) {
    long[] cube = radius > 0 ? cube(grid, v, radius, a, b) : v;
    for (int i = 0; i < grid.length; i++) {
      out[i] += sign * cube[i];
    }
  }

  /**
   * The sum of v over the cube of the given radius (&gt; 0) around each box voxel, in a (b is
   * scratch). One pass per axis; a pass leaves the cells within reach of the array ends unset,
   * which only the cubes of padding voxels would read.
   */
  private static long[] cube(TextureSupport.Grid grid, long[] v, int radius, long[] a, long[] b) {
    int length = grid.length;
    sums(v, a, length, radius, 1);
    sums(a, b, length, radius, grid.sx);
    sums(b, a, length, radius, grid.sx * grid.sy);
    return a;
  }

  /** to[i] = sum of from[i + k * stride], k = -radius..radius, for i &lt; length. */
  private static void sums(long[] from, long[] to, int length, int radius, int stride) {
    int reach = radius * stride;
    if (radius == 1) {
      for (int i = reach; i < length - reach; i++) {
        to[i] = from[i - stride] + from[i] + from[i + stride];
      }
      return;
    }
    for (int i = reach; i < length - reach; i++) {
      long s = 0;
      for (int k = i - reach; k <= i + reach; k += stride) {
        s += from[k];
      }
      to[i] = s;
    }
  }

  /** All 5 NGTDM features of the ROI, keyed by PyRadiomics' names. */
  public LinkedHashMap<String, Double> compute(DiscretizedRoi roi) {
    return compute(CaseContext.of(roi));
  }

  /** As {@link #compute(DiscretizedRoi)}, sharing the case's work with its other families. */
  public LinkedHashMap<String, Double> compute(CaseContext context) {
    DiscretizedRoi roi = context.roi();
    TextureSupport.Levels lv = context.levels("NGTDM");
    int n = lv.n;
    // Neighbourhood sums as cube sums: the neighbours at infinity-norm distance d are the cube
    // of radius d minus the cube of radius d - 1 (radius 0: the voxel itself). Cube sums are
    // separable (three 1-D passes), far fewer operations than visiting 26 neighbours per voxel.
    // Offsets TextureSupport.angles drops for a thin box reach only outside the box: no change.
    TextureSupport.angles(distances, true, lv.nx, lv.ny, lv.nz); // validates the distances
    int[] radii = java.util.Arrays.stream(distances).distinct().toArray();
    int pad = java.util.Arrays.stream(radii).max().orElseThrow();
    TextureSupport.Grid grid = lv.grid(pad);
    // voxels per level, as counted for the ROI (the same integers as counting them here)
    double[] ni = new double[n];
    int[] counts = roi.levelCounts();
    for (int k = 0; k < n; k++) {
      ni[k] = counts[(int) lv.values[k]];
    }
    double[] si = new double[n];
    if (intPath && radii.length == 1 && radii[0] == 1 && 27L * lv.maxLevel < 1L << 26) {
      neighbourhoodsDistanceOne(context, lv, grid, si);
    } else {
      neighbourhoods(context, lv, grid, radii, pad, si);
    }
    return features(lv, ni, si);
  }

  /**
   * PyRadiomics' default (distance 1, grey levels below 2.4 million) in ints: level sum and
   * count of a 3x3x3 cube fit one int (level << 5 | 1), with the same exact integer sums as the
   * general long version below. Plane by plane: the sums over 3x3 squares of the planes below,
   * at and above the ROI's plane (three planes of the padded grid, kept in cache and rotated),
   * whose sum at a voxel is its cube's, instead of four passes over the whole padded grid (the
   * packed levels, then one sum per axis) through three grid-sized arrays: NGTDM after the
   * neighbour scan of the benchmark tumour in 0.80 and 0.93 of the time (two paired runs).
   */
  private static void neighbourhoodsDistanceOne(CaseContext context,
      TextureSupport.Levels lv, TextureSupport.Grid grid, double[] si) {
    int[] index = grid.index;
    int n = lv.n;
    // the packed value of each level index (n: outside the ROI, 0), so that reading the padded
    // grid is one table load per cell, without a test and a conversion from double
    int[] packedOf = new int[n + 1];
    for (int k = 0; k < n; k++) {
      packedOf[k] = (int) lv.values[k] << 5 | 1;
    }
    int sx = grid.sx;
    int plane = sx * grid.sy;
    // square sums of three planes, then the row sums of the plane being summed
    int[] work = context.ints(Workspace.Slot.NGTDM_INT_PLANES, 4 * plane);
    int below = 0;
    int at = plane;
    int above = 2 * plane;
    int firstPlane = grid.at(0, 0, 0) / plane;
    int[] rows = roiRows(lv, grid.pad);
    double[] over26 = over26(lv.maxLevel, grid.length);
    squares(index, packedOf, firstPlane - 1, plane, sx, work, below, rows);
    squares(index, packedOf, firstPlane, plane, sx, work, at, rows);
    for (int z = 0, r = 0; z < lv.nz; z++) {
      int from = (firstPlane + z) * plane;
      squares(index, packedOf, firstPlane + z + 1, plane, sx, work, above, rows);
      for (int y = 0; y < lv.ny; y++, r++) {
        int row = grid.at(0, y, z);
        for (int i = row + lv.rowStart[r], end = row + lv.rowEnd[r]; i < end; i++) {
          int li = index[i];
          if (li == n) {
            continue;
          }
          int k = i - from;
          int own = packedOf[li];
          int around = work[below + k] + work[at + k] + work[above + k] - own;
          int sum = around >>> 5;
          int count = around & 31;
          double mean = count == 26 && sum < over26.length ? over26[sum] : (double) sum / count;
          si[li] += count == 0 ? 0 : Math.abs((own >>> 5) - mean);
        }
      }
      int free = below;
      below = at;
      at = above;
      above = free;
    }
  }

  /**
   * k / 26 for every possible sum k of 26 levels: most ROI voxels have all 26 neighbours in the
   * ROI, and a table load replaces their division (the same double). Empty when the table would
   * outgrow the padded grid or 16,384 entries (fine bins: more divisions to fill it than a small
   * ROI would do).
   */
  private static double[] over26(int maxLevel, int gridCells) {
    long size = 26L * maxLevel + 1;
    if (size > Math.min(gridCells, 1 << 14)) {
      return new double[0];
    }
    double[] table = new double[(int) size];
    for (int k = 0; k < table.length; k++) {
      table[k] = (double) k / 26;
    }
    return table;
  }

  /**
   * Per padded plane p, the first and last padded row holding ROI voxels in planes p - 1, p and
   * p + 1 (at 2p and 2p + 1; first > last if none): the rows whose square sums ROI voxels read.
   */
  private static int[] roiRows(TextureSupport.Levels lv, int pad) {
    int planes = lv.nz + 2 * pad;
    int[] rows = new int[2 * planes];
    for (int p = 0; p < planes; p++) {
      rows[2 * p] = Integer.MAX_VALUE;
      rows[2 * p + 1] = -1;
    }
    for (int z = 0, r = 0; z < lv.nz; z++) {
      for (int y = 0; y < lv.ny; y++, r++) {
        if (lv.rowEnd[r] > lv.rowStart[r]) {
          for (int p = z + pad - 1; p <= z + pad + 1; p++) {
            rows[2 * p] = Math.min(rows[2 * p], y + pad);
            rows[2 * p + 1] = Math.max(rows[2 * p + 1], y + pad);
          }
        }
      }
    }
    return rows;
  }

  /**
   * Into work[to ..]: the sums of the packed levels over the 3x3 square around each cell of the
   * padded grid's plane p, in the rows {@code rows} gives for it, except in its first and last
   * column, which hold padding (their cells, and those of other rows, hold anything).
   * work[3 * plane ..] is scratch. Only the rows near the ROI: the box's planes are mostly wider
   * than the ROI's cross-section in them; summing whole planes, NGTDM on the benchmark tumour
   * took 1 / 0.74 of the time (family alone, paired).
   */
  private static void squares(int[] index, int[] packedOf, int p, int plane, int sx,
      int[] work, int to, int[] rows) {
    int first = rows[2 * p];
    int last = rows[2 * p + 1];
    if (first > last) {
      return;
    }
    int from = p * plane;
    int sums = 3 * plane;
    // row sums in rows first - 1 .. last + 1 (padding rows at worst), but for their two ends
    int start = (first - 1) * sx + 1;
    int stop = (last + 2) * sx - 1;
    int left = packedOf[index[from + start - 1]];
    int centre = packedOf[index[from + start]];
    for (int k = start; k < stop; k++) {
      int right = packedOf[index[from + k + 1]];
      work[sums + k] = left + centre + right;
      left = centre;
      centre = right;
    }
    for (int k = first * sx, end = (last + 1) * sx; k < end; k++) {
      work[to + k] = work[sums + k - sx] + work[sums + k] + work[sums + k + sx];
    }
  }

  /** Any distances, in longs: si per level index. */
  private static void neighbourhoods(CaseContext context, TextureSupport.Levels lv,
      TextureSupport.Grid grid, int[] radii, int pad, double[] si) {
    int[] index = grid.index;
    int n = lv.n;
    // Grey level and ROI membership of each voxel packed in one long (level << shift | 1), so one
    // cube sum gives both: the low bits hold up to the cube's voxel count, the level sums stay
    // below bit 63 (checked; only absurd distances or bin counts could break it).
    long side = 2L * pad + 1;
    long cubeVoxels = side * side * side;
    int shift = 64 - Long.numberOfLeadingZeros(cubeVoxels);
    if ((double) cubeVoxels * lv.maxLevel >= Math.pow(2, 63 - shift)) {
      throw new IllegalArgumentException("NGTDM: distance " + pad + " with grey levels up to "
          + lv.maxLevel + " is not supported (neighbourhood sums too large)");
    }
    long countMask = (1L << shift) - 1;
    // Reused work arrays, longer than the grid if an earlier ROI's was larger (so lengths come
    // from the grid); packed is written in full, the sums in all cells ROI voxels read.
    int length = grid.length;
    long[] packed = context.longs(Workspace.Slot.NGTDM_PACKED, length);
    // a table per level index, as in neighbourhoodsDistanceOne
    long[] packedOf = new long[n + 1];
    for (int k = 0; k < n; k++) {
      packedOf[k] = (long) lv.values[k] << shift | 1;
    }
    for (int i = 0; i < length; i++) {
      packed[i] = packedOf[index[i]];
    }
    long[] scratch1 = context.longs(Workspace.Slot.NGTDM_SUM_A, length);
    long[] scratch2 = context.longs(Workspace.Slot.NGTDM_SUM_B, length);
    // Each ROI voxel's neighbourhood is outer - inner: for one distance d (PyRadiomics' default
    // d = 1) the cubes of radius d and d - 1 (radius 0: the voxel itself), so no array of
    // differences is made; for several, the sum of their shells plus the voxel itself, minus it.
    long[] outer;
    long[] inner;
    if (radii.length == 1) {
      int d = radii[0];
      outer = cube(grid, packed, d, scratch1, scratch2);
      inner = d == 1 ? packed : cube(grid, packed, d - 1, new long[length], new long[length]);
    } else {
      outer = new long[length];
      for (int d : radii) {
        addCube(grid, packed, d, 1, outer, scratch1, scratch2);
        addCube(grid, packed, d - 1, -1, outer, scratch1, scratch2);
      }
      addCube(grid, packed, 0, 1, outer, scratch1, scratch2);
      inner = packed;
    }
    for (int z = 0, r = 0; z < lv.nz; z++) {
      for (int y = 0; y < lv.ny; y++, r++) {
        int row = grid.at(0, y, z);
        for (int i = row + lv.rowStart[r], end = row + lv.rowEnd[r]; i < end; i++) {
          int li = index[i];
          if (li == n) {
            continue;
          }
          long around = outer[i] - inner[i];
          long sum = around >>> shift;
          long count = around & countMask;
          // A voxel without any ROI neighbour adds 0 but still counts (PyRadiomics' C code).
          si[li] += count == 0 ? 0 : Math.abs((packed[i] >>> shift) - (double) sum / count);
        }
      }
    }
  }

  private static LinkedHashMap<String, Double> features(TextureSupport.Levels lv, double[] ni,
      double[] si) {
    int n = lv.n;
    double[] g = lv.values;
    double nvp = 0;
    for (double v : ni) {
      nvp += v;
    }
    double[] p = new double[n];
    double sumPs = 0;
    double sumS = 0;
    for (int i = 0; i < n; i++) {
      p[i] = ni[i] / nvp;
      sumPs += p[i] * si[i];
      sumS += si[i];
    }
    double contrastSum = 0;
    double busyDen = 0;
    double complexity = 0;
    double strength = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d = g[i] - g[j];
        contrastSum += p[i] * p[j] * d * d;
        busyDen += Math.abs(g[i] * p[i] - g[j] * p[j]);
        complexity += Math.abs(d) * (p[i] * si[i] + p[j] * si[j]) / (p[i] + p[j]);
        strength += (p[i] + p[j]) * d * d;
      }
    }
    double coarseness = sumPs == 0 ? 1e6 : 1 / sumPs;
    double div = (double) n * (n - 1);
    double contrast = div == 0 ? 0 : contrastSum * sumS / nvp / div;
    double busyness = busyDen == 0 ? 0 : sumPs / busyDen;
    complexity /= nvp;
    strength = sumS == 0 ? 0 : strength / sumS;
    EnumMap<Feature, Double> f = new EnumMap<>(Feature.class);
    f.put(Feature.BUSYNESS, busyness);
    f.put(Feature.COARSENESS, coarseness);
    f.put(Feature.COMPLEXITY, complexity);
    f.put(Feature.CONTRAST, contrast);
    f.put(Feature.STRENGTH, strength);
    return FeatureName.byName(f, Feature.class);
  }
}
