package org.deltarad.features;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * Grey Level Co-occurrence Matrix features, as PyRadiomics 3.1 (radiomics/glcm.py with its C
 * extension) computes them in 3-D.
 *
 * <p>For each of the 13 directions (distance 1; more for other distances) the matrix counts pairs
 * of ROI voxels (i, j) a direction apart; it is made symmetrical (P + P<sup>T</sup>) and normalised
 * to p = P / sum(P). Grey levels absent from the ROI have no row or column; formulas use the actual
 * grey levels i, j of the present ones and N<sub>g</sub> = the largest grey level. Directions
 * without any pair are dropped; each feature is computed per direction and averaged over
 * directions (NaN values skipped, numpy.nanmean). With a weighting norm the matrices are instead
 * weighted by exp(-||d||<sup>2</sup>) (d the offset in mm), summed, and features computed once.
 *
 * <p>With p<sub>x</sub>, p<sub>y</sub> the marginals, &mu;<sub>x</sub> = &Sigma;p i,
 * &mu;<sub>y</sub> = &Sigma;p j, p<sub>x+y</sub>(k), p<sub>x-y</sub>(k) the sums of p over
 * i+j = k and |i-j| = k, log = log<sub>2</sub> and &epsilon; = 2.2e-16 (numpy.spacing(1)):
 * Autocorrelation &Sigma;p ij; JointAverage &mu;<sub>x</sub>; ClusterProminence / Shade / Tendency
 * &Sigma;p (i+j-&mu;<sub>x</sub>-&mu;<sub>y</sub>)<sup>4 / 3 / 2</sup>; Contrast &Sigma;p
 * (i-j)<sup>2</sup>; Correlation (&Sigma;p (i-&mu;<sub>x</sub>)(j-&mu;<sub>y</sub>)) /
 * (&sigma;<sub>x</sub>&sigma;<sub>y</sub> + &epsilon;), 1 when &sigma;<sub>x</sub>&sigma;<sub>y</sub>
 * = 0; DifferenceAverage DA = &Sigma;k p<sub>x-y</sub>; DifferenceEntropy -&Sigma;p<sub>x-y</sub>
 * log(p<sub>x-y</sub>+&epsilon;); DifferenceVariance &Sigma;(k-DA)<sup>2</sup>p<sub>x-y</sub>;
 * JointEnergy &Sigma;p<sup>2</sup>; JointEntropy HXY = -&Sigma;p log(p+&epsilon;); Imc1 (HXY-HXY1) /
 * max(HX, HY), 0 when that max is 0; Imc2 sqrt(1-exp(-2(HXY2-HXY))), 0 when HXY2 = HXY, NaN (so
 * skipped) when rounding makes HXY2 &lt; HXY; Idm &Sigma;p<sub>x-y</sub>/(1+k<sup>2</sup>); Idmn
 * &Sigma;p<sub>x-y</sub>/(1+k<sup>2</sup>/N<sub>g</sub><sup>2</sup>); Id &Sigma;p<sub>x-y</sub>/(1+k);
 * Idn &Sigma;p<sub>x-y</sub>/(1+k/N<sub>g</sub>); InverseVariance &Sigma;<sub>k&ge;1</sub>
 * p<sub>x-y</sub>/k<sup>2</sup>; MaximumProbability max p; SumAverage &Sigma;k p<sub>x+y</sub>;
 * SumEntropy -&Sigma;p<sub>x+y</sub> log(p<sub>x+y</sub>+&epsilon;); SumSquares &Sigma;p
 * (i-&mu;<sub>x</sub>)<sup>2</sup>; MCC sqrt of the second largest eigenvalue of Q(i,j) =
 * &Sigma;<sub>k</sub> p(i,k)p(j,k) / (p<sub>x</sub>(i)p<sub>y</sub>(k) + &epsilon;), 1 for a flat
 * ROI. HX, HY, HXY1, HXY2 as in PyRadiomics' documentation (&epsilon; inside each log).
 *
 * <p>Flat ROI (one grey level): every direction's p is [[1]], so Correlation 1, Imc1 0, Imc2 0,
 * MCC 1, Contrast 0, JointEnergy 1, Id/Idm/Idmn/Idn 1. ROIs of fewer than 2 voxels are refused
 * (as PyRadiomics); an ROI whose voxels have no neighbour pair in any direction gives NaN.
 */
public final class GlcmFeatures {
  /** The features, in PyRadiomics' (alphabetical) order. */
  enum Feature implements FeatureName {
    AUTOCORRELATION("Autocorrelation"),
    CLUSTER_PROMINENCE("ClusterProminence"),
    CLUSTER_SHADE("ClusterShade"),
    CLUSTER_TENDENCY("ClusterTendency"),
    CONTRAST("Contrast"),
    CORRELATION("Correlation"),
    DIFFERENCE_AVERAGE("DifferenceAverage"),
    DIFFERENCE_ENTROPY("DifferenceEntropy"),
    DIFFERENCE_VARIANCE("DifferenceVariance"),
    ID("Id"),
    IDM("Idm"),
    IDMN("Idmn"),
    IDN("Idn"),
    IMC1("Imc1"),
    IMC2("Imc2"),
    INVERSE_VARIANCE("InverseVariance"),
    JOINT_AVERAGE("JointAverage"),
    JOINT_ENERGY("JointEnergy"),
    JOINT_ENTROPY("JointEntropy"),
    MCC("MCC"),
    MAXIMUM_PROBABILITY("MaximumProbability"),
    SUM_AVERAGE("SumAverage"),
    SUM_ENTROPY("SumEntropy"),
    SUM_SQUARES("SumSquares");

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
  private final boolean symmetrical;
  private final WeightingNorm weightingNorm;

  /** PyRadiomics' defaults: distance 1, symmetrical, no weighting. */
  public GlcmFeatures() {
    this(new int[] {1}, true, (WeightingNorm) null);
  }

  /**
   * @param distances neighbour distances (infinity norm), PyRadiomics setting {@code distances}
   * @param symmetrical PyRadiomics setting {@code symmetricalGLCM}
   * @param weightingNorm null for none
   */
  public GlcmFeatures(int[] distances, boolean symmetrical, WeightingNorm weightingNorm) {
    this.distances = distances.clone();
    this.symmetrical = symmetrical;
    this.weightingNorm = weightingNorm;
  }

  /** All 24 GLCM features of the ROI, keyed by PyRadiomics' names. */
  public LinkedHashMap<String, Double> compute(DiscretizedRoi roi) {
    return compute(CaseContext.of(roi));
  }

  /** As {@link #compute(DiscretizedRoi)}, sharing the case's work with its other families. */
  public LinkedHashMap<String, Double> compute(CaseContext context) {
    DiscretizedRoi roi = context.roi();
    TextureSupport.Levels lv = context.levels("GLCM");
    int n = lv.n;
    NeighbourScan scan = context.scan("GLCM", distances, null);
    int[][] angles = scan.angles;
    double[][] matrices = new double[angles.length][];
    for (int a = 0; a < angles.length; a++) {
      matrices[a] = matrix(scan, a, n);
    }
    if (weightingNorm != null) {
      matrices = new double[][] {TextureSupport.mergeWeighted(matrices, angles, roi, n * n,
          weightingNorm::glcmWeight)};
    }
    TextureSupport.NanMean<Feature> mean = new TextureSupport.NanMean<>(Feature.class);
    Work work = new Work(n, lv.maxLevel, symmetrical);
    for (double[] p : matrices) {
      double total = 0;
      for (double v : p) {
        total += v;
      }
      if (total == 0) {
        continue; // PyRadiomics deletes directions without pairs; a lone empty one gives NaN
      }
      perAngle(p, total, lv, work, mean, symmetrical);
    }
    return mean.byName();
  }

  /** Co-occurrence counts of direction a, made symmetrical if asked; n x n over present levels. */
  private double[] matrix(NeighbourScan scan, int a, int n) {
    int[] counts = scan.cooccurrence;
    int side = scan.side;
    int block = a * side * side;
    double[] p = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int ij = counts[block + i * side + j];
        p[i * n + j] = symmetrical ? ij + counts[block + j * side + i] : ij;
      }
    }
    return p;
  }

  /** Scratch arrays reused across directions. */
  private static final class Work {
    final double[] px;
    final double[] py;
    final double[] pSum;
    final double[] pDiff;
    /**
     * log2(px(i) py(j) + eps) and log2(p(i, j) + eps) by cell, for symmetrical matrices; null
     * otherwise.
     */
    final double[] logPxpy;
    final double[] logP;

    Work(int n, int maxLevel, boolean symmetrical) {
      logPxpy = symmetrical ? new double[n * n] : null;
      logP = symmetrical ? new double[n * n] : null;
      px = new double[n];
      py = new double[n];
      pSum = new double[2 * maxLevel + 1];
      pDiff = new double[maxLevel];
    }
  }

  /**
   * The features of one direction's counts. For a symmetrical matrix, whose p, px and py are
   * then symmetrical to the bit (py(j) sums the same values as px(j), in the same order), the
   * logarithms of cells below the diagonal are those of the cells above it, taken once.
   */
  private static void perAngle(double[] counts, double total, TextureSupport.Levels lv, Work w,
      TextureSupport.NanMean<Feature> mean, boolean symmetrical) {
    int n = lv.n;
    double[] g = lv.values;
    double ng = lv.maxLevel;
    double eps = TextureSupport.EPS;
    double[] p = new double[n * n];
    double[] px = w.px;
    double[] py = w.py;
    java.util.Arrays.fill(px, 0);
    java.util.Arrays.fill(py, 0);
    java.util.Arrays.fill(w.pSum, 0);
    java.util.Arrays.fill(w.pDiff, 0);
    double ux = 0;
    double uy = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double v = counts[i * n + j] / total;
        p[i * n + j] = v;
        px[i] += v;
        py[j] += v;
        ux += v * g[i];
        uy += v * g[j];
      }
    }
    double autocorrelation = 0;
    double prominence = 0;
    double shade = 0;
    double tendency = 0;
    double contrast = 0;
    double varX = 0;
    double varY = 0;
    double covariance = 0;
    double energy = 0;
    double hxy = 0;
    double hxy1 = 0;
    double hxy2 = 0;
    double maxP = 0;
    for (int i = 0; i < n; i++) {
      double gi = g[i];
      double di = gi - ux;
      for (int j = 0; j < n; j++) {
        double pxpy = px[i] * py[j];
        // HXY1 and HXY2 take the same logarithm: one call for both
        double logPxpy = 0;
        boolean mirrored = symmetrical && j < i;
        if (pxpy > 0) {
          logPxpy = mirrored ? w.logPxpy[j * n + i] : TextureSupport.log2(pxpy + eps);
          if (symmetrical) {
            w.logPxpy[i * n + j] = logPxpy;
          }
          hxy2 -= pxpy * logPxpy;
        }
        double v = p[i * n + j];
        if (v == 0) {
          continue;
        }
        double gj = g[j];
        double dj = gj - uy;
        double s = gi + gj - ux - uy;
        double s2 = s * s;
        autocorrelation += v * gi * gj;
        tendency += v * s2;
        shade += v * s2 * s;
        prominence += v * s2 * s2;
        contrast += v * (gi - gj) * (gi - gj);
        varX += v * di * di;
        varY += v * dj * dj;
        covariance += v * di * dj;
        energy += v * v;
        double logV = mirrored ? w.logP[j * n + i] : TextureSupport.log2(v + eps);
        if (symmetrical) {
          w.logP[i * n + j] = logV;
        }
        hxy -= v * logV;
        hxy1 -= v * (pxpy > 0 ? logPxpy : TextureSupport.log2(pxpy + eps));
        if (v > maxP) {
          maxP = v;
        }
        w.pSum[(int) (gi + gj)] += v;
        w.pDiff[(int) Math.abs(gi - gj)] += v;
      }
    }
    double hx = 0;
    double hy = 0;
    for (int i = 0; i < n; i++) {
      if (px[i] > 0) {
        hx -= px[i] * TextureSupport.log2(px[i] + eps);
      }
      if (py[i] > 0) {
        hy -= py[i] * TextureSupport.log2(py[i] + eps);
      }
    }
    double diffAverage = 0;
    double diffEntropy = 0;
    double idm = 0;
    double idmn = 0;
    double id = 0;
    double idn = 0;
    double inverseVariance = 0;
    double[] pDiff = w.pDiff;
    for (int k = 0; k < pDiff.length; k++) {
      double v = pDiff[k];
      if (v == 0) {
        continue;
      }
      diffAverage += k * v;
      diffEntropy -= v * TextureSupport.log2(v + eps);
      idm += v / (1.0 + (double) k * k);
      idmn += v / (1.0 + ((double) k * k) / (ng * ng));
      id += v / (1.0 + k);
      idn += v / (1.0 + k / ng);
      if (k > 0) {
        inverseVariance += v / ((double) k * k);
      }
    }
    double diffVariance = 0;
    for (int k = 0; k < pDiff.length; k++) {
      double d = k - diffAverage;
      diffVariance += pDiff[k] * d * d;
    }
    double sumAverage = 0;
    double sumEntropy = 0;
    double[] pSum = w.pSum;
    for (int k = 2; k < pSum.length; k++) {
      double v = pSum[k];
      if (v != 0) {
        sumAverage += k * v;
        sumEntropy -= v * TextureSupport.log2(v + eps);
      }
    }
    double sigmas = Math.sqrt(varX) * Math.sqrt(varY);
    double correlation = sigmas == 0 ? 1 : covariance / (sigmas + eps);
    double div = Math.max(hx, hy);
    double imc1 = div == 0 ? 0 : (hxy - hxy1) / div;
    // Math.sqrt of a negative gives NaN as numpy does; nanmean then skips that direction.
    double imc2 = hxy2 == hxy ? 0 : Math.sqrt(1 - Math.pow(Math.E, -2 * (hxy2 - hxy)));

    mean.add(Feature.AUTOCORRELATION, autocorrelation);
    mean.add(Feature.CLUSTER_PROMINENCE, prominence);
    mean.add(Feature.CLUSTER_SHADE, shade);
    mean.add(Feature.CLUSTER_TENDENCY, tendency);
    mean.add(Feature.CONTRAST, contrast);
    mean.add(Feature.CORRELATION, correlation);
    mean.add(Feature.DIFFERENCE_AVERAGE, diffAverage);
    mean.add(Feature.DIFFERENCE_ENTROPY, diffEntropy);
    mean.add(Feature.DIFFERENCE_VARIANCE, diffVariance);
    mean.add(Feature.ID, id);
    mean.add(Feature.IDM, idm);
    mean.add(Feature.IDMN, idmn);
    mean.add(Feature.IDN, idn);
    mean.add(Feature.IMC1, imc1);
    mean.add(Feature.IMC2, imc2);
    mean.add(Feature.INVERSE_VARIANCE, inverseVariance);
    mean.add(Feature.JOINT_AVERAGE, ux);
    mean.add(Feature.JOINT_ENERGY, energy);
    mean.add(Feature.JOINT_ENTROPY, hxy);
    mean.add(Feature.MCC, n < 2 ? 1.0 : Mcc.of(p, px, py, n));
    mean.add(Feature.MAXIMUM_PROBABILITY, maxP);
    mean.add(Feature.SUM_AVERAGE, sumAverage);
    mean.add(Feature.SUM_ENTROPY, sumEntropy);
    mean.add(Feature.SUM_SQUARES, varX);
  }
}
