package org.deltarad.features;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Grey Level Size Zone Matrix features, as PyRadiomics 3.1 (radiomics/glszm.py with its C
 * extension) computes them in 3-D.
 *
 * <p>A zone is a 26-connected set of ROI voxels of one grey level; P(i,j) counts zones of grey
 * level i and size j voxels. Zones are found by union-find on provisional labels. With
 * N<sub>z</sub> = &Sigma;P (zones), N<sub>p</sub> = &Sigma;P j (voxels), p<sub>g</sub>(i) =
 * &Sigma;<sub>j</sub>P, p<sub>s</sub>(j) = &Sigma;<sub>i</sub>P, i the actual grey level,
 * p = P / N<sub>z</sub>, log = log<sub>2</sub>, &epsilon; = 2.2e-16:
 * SmallAreaEmphasis &Sigma;p<sub>s</sub>/j<sup>2</sup>/N<sub>z</sub>; LargeAreaEmphasis
 * &Sigma;p<sub>s</sub>j<sup>2</sup>/N<sub>z</sub>; GrayLevelNonUniformity
 * &Sigma;p<sub>g</sub><sup>2</sup>/N<sub>z</sub> (Normalized: /N<sub>z</sub><sup>2</sup>);
 * SizeZoneNonUniformity &Sigma;p<sub>s</sub><sup>2</sup>/N<sub>z</sub> (Normalized:
 * /N<sub>z</sub><sup>2</sup>); ZonePercentage N<sub>z</sub>/N<sub>p</sub>; GrayLevelVariance and
 * ZoneVariance the variances of i and j under p; ZoneEntropy -&Sigma;p log(p+&epsilon;);
 * Low/HighGrayLevelZoneEmphasis &Sigma;p<sub>g</sub> i<sup>&#8723;2</sup>/N<sub>z</sub>;
 * SmallAreaLow/HighGrayLevelEmphasis &Sigma;P i<sup>&#8723;2</sup>/j<sup>2</sup>/N<sub>z</sub>;
 * LargeAreaLow/HighGrayLevelEmphasis &Sigma;P j<sup>2</sup> i<sup>&#8723;2</sup>/N<sub>z</sub>.
 *
 * <p>Flat, connected ROI: one zone of N<sub>p</sub> voxels, so ZoneVariance 0, ZoneEntropy
 * ~ -log2(1+&epsilon;) = -3.2e-16 (as PyRadiomics), SizeZoneNonUniformityNormalized 1. ROIs of fewer
 * than 2 voxels are refused (as PyRadiomics).
 */
public final class GlszmFeatures {
  /** The features, in PyRadiomics' (alphabetical) order. */
  enum Feature implements FeatureName {
    GRAY_LEVEL_NON_UNIFORMITY("GrayLevelNonUniformity"),
    GRAY_LEVEL_NON_UNIFORMITY_NORMALIZED("GrayLevelNonUniformityNormalized"),
    GRAY_LEVEL_VARIANCE("GrayLevelVariance"),
    HIGH_GRAY_LEVEL_ZONE_EMPHASIS("HighGrayLevelZoneEmphasis"),
    LARGE_AREA_EMPHASIS("LargeAreaEmphasis"),
    LARGE_AREA_HIGH_GRAY_LEVEL_EMPHASIS("LargeAreaHighGrayLevelEmphasis"),
    LARGE_AREA_LOW_GRAY_LEVEL_EMPHASIS("LargeAreaLowGrayLevelEmphasis"),
    LOW_GRAY_LEVEL_ZONE_EMPHASIS("LowGrayLevelZoneEmphasis"),
    SIZE_ZONE_NON_UNIFORMITY("SizeZoneNonUniformity"),
    SIZE_ZONE_NON_UNIFORMITY_NORMALIZED("SizeZoneNonUniformityNormalized"),
    SMALL_AREA_EMPHASIS("SmallAreaEmphasis"),
    SMALL_AREA_HIGH_GRAY_LEVEL_EMPHASIS("SmallAreaHighGrayLevelEmphasis"),
    SMALL_AREA_LOW_GRAY_LEVEL_EMPHASIS("SmallAreaLowGrayLevelEmphasis"),
    ZONE_ENTROPY("ZoneEntropy"),
    ZONE_PERCENTAGE("ZonePercentage"),
    ZONE_VARIANCE("ZoneVariance");

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

  /** All 16 GLSZM features of the ROI, keyed by PyRadiomics' names. */
  public LinkedHashMap<String, Double> compute(DiscretizedRoi roi) {
    return compute(CaseContext.of(roi));
  }

  /** As {@link #compute(DiscretizedRoi)}, sharing the case's work with its other families. */
  public LinkedHashMap<String, Double> compute(CaseContext context) {
    DiscretizedRoi roi = context.roi();
    TextureSupport.Levels lv = context.levels("GLSZM");
    int n = lv.n;
    int voxels = roi.voxelCount();
    // Zones by union-find on provisional labels, in one scan of the voxels and one of the
    // labels. A voxel without an earlier neighbour of its level gets a new label; one with such
    // neighbours takes the label of one of them, and if they form several adjacency groups, the
    // labels of two groups are noted as the same zone, to unite after the scan. Of the
    // benchmark tumour's voxels 20% start a label, 58% join one group and 22% several: a branch
    // on which, as the union-find over voxels had, was mispredicted at random; here all three
    // are the same branch-free arithmetic, and only the 2% that join three or more groups
    // branch (GLSZM after the neighbour scan: 0.83 of the time, paired). Streams through
    // memory, unlike a flood fill. The padded grid gives every voxel all 13 earlier neighbours
    // (outside the box: not in the ROI).
    TextureSupport.Grid grid = lv.grid(1);
    int[] index = grid.index;
    // back[c]: index step to BACKWARD[c]; back[32] = 0 for "no neighbour" (numberOfTrailingZeros
    // of 0), whose label is read and not used
    int[] back = new int[33];
    for (int c = 0; c < BACKWARD.length; c++) {
      back[c] = grid.step(BACKWARD[c]);
    }
    int[] scanned = context.sameLevelBefore(BACKWARD, grid);
    // Reused work arrays: only ROI voxels' labels are read, each after its visit below wrote it;
    // label cells are written when the label is made, pairs before they are read.
    int[] label = context.ints(Workspace.Slot.GLSZM_LABEL, grid.length);
    // per label: its parent (a smaller label, or itself at a root), level, and voxels labelled
    int[] parent = context.ints(Workspace.Slot.GLSZM_PARENT, voxels + 1);
    int[] labelLevel = context.ints(Workspace.Slot.GLSZM_LABEL_LEVEL, voxels + 1);
    int[] labelled = context.ints(Workspace.Slot.GLSZM_LABEL_VOXELS, voxels + 1);
    // labels of one zone, two by two: at most one pair per voxel
    int[] pairs = context.ints(Workspace.Slot.GLSZM_PAIRS, 2 * voxels);
    int labels = 0;
    int noted = 0;
    for (int z = 0, r = 0; z < lv.nz; z++) {
      for (int y = 0; y < lv.ny; y++, r++) {
        int row = grid.at(0, y, z);
        for (int i = row + lv.rowStart[r], end = row + lv.rowEnd[r]; i < end; i++) {
          int level = index[i];
          if (level == n) {
            continue;
          }
          // Which earlier neighbours share the level, without a branch per neighbour (which
          // one does is random in a textured ROI); the neighbour scan may have found them.
          int same;
          if (scanned != null) {
            same = NeighbourScan.behind(scanned[i], BACKWARD.length);
          } else {
            same = 0;
            for (int c = 0; c < BACKWARD.length; c++) {
              int d = index[i - back[c]] ^ level;
              same |= (((d | -d) >>> 31) ^ 1) << c;
            }
          }
          // Only one neighbour per adjacency group needs a union (see REPRESENTATIVES).
          int join = REPRESENTATIVES[same];
          // the next label is made in any case, and counts only if the voxel starts it
          parent[labels] = labels;
          labelLevel[labels] = level;
          labelled[labels] = 0;
          int fresh = -((join - 1) >>> 31); // all ones iff no group
          int l = (labels & fresh) | (label[i - back[Integer.numberOfTrailingZeros(join)]]
              & ~fresh);
          labels -= fresh;
          int rest = join & (join - 1);
          pairs[noted] = l;
          pairs[noted + 1] = label[i - back[Integer.numberOfTrailingZeros(rest)]];
          noted += (-rest >>> 31) << 1;
          for (rest &= rest - 1; rest != 0; rest &= rest - 1) {
            union(parent, l, label[i - back[Integer.numberOfTrailingZeros(rest)]]);
          }
          label[i] = l;
          labelled[l]++;
        }
      }
    }
    for (int k = 0; k < noted; k += 2) {
      union(parent, pairs[k], pairs[k + 1]);
    }
    // Zones are the root labels. In label order every parent comes first, so one pass resolves
    // each label to its root (parent[p] is a root by then) and adds its voxels to the root's.
    int zones = 0;
    for (int l = 0; l < labels; l++) {
      int p = parent[l];
      if (p == l) {
        zones++;
      } else {
        int root = parent[p];
        parent[l] = root;
        labelled[root] += labelled[l];
      }
    }
    int[] zoneLevel = new int[zones];
    int[] zoneSize = new int[zones];
    for (int l = 0, k = 0; l < labels; l++) {
      if (parent[l] == l) {
        zoneLevel[k] = labelLevel[l];
        zoneSize[k++] = labelled[l];
      }
    }
    // Dense columns only for the zone sizes that occur (at most sqrt(2 * voxels) of them), never
    // for every size up to the voxel count.
    int maxSize = 0;
    for (int z = 0; z < zones; z++) {
      maxSize = Math.max(maxSize, zoneSize[z]);
    }
    int[] sizeColumn = new int[maxSize + 1];
    for (int z = 0; z < zones; z++) {
      sizeColumn[zoneSize[z]] = 1;
    }
    int columns = 0;
    for (int s = 1; s <= maxSize; s++) {
      sizeColumn[s] = sizeColumn[s] == 1 ? columns++ : -1;
    }
    double[] sizes = new double[columns];
    for (int s = 1; s <= maxSize; s++) {
      if (sizeColumn[s] >= 0) {
        sizes[sizeColumn[s]] = s;
      }
    }
    double[] p = new double[n * columns];
    for (int z = 0; z < zones; z++) {
      p[zoneLevel[z] * columns + sizeColumn[zoneSize[z]]]++;
    }
    return features(p, n, lv.values, sizes);
  }

  /** The 13 neighbours scanned before a voxel, as offsets {dz, dy, dx} back from it. */
  private static final int[][] BACKWARD = TextureSupport.angles(new int[] {1}, false, 3, 3, 3);

  /**
   * For each set of earlier neighbours of a voxel's grey level (bit c: BACKWARD[c]), one
   * neighbour of each group of mutually 26-adjacent ones. Two earlier neighbours of the same level
   * that are adjacent to each other are already in one zone (they were joined when the later of
   * them was scanned), so joining the voxel with one of them is enough. Most sets form a single
   * group: usually one union per voxel instead of up to 13. The 13 bits fit in a char: 16 KB of
   * table instead of 32 KB beside the scan's arrays in the first-level cache (extraction B/A
   * 0.981, 0.997, 0.991 paired, and 0.974, 0.999 the day before).
   */
  private static final char[] REPRESENTATIVES = representatives();

  private static char[] representatives() {
    int k = BACKWARD.length;
    int[] adjacent = new int[k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        int far = 0;
        for (int d = 0; d < 3; d++) {
          far = Math.max(far, Math.abs(BACKWARD[a][d] - BACKWARD[b][d]));
        }
        if (a != b && far == 1) {
          adjacent[a] |= 1 << b;
        }
      }
    }
    char[] out = new char[1 << k];
    for (int set = 1; set < out.length; set++) {
      int left = set;
      while (left != 0) {
        int first = Integer.lowestOneBit(left);
        out[set] |= (char) first;
        // remove first's whole group (flood over adjacency within the set)
        int group = first;
        int grown;
        do {
          grown = group;
          for (int m = group; m != 0; m &= m - 1) {
            group |= adjacent[Integer.numberOfTrailingZeros(m)] & set;
          }
        } while (group != grown);
        left &= ~group;
      }
    }
    return out;
  }

  /**
   * Unites the sets of labels a and b: the larger root goes under the smaller, and a and b
   * point to it directly (a label joins many pairs: 65% of the benchmark tumour's pairs are
   * already united when their turn comes, found in fewer steps so).
   */
  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    int root = Math.min(ra, rb);
    parent[ra] = root;
    parent[rb] = root;
    parent[a] = root;
    parent[b] = root;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]]; // path halving
      i = parent[i];
    }
    return i;
  }

  private static LinkedHashMap<String, Double> features(double[] m, int n, double[] g,
      double[] s) {
    int cols = s.length;
    double eps = TextureSupport.EPS;
    double nz = 0;
    for (double v : m) {
      nz += v;
    }
    double[] ps = new double[cols];
    double[] pg = new double[n];
    double entropy = 0;
    double salgle = 0;
    double sahgle = 0;
    double lalgle = 0;
    double lahgle = 0;
    for (int i = 0; i < n; i++) {
      double gi2 = g[i] * g[i];
      for (int j = 0; j < cols; j++) {
        double v = m[i * cols + j];
        if (v == 0) {
          continue;
        }
        double j2 = s[j] * s[j];
        ps[j] += v;
        pg[i] += v;
        double p = v / nz;
        entropy -= p * TextureSupport.log2(p + eps);
        salgle += v / (gi2 * j2);
        sahgle += v * gi2 / j2;
        lalgle += v * j2 / gi2;
        lahgle += v * j2 * gi2;
      }
    }
    double sae = 0;
    double lae = 0;
    double np = 0;
    double szn = 0;
    double uj = 0;
    for (int j = 0; j < cols; j++) {
      double v = ps[j];
      double j2 = s[j] * s[j];
      sae += v / j2;
      lae += v * j2;
      np += v * s[j];
      szn += v * v;
      uj += v / nz * s[j];
    }
    double zv = 0;
    for (int j = 0; j < cols; j++) {
      double d = s[j] - uj;
      zv += ps[j] / nz * d * d;
    }
    double gln = 0;
    double lglze = 0;
    double hglze = 0;
    double ui = 0;
    for (int i = 0; i < n; i++) {
      double v = pg[i];
      gln += v * v;
      lglze += v / (g[i] * g[i]);
      hglze += v * g[i] * g[i];
      ui += v / nz * g[i];
    }
    double glv = 0;
    for (int i = 0; i < n; i++) {
      double d = g[i] - ui;
      glv += pg[i] / nz * d * d;
    }
    EnumMap<Feature, Double> f = new EnumMap<>(Feature.class);
    f.put(Feature.GRAY_LEVEL_NON_UNIFORMITY, gln / nz);
    f.put(Feature.GRAY_LEVEL_NON_UNIFORMITY_NORMALIZED, gln / (nz * nz));
    f.put(Feature.GRAY_LEVEL_VARIANCE, glv);
    f.put(Feature.HIGH_GRAY_LEVEL_ZONE_EMPHASIS, hglze / nz);
    f.put(Feature.LARGE_AREA_EMPHASIS, lae / nz);
    f.put(Feature.LARGE_AREA_HIGH_GRAY_LEVEL_EMPHASIS, lahgle / nz);
    f.put(Feature.LARGE_AREA_LOW_GRAY_LEVEL_EMPHASIS, lalgle / nz);
    f.put(Feature.LOW_GRAY_LEVEL_ZONE_EMPHASIS, lglze / nz);
    f.put(Feature.SIZE_ZONE_NON_UNIFORMITY, szn / nz);
    f.put(Feature.SIZE_ZONE_NON_UNIFORMITY_NORMALIZED, szn / (nz * nz));
    f.put(Feature.SMALL_AREA_EMPHASIS, sae / nz);
    f.put(Feature.SMALL_AREA_HIGH_GRAY_LEVEL_EMPHASIS, sahgle / nz);
    f.put(Feature.SMALL_AREA_LOW_GRAY_LEVEL_EMPHASIS, salgle / nz);
    f.put(Feature.ZONE_ENTROPY, entropy);
    f.put(Feature.ZONE_PERCENTAGE, nz / np);
    f.put(Feature.ZONE_VARIANCE, zv);
    return FeatureName.byName(f, Feature.class);
  }
}
