package org.deltarad.features;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Grey Level Dependence Matrix features, as PyRadiomics 3.1 (radiomics/gldm.py with its C
 * extension) computes them in 3-D.
 *
 * <p>For each ROI voxel, its dependence is the number of neighbours (the 26-neighbourhood for
 * distance 1) inside the ROI whose grey level differs by at most &alpha; (gldm_a, default 0);
 * neighbours outside the box or the ROI do not count. P(i,j) counts voxels of grey level i with
 * dependence j - 1 (j = 1..27). With N<sub>z</sub> = &Sigma;P (= voxels), p<sub>g</sub>(i) =
 * &Sigma;<sub>j</sub>P, p<sub>d</sub>(j) = &Sigma;<sub>i</sub>P, i the actual grey level,
 * p = P / N<sub>z</sub>, log = log<sub>2</sub>, &epsilon; = 2.2e-16:
 * SmallDependenceEmphasis &Sigma;p<sub>d</sub>/j<sup>2</sup>/N<sub>z</sub>; LargeDependenceEmphasis
 * &Sigma;p<sub>d</sub>j<sup>2</sup>/N<sub>z</sub>; GrayLevelNonUniformity
 * &Sigma;p<sub>g</sub><sup>2</sup>/N<sub>z</sub>; DependenceNonUniformity
 * &Sigma;p<sub>d</sub><sup>2</sup>/N<sub>z</sub> (Normalized: /N<sub>z</sub><sup>2</sup>);
 * GrayLevelVariance and DependenceVariance the variances of i and j under p; DependenceEntropy
 * -&Sigma;p log(p+&epsilon;); Low/HighGrayLevelEmphasis &Sigma;p<sub>g</sub>
 * i<sup>&#8723;2</sup>/N<sub>z</sub>; SmallDependenceLow/HighGrayLevelEmphasis &Sigma;P
 * i<sup>&#8723;2</sup>/j<sup>2</sup>/N<sub>z</sub>; LargeDependenceLow/HighGrayLevelEmphasis
 * &Sigma;P j<sup>2</sup> i<sup>&#8723;2</sup>/N<sub>z</sub>.
 *
 * <p>Flat ROI: dependence = number of ROI neighbours; GrayLevelVariance 0. ROIs of fewer than 2
 * voxels are refused (as PyRadiomics).
 */
public final class GldmFeatures {
  /** The features, in PyRadiomics' (alphabetical) order. */
  enum Feature implements FeatureName {
    DEPENDENCE_ENTROPY("DependenceEntropy"),
    DEPENDENCE_NON_UNIFORMITY("DependenceNonUniformity"),
    DEPENDENCE_NON_UNIFORMITY_NORMALIZED("DependenceNonUniformityNormalized"),
    DEPENDENCE_VARIANCE("DependenceVariance"),
    GRAY_LEVEL_NON_UNIFORMITY("GrayLevelNonUniformity"),
    GRAY_LEVEL_VARIANCE("GrayLevelVariance"),
    HIGH_GRAY_LEVEL_EMPHASIS("HighGrayLevelEmphasis"),
    LARGE_DEPENDENCE_EMPHASIS("LargeDependenceEmphasis"),
    LARGE_DEPENDENCE_HIGH_GRAY_LEVEL_EMPHASIS("LargeDependenceHighGrayLevelEmphasis"),
    LARGE_DEPENDENCE_LOW_GRAY_LEVEL_EMPHASIS("LargeDependenceLowGrayLevelEmphasis"),
    LOW_GRAY_LEVEL_EMPHASIS("LowGrayLevelEmphasis"),
    SMALL_DEPENDENCE_EMPHASIS("SmallDependenceEmphasis"),
    SMALL_DEPENDENCE_HIGH_GRAY_LEVEL_EMPHASIS("SmallDependenceHighGrayLevelEmphasis"),
    SMALL_DEPENDENCE_LOW_GRAY_LEVEL_EMPHASIS("SmallDependenceLowGrayLevelEmphasis");

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
  private final int alpha;

  /** PyRadiomics' defaults: distance 1, gldm_a 0. */
  public GldmFeatures() {
    this(new int[] {1}, 0);
  }

  /**
   * @param distances neighbour distances (infinity norm), PyRadiomics setting {@code distances}
   * @param alpha PyRadiomics setting {@code gldm_a}: largest grey-level difference of a dependent
   *     neighbour
   */
  public GldmFeatures(int[] distances, int alpha) {
    if (alpha < 0) {
      throw new IllegalArgumentException("GLDM: gldm_a must be >= 0, got " + alpha);
    }
    this.distances = distances.clone();
    this.alpha = alpha;
  }

  /** All 14 GLDM features of the ROI, keyed by PyRadiomics' names. */
  public LinkedHashMap<String, Double> compute(DiscretizedRoi roi) {
    return compute(CaseContext.of(roi));
  }

  /** As {@link #compute(DiscretizedRoi)}, sharing the case's work with its other families. */
  public LinkedHashMap<String, Double> compute(CaseContext context) {
    DiscretizedRoi roi = context.roi();
    TextureSupport.Levels lv = context.levels("GLDM");
    int n = lv.n;
    NeighbourScan scan = context.scan("GLDM", distances, alpha);
    int cols = scan.dependenceColumns;
    int[] counts = scan.dependence;
    double[] g = lv.values;
    double eps = TextureSupport.EPS;
    double nzv = roi.voxelCount();
    double[] pd = new double[cols];
    double[] pg = new double[n];
    double entropy = 0;
    double sdlgle = 0;
    double sdhgle = 0;
    double ldlgle = 0;
    double ldhgle = 0;
    for (int i = 0; i < n; i++) {
      double gi2 = g[i] * g[i];
      for (int d = 0; d < cols; d++) {
        double v = counts[i * cols + d];
        if (v == 0) {
          continue;
        }
        double j = d + 1;
        double j2 = j * j;
        pd[d] += v;
        pg[i] += v;
        double p = v / nzv;
        entropy -= p * TextureSupport.log2(p + eps);
        sdlgle += v / (gi2 * j2);
        sdhgle += v * gi2 / j2;
        ldlgle += v * j2 / gi2;
        ldhgle += v * j2 * gi2;
      }
    }
    double sde = 0;
    double lde = 0;
    double dn = 0;
    double uj = 0;
    for (int d = 0; d < cols; d++) {
      double v = pd[d];
      double j = d + 1;
      sde += v / (j * j);
      lde += v * j * j;
      dn += v * v;
      uj += v / nzv * j;
    }
    double dv = 0;
    for (int d = 0; d < cols; d++) {
      double diff = d + 1 - uj;
      dv += pd[d] / nzv * diff * diff;
    }
    double gln = 0;
    double lgle = 0;
    double hgle = 0;
    double ui = 0;
    for (int i = 0; i < n; i++) {
      double v = pg[i];
      gln += v * v;
      lgle += v / (g[i] * g[i]);
      hgle += v * g[i] * g[i];
      ui += v / nzv * g[i];
    }
    double glv = 0;
    for (int i = 0; i < n; i++) {
      double diff = g[i] - ui;
      glv += pg[i] / nzv * diff * diff;
    }
    EnumMap<Feature, Double> f = new EnumMap<>(Feature.class);
    f.put(Feature.DEPENDENCE_ENTROPY, entropy);
    f.put(Feature.DEPENDENCE_NON_UNIFORMITY, dn / nzv);
    f.put(Feature.DEPENDENCE_NON_UNIFORMITY_NORMALIZED, dn / (nzv * nzv));
    f.put(Feature.DEPENDENCE_VARIANCE, dv);
    f.put(Feature.GRAY_LEVEL_NON_UNIFORMITY, gln / nzv);
    f.put(Feature.GRAY_LEVEL_VARIANCE, glv);
    f.put(Feature.HIGH_GRAY_LEVEL_EMPHASIS, hgle / nzv);
    f.put(Feature.LARGE_DEPENDENCE_EMPHASIS, lde / nzv);
    f.put(Feature.LARGE_DEPENDENCE_HIGH_GRAY_LEVEL_EMPHASIS, ldhgle / nzv);
    f.put(Feature.LARGE_DEPENDENCE_LOW_GRAY_LEVEL_EMPHASIS, ldlgle / nzv);
    f.put(Feature.LOW_GRAY_LEVEL_EMPHASIS, lgle / nzv);
    f.put(Feature.SMALL_DEPENDENCE_EMPHASIS, sde / nzv);
    f.put(Feature.SMALL_DEPENDENCE_HIGH_GRAY_LEVEL_EMPHASIS, sdhgle / nzv);
    f.put(Feature.SMALL_DEPENDENCE_LOW_GRAY_LEVEL_EMPHASIS, sdlgle / nzv);
    return FeatureName.byName(f, Feature.class);
  }
}
