package org.deltarad.features;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * Grey Level Run Length Matrix features, as PyRadiomics 3.1 (radiomics/glrlm.py with its C
 * extension) computes them in 3-D.
 *
 * <p>For each of the 13 directions, every line of the bounding box along that direction is walked
 * from the box edge; a run is a maximal stretch of consecutive ROI voxels of one grey level (a voxel
 * outside the ROI ends a run). P(i,j) counts runs of grey level i and length j. A direction in which
 * no line holds more than one ROI voxel is emptied (PyRadiomics: the ROI is 2-D for that angle), and
 * empty directions are dropped. Features are computed per direction and averaged over directions
 * (numpy.nanmean). With a weighting norm the matrices are weighted by the offset's length in mm
 * and summed, and features computed once.
 *
 * <p>With N<sub>r</sub> = &Sigma;P (number of runs), N<sub>p</sub> = &Sigma;P j (voxels),
 * p<sub>g</sub>(i) = &Sigma;<sub>j</sub>P, p<sub>r</sub>(j) = &Sigma;<sub>i</sub>P, i the actual
 * grey level, p = P / N<sub>r</sub>, log = log<sub>2</sub>, &epsilon; = 2.2e-16:
 * ShortRunEmphasis &Sigma;p<sub>r</sub>/j<sup>2</sup>/N<sub>r</sub>; LongRunEmphasis
 * &Sigma;p<sub>r</sub>j<sup>2</sup>/N<sub>r</sub>; GrayLevelNonUniformity
 * &Sigma;p<sub>g</sub><sup>2</sup>/N<sub>r</sub> (Normalized: /N<sub>r</sub><sup>2</sup>);
 * RunLengthNonUniformity &Sigma;p<sub>r</sub><sup>2</sup>/N<sub>r</sub> (Normalized:
 * /N<sub>r</sub><sup>2</sup>); RunPercentage N<sub>r</sub>/N<sub>p</sub>; GrayLevelVariance and
 * RunVariance the variances of i and j under p; RunEntropy -&Sigma;p log(p+&epsilon;);
 * Low/HighGrayLevelRunEmphasis &Sigma;p<sub>g</sub> i<sup>-2 / +2</sup>/N<sub>r</sub>;
 * ShortRunLow/HighGrayLevelEmphasis &Sigma;P i<sup>&#8723;2</sup>/j<sup>2</sup>/N<sub>r</sub>;
 * LongRunLow/HighGrayLevelEmphasis &Sigma;P j<sup>2</sup> i<sup>&#8723;2</sup>/N<sub>r</sub>.
 *
 * <p>Flat ROI: all runs of the one grey level; GrayLevelVariance 0, GrayLevelNonUniformityNormalized
 * 1. ROIs of fewer than 2 voxels are refused (as PyRadiomics); an ROI without two voxels on any line
 * gives NaN.
 */
public final class GlrlmFeatures {
  /** The features, in PyRadiomics' (alphabetical) order. */
  enum Feature implements FeatureName {
    GRAY_LEVEL_NON_UNIFORMITY("GrayLevelNonUniformity"),
    GRAY_LEVEL_NON_UNIFORMITY_NORMALIZED("GrayLevelNonUniformityNormalized"),
    GRAY_LEVEL_VARIANCE("GrayLevelVariance"),
    HIGH_GRAY_LEVEL_RUN_EMPHASIS("HighGrayLevelRunEmphasis"),
    LONG_RUN_EMPHASIS("LongRunEmphasis"),
    LONG_RUN_HIGH_GRAY_LEVEL_EMPHASIS("LongRunHighGrayLevelEmphasis"),
    LONG_RUN_LOW_GRAY_LEVEL_EMPHASIS("LongRunLowGrayLevelEmphasis"),
    LOW_GRAY_LEVEL_RUN_EMPHASIS("LowGrayLevelRunEmphasis"),
    RUN_ENTROPY("RunEntropy"),
    RUN_LENGTH_NON_UNIFORMITY("RunLengthNonUniformity"),
    RUN_LENGTH_NON_UNIFORMITY_NORMALIZED("RunLengthNonUniformityNormalized"),
    RUN_PERCENTAGE("RunPercentage"),
    RUN_VARIANCE("RunVariance"),
    SHORT_RUN_EMPHASIS("ShortRunEmphasis"),
    SHORT_RUN_HIGH_GRAY_LEVEL_EMPHASIS("ShortRunHighGrayLevelEmphasis"),
    SHORT_RUN_LOW_GRAY_LEVEL_EMPHASIS("ShortRunLowGrayLevelEmphasis");

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

  private final WeightingNorm weightingNorm;

  /** PyRadiomics' default: no weighting. */
  public GlrlmFeatures() {
    this((WeightingNorm) null);
  }

  /** @param weightingNorm null for none */
  public GlrlmFeatures(WeightingNorm weightingNorm) {
    this.weightingNorm = weightingNorm;
  }

  /** All 16 GLRLM features of the ROI, keyed by PyRadiomics' names. */
  public LinkedHashMap<String, Double> compute(DiscretizedRoi roi) {
    return compute(CaseContext.of(roi));
  }

  /** As {@link #compute(DiscretizedRoi)}, sharing the case's work with its other families. */
  public LinkedHashMap<String, Double> compute(CaseContext context) {
    DiscretizedRoi roi = context.roi();
    TextureSupport.Levels lv = context.levels("GLRLM");
    int nx = roi.nx();
    int ny = roi.ny();
    int nz = roi.nz();
    int n = lv.n;
    int maxRun = Math.max(nx, Math.max(ny, nz));
    int[][] angles = TextureSupport.angles(new int[] {1}, false, nx, ny, nz);
    double[][] matrices = new double[angles.length][];
    TextureSupport.Grid grid = lv.grid(1);
    // When GLCM, GLDM or GLSZM ran on this case, their neighbour scan already knows which voxels
    // have their predecessor's level: bit a of sameBefore, the same predecessor as here.
    int[] sameBefore = context.sameLevelBefore(angles, grid);
    if (sameBefore != null && angles.length <= 16) {
      matrices = fromScan(lv, grid, angles, maxRun, context.scanOf(angles, grid));
    } else {
      // each ROI voxel's position is written before a later voxel on its line reads it
      int[] run = context.ints(Workspace.Slot.GLRLM_RUN, grid.length);
      for (int a = 0; a < angles.length; a++) {
        matrices[a] = runs(lv, grid, angles[a], maxRun, run, sameBefore, a);
      }
    }
    if (weightingNorm != null) {
      matrices = new double[][] {TextureSupport.mergeWeighted(matrices, angles, roi,
          n * (maxRun + 1), weightingNorm::distance)};
    }
    TextureSupport.NanMean<Feature> mean = new TextureSupport.NanMean<>(Feature.class);
    for (double[] m : matrices) {
      double nr = 0;
      for (double v : m) {
        nr += v;
      }
      if (nr == 0) {
        continue; // PyRadiomics deletes directions without runs; a lone empty one gives NaN
      }
      perAngle(m, nr, n, maxRun, lv.values, mean);
    }
    return mean.byName();
  }

  /**
   * Run counts for one direction: index level * (maxRun + 1) + run length.
   *
   * <p>All 13 offsets point to a larger flat index, so one scan in index order sees each voxel's
   * predecessor on its line first, and the voxel's position in its run is the predecessor's plus 1
   * (same level) or 1. A run of length R puts one voxel at each position 1..R, so the number of
   * runs of length exactly L is (voxels at position L) - (voxels at position L + 1). This streams
   * through memory (walking diagonal lines does not) and has no data-dependent branch, which
   * matters as level changes are random in a textured ROI.
   */
  private static double[] runs(TextureSupport.Levels lv, TextureSupport.Grid grid, int[] a,
      int maxRun, int[] run, int[] sameBefore, int bit) {
    int[] index = grid.index;
    int n = lv.n;
    int stride = maxRun + 1;
    int delta = grid.step(a);
    int[] atPosition = new int[n * stride + 1];
    int adjacent = 0;
    for (int z = 0, r = 0; z < lv.nz; z++) {
      for (int y = 0; y < lv.ny; y++, r++) {
        int row = grid.at(0, y, z);
        int start = row + lv.rowStart[r];
        int end = row + lv.rowEnd[r];
        if (delta == 1) {
          // along x the predecessor is the previous voxel: keep its level and position in
          // registers rather than reading back what was just stored
          int u = n;
          int previous = 0;
          for (int i = start; i < end; i++) {
            int v = index[i];
            if (v == n) {
              u = n;
              continue;
            }
            int diff = u ^ v;
            int same = ((diff | -diff) >>> 31) ^ 1;
            int length = 1 + same * previous;
            adjacent |= u ^ n;
            atPosition[v * stride + length]++;
            u = v;
            previous = length;
          }
          continue;
        }
        if (sameBefore != null) {
          for (int i = start; i < end; i++) {
            int v = index[i];
            if (v == n) {
              continue;
            }
            int same = (sameBefore[i] >>> bit) & 1;
            int length = 1 + same * run[i - delta];
            // two neighbours of one level prove a line with two voxels; without any, the exact
            // test below decides
            adjacent |= same;
            run[i] = length;
            atPosition[v * stride + length]++;
          }
          continue;
        }
        for (int i = start; i < end; i++) {
          int v = index[i];
          if (v == n) {
            continue;
          }
          // the predecessor is in the padded grid; outside the ROI (index n) it ends the run
          int u = index[i - delta];
          int diff = u ^ v;
          int same = ((diff | -diff) >>> 31) ^ 1;
          int length = 1 + same * run[i - delta];
          adjacent |= u ^ n;
          run[i] = length;
          atPosition[v * stride + length]++;
        }
      }
    }
    return matrix(lv, grid, a, atPosition, adjacent != 0, maxRun);
  }

  /**
   * {@link #runs} for all directions at once, from the neighbour scan, visiting only the voxels
   * that continue a run beyond its second voxel. A voxel is at position 2 or more in direction a
   * iff its predecessor there has its level (bit a of the scan's same-level bits), so the voxels
   * of level v at position 2 or more are as many as the pairs of level v along a: the
   * co-occurrence count (v, v) of direction a; the rest of the level's voxels (its co-occurrence
   * row sum) start a run. A voxel is at position 3 or more iff its predecessor is the middle of
   * three voxels of one level along a: bits a and 16 + a of the predecessor's same-level bits
   * (its neighbours behind and ahead), one test of one voxel's bits for all 13 directions. The
   * middles (in the benchmark tumour about one voxel in three has any) are noted without a
   * branch, then each walks back along its line while the bit stays set to find the position
   * of the voxel after it. Before, each voxel gathered bit a of its 13 predecessors' bits
   * (GLRLM after the scan then took 1 / 0.65 the time of a walk from every set bit of every
   * voxel, itself 0.94 of the whole extraction's time with a run array per direction).
   */
  private static double[][] fromScan(TextureSupport.Levels lv, TextureSupport.Grid grid,
      int[][] angles, int maxRun, NeighbourScan scan) {
    int[] index = grid.index;
    int[] sameBefore = scan.sameBefore();
    int n = lv.n;
    int stride = maxRun + 1;
    int directions = angles.length;
    int[] delta = new int[directions];
    for (int a = 0; a < directions; a++) {
      delta[a] = grid.step(angles[a]);
    }
    int size = n * stride + 1;
    int[][] atPosition = new int[directions][size];
    // middles of three voxels of one level along some direction, and those directions' bits,
    // in pairs, as the scan noted them (it does with at most 16 directions)
    int[] found = scan.middles();
    int noted = scan.middleCount();
    for (int k = 0; k < noted; k++) {
      int i = found[2 * k];
      int at = index[i] * stride;
      for (int m = found[2 * k + 1]; m != 0; m &= m - 1) {
        int a = Integer.numberOfTrailingZeros(m);
        int step = delta[a];
        // the voxel after i is at position 3, plus one per earlier voxel of the run before i's
        // predecessor
        int length = 3;
        for (int j = i - step; ((sameBefore[j] >>> a) & 1) != 0; j -= step) {
          length++;
        }
        atPosition[a][at + length]++;
      }
    }
    int side = scan.side;
    int[] co = scan.cooccurrence;
    double[][] out = new double[directions][];
    for (int a = 0; a < directions; a++) {
      int[] p = atPosition[a];
      int diagonal = 0;
      for (int v = 0; v < n; v++) {
        int block = a * side * side + v * side;
        int voxels = 0;
        for (int j = 0; j <= n; j++) {
          voxels += co[block + j];
        }
        int pairs = co[block + v];
        diagonal += pairs;
        int later = 0;
        for (int k = v * stride + 3, end = v * stride + stride; k < end; k++) {
          later += p[k];
        }
        p[v * stride + 1] = voxels - pairs;
        p[v * stride + 2] = pairs - later;
      }
      // a same-level pair along a proves a line with two voxels
      out[a] = matrix(lv, grid, angles[a], p, diagonal != 0, maxRun);
    }
    return out;
  }

  /**
   * Runs of each length from the voxels at each position in their run (see {@link #runs});
   * empty if no line along a holds two ROI voxels, which {@code adjacent} (two neighbouring ROI
   * voxels seen) proves, and else an exact check decides.
   */
  private static double[] matrix(TextureSupport.Levels lv, TextureSupport.Grid grid, int[] a,
      int[] atPosition, boolean adjacent, int maxRun) {
    int n = lv.n;
    int stride = maxRun + 1;
    double[] m = new double[n * stride];
    // PyRadiomics empties a direction in which no line holds two ROI voxels (even apart).
    if (adjacent || lineWithTwoVoxels(lv, grid, a)) {
      for (int v = 0; v < n; v++) {
        for (int l = 1; l <= maxRun; l++) {
          int k = v * stride + l;
          m[k] = atPosition[k] - (l < maxRun ? atPosition[k + 1] : 0);
        }
      }
    }
    return m;
  }

  /** True if some line along offset a holds at least two ROI voxels. */
  private static boolean lineWithTwoVoxels(TextureSupport.Levels lv, TextureSupport.Grid grid,
      int[] a) {
    int nx = lv.nx;
    int ny = lv.ny;
    int nz = lv.nz;
    int dz = a[0];
    int dy = a[1];
    int dx = a[2];
    int delta = grid.step(a);
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          boolean start = (dz != 0 && (z - dz < 0 || z - dz >= nz))
              || (dy != 0 && (y - dy < 0 || y - dy >= ny))
              || (dx != 0 && (x - dx < 0 || x - dx >= nx));
          if (!start) {
            continue;
          }
          int elements = 0;
          for (int xx = x, yy = y, zz = z, idx = grid.at(x, y, z);
              xx >= 0 && xx < nx && yy >= 0 && yy < ny && zz >= 0 && zz < nz;
              xx += dx, yy += dy, zz += dz, idx += delta) {
            if (grid.index[idx] != lv.n && ++elements > 1) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static void perAngle(double[] m, double nr, int n, int maxRun, double[] g,
      TextureSupport.NanMean<Feature> mean) {
    int stride = maxRun + 1;
    double eps = TextureSupport.EPS;
    double[] pr = new double[stride];
    double[] pg = new double[n];
    double sre = 0;
    double lre = 0;
    double entropy = 0;
    double srlgle = 0;
    double srhgle = 0;
    double lrlgle = 0;
    double lrhgle = 0;
    for (int i = 0; i < n; i++) {
      double gi2 = g[i] * g[i];
      for (int j = 1; j <= maxRun; j++) {
        double v = m[i * stride + j];
        if (v == 0) {
          continue;
        }
        double j2 = (double) j * j;
        pr[j] += v;
        pg[i] += v;
        double p = v / nr;
        entropy -= p * TextureSupport.log2(p + eps);
        srlgle += v / (gi2 * j2);
        srhgle += v * gi2 / j2;
        lrlgle += v * j2 / gi2;
        lrhgle += v * j2 * gi2;
      }
    }
    double np = 0;
    double rln = 0;
    double uj = 0;
    for (int j = 1; j <= maxRun; j++) {
      double v = pr[j];
      if (v == 0) {
        continue;
      }
      double j2 = (double) j * j;
      sre += v / j2;
      lre += v * j2;
      np += v * j;
      rln += v * v;
      uj += v / nr * j;
    }
    double rv = 0;
    for (int j = 1; j <= maxRun; j++) {
      if (pr[j] != 0) {
        double d = j - uj;
        rv += pr[j] / nr * d * d;
      }
    }
    double gln = 0;
    double lglre = 0;
    double hglre = 0;
    double ui = 0;
    for (int i = 0; i < n; i++) {
      double v = pg[i];
      gln += v * v;
      lglre += v / (g[i] * g[i]);
      hglre += v * g[i] * g[i];
      ui += v / nr * g[i];
    }
    double glv = 0;
    for (int i = 0; i < n; i++) {
      double d = g[i] - ui;
      glv += pg[i] / nr * d * d;
    }
    mean.add(Feature.GRAY_LEVEL_NON_UNIFORMITY, gln / nr);
    mean.add(Feature.GRAY_LEVEL_NON_UNIFORMITY_NORMALIZED, gln / (nr * nr));
    mean.add(Feature.GRAY_LEVEL_VARIANCE, glv);
    mean.add(Feature.HIGH_GRAY_LEVEL_RUN_EMPHASIS, hglre / nr);
    mean.add(Feature.LONG_RUN_EMPHASIS, lre / nr);
    mean.add(Feature.LONG_RUN_HIGH_GRAY_LEVEL_EMPHASIS, lrhgle / nr);
    mean.add(Feature.LONG_RUN_LOW_GRAY_LEVEL_EMPHASIS, lrlgle / nr);
    mean.add(Feature.LOW_GRAY_LEVEL_RUN_EMPHASIS, lglre / nr);
    mean.add(Feature.RUN_ENTROPY, entropy);
    mean.add(Feature.RUN_LENGTH_NON_UNIFORMITY, rln / nr);
    mean.add(Feature.RUN_LENGTH_NON_UNIFORMITY_NORMALIZED, rln / (nr * nr));
    mean.add(Feature.RUN_PERCENTAGE, nr / np);
    mean.add(Feature.RUN_VARIANCE, rv);
    mean.add(Feature.SHORT_RUN_EMPHASIS, sre / nr);
    mean.add(Feature.SHORT_RUN_HIGH_GRAY_LEVEL_EMPHASIS, srhgle / nr);
    mean.add(Feature.SHORT_RUN_LOW_GRAY_LEVEL_EMPHASIS, srlgle / nr);
  }
}
