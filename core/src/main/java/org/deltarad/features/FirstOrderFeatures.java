package org.deltarad.features;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;

/**
 * PyRadiomics 3.1 first-order features (all 18) of the ROI intensities {@code X} (N voxels,
 * after normalisation/resampling, before discretisation), with {@code p_i} the fraction of
 * voxels at discretised level {@code i}, {@code c} = voxelArrayShift and {@code V} the voxel
 * volume:
 *
 * <pre>
 * Energy = sum (X + c)^2            TotalEnergy = V * Energy      RootMeanSquared = sqrt(Energy / N)
 * Entropy = -sum p_i log2(p_i + eps) Uniformity = sum p_i^2       (eps = 2.2e-16)
 * Minimum, Maximum, Range, Mean, Median; 10Percentile, 90Percentile, InterquartileRange (P75 - P25)
 *   with numpy's linear percentile: position q (N - 1) in the sorted values, linear interpolation
 * MeanAbsoluteDeviation = mean |X - mean|; RobustMeanAbsoluteDeviation: the same over the voxels
 *   with P10 <= X <= P90
 * Variance = (sqrt(m2))^2, Skewness = m3 / m2^1.5, Kurtosis = m4 / m2^2 (0 for a flat ROI),
 *   m_k = mean (X - mean)^k
 * </pre>
 */
public final class FirstOrderFeatures {
  /** The 18 features, in PyRadiomics' order. */
  enum Feature implements FeatureName {
    ENERGY("Energy"),
    TOTAL_ENERGY("TotalEnergy"),
    ENTROPY("Entropy"),
    MINIMUM("Minimum"),
    PERCENTILE_10("10Percentile"),
    PERCENTILE_90("90Percentile"),
    MAXIMUM("Maximum"),
    MEAN("Mean"),
    MEDIAN("Median"),
    INTERQUARTILE_RANGE("InterquartileRange"),
    RANGE("Range"),
    MEAN_ABSOLUTE_DEVIATION("MeanAbsoluteDeviation"),
    ROBUST_MEAN_ABSOLUTE_DEVIATION("RobustMeanAbsoluteDeviation"),
    ROOT_MEAN_SQUARED("RootMeanSquared"),
    SKEWNESS("Skewness"),
    KURTOSIS("Kurtosis"),
    VARIANCE("Variance"),
    UNIFORMITY("Uniformity");

    private final String name;

    Feature(String name) {
      this.name = name;
    }

    @Override
    public String pyradiomicsName() {
      return name;
    }
  }

  private static final double EPS = Math.ulp(1.0);

  private final double voxelArrayShift;

  public FirstOrderFeatures(double voxelArrayShift) {
    this.voxelArrayShift = voxelArrayShift;
  }

  /** All 18 features, PyRadiomics short names. */
  public LinkedHashMap<String, Double> compute(DiscretizedRoi roi) {
    return compute(CaseContext.of(roi));
  }

  /** As {@link #compute(DiscretizedRoi)}, with work arrays from the case's workspace. */
  public LinkedHashMap<String, Double> compute(CaseContext context) {
    DiscretizedRoi roi = context.roi();
    int[] levels = roi.levels();
    double[] inten = roi.intensities();
    int n = roi.voxelCount();
    int maxLevel = roi.maxLevel();
    int[] counts = roi.levelCounts();
    // ROI values grouped by grey level (bins are ordered in value), for bucketed selection
    int[] start = new int[maxLevel + 2];
    for (int l = 1; l <= maxLevel; l++) {
      start[l + 1] = start[l] + counts[l];
    }
    int[] fill = Arrays.copyOfRange(start, 0, maxLevel + 1);
    // every cell of x[0 .. n) is written below; a reused work array spares a fresh one per case
    double[] x = context.doubles(Workspace.Slot.FIRSTORDER_VALUES, n);
    double sum = 0;
    double energy = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double c = voxelArrayShift;
    // box order (the sums' order), each row over its span of ROI voxels only
    int nx = roi.nx();
    int[] rowStart = roi.rowStart();
    int[] rowEnd = roi.rowEnd();
    for (int r = 0; r < rowStart.length; r++) {
      for (int i = r * nx + rowStart[r], end = r * nx + rowEnd[r]; i < end; i++) {
        int l = levels[i];
        if (l != 0) {
          double v = inten[i];
          x[fill[l]++] = v;
          sum += v;
          double s = v + c;
          energy += s * s;
          if (v < min) {
            min = v;
          }
          if (v > max) {
            max = v;
          }
        }
      }
    }
    double mean = sum / n;
    // two sets of sums, even and odd voxels: each add waits for the previous one of its chain,
    // so two chains per moment take half the time of one
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    double mad = 0;
    double m2b = 0;
    double m3b = 0;
    double m4b = 0;
    double madb = 0;
    for (int i = 0; i < n; i += 2) {
      double d = x[i] - mean;
      double d2 = d * d;
      m2 += d2;
      m3 += d2 * d;
      m4 += d2 * d2;
      mad += Math.abs(d);
      // with an odd count the last pair's second voxel is none: weight 0 adds nothing
      int j = Math.min(i + 1, n - 1);
      double e = (x[j] - mean) * (i + 1 < n ? 1 : 0);
      double e2 = e * e;
      m2b += e2;
      m3b += e2 * e;
      m4b += e2 * e2;
      madb += Math.abs(e);
    }
    m2 = (m2 + m2b) / n;
    m3 = (m3 + m3b) / n;
    m4 = (m4 + m4b) / n;
    mad = (mad + madb) / n;

    double entropy = 0;
    double uniformity = 0;
    for (int l = 1; l < counts.length; l++) {
      if (counts[l] > 0) {
        double p = counts[l] / (double) n;
        entropy += p * (Math.log(p + EPS) / Math.log(2));
        uniformity += p * p;
      }
    }
    entropy = -entropy;

    double[] q = {0.10, 0.25, 0.50, 0.75, 0.90};
    int[] bucket = Arrays.copyOfRange(start, 1, maxLevel + 2);
    double[] pct = Percentiles.linear(x, q, bucket, context.doubles(
        Workspace.Slot.PERCENTILES_SCRATCH, Percentiles.widestBucket(bucket)));
    double p10 = pct[0];
    double p90 = pct[4];

    double rsum = 0;
    int rn = 0;
    for (int i = 0; i < n; i++) {
      if (x[i] >= p10 && x[i] <= p90) {
        rsum += x[i];
        rn++;
      }
    }
    double rmean = rsum / rn;
    double rmad = 0;
    for (int i = 0; i < n; i++) {
      if (x[i] >= p10 && x[i] <= p90) {
        rmad += Math.abs(x[i] - rmean);
      }
    }
    rmad /= rn;

    double skew;
    double kurt;
    if (m2 == 0) {
      skew = 0;
      kurt = 0;
    } else {
      skew = m3 / Math.pow(m2, 1.5);
      kurt = m4 / (m2 * m2);
    }
    double sd = Math.sqrt(m2);
    double[] sp = roi.spacing();
    double voxelVolume = sp[2] * sp[1] * sp[0];

    EnumMap<Feature, Double> f = new EnumMap<>(Feature.class);
    f.put(Feature.ENERGY, energy);
    f.put(Feature.TOTAL_ENERGY, voxelVolume * energy);
    f.put(Feature.ENTROPY, entropy);
    f.put(Feature.MINIMUM, min);
    f.put(Feature.PERCENTILE_10, p10);
    f.put(Feature.PERCENTILE_90, p90);
    f.put(Feature.MAXIMUM, max);
    f.put(Feature.MEAN, mean);
    f.put(Feature.MEDIAN, Percentiles.median(x, n));
    f.put(Feature.INTERQUARTILE_RANGE, pct[3] - pct[1]);
    f.put(Feature.RANGE, max - min);
    f.put(Feature.MEAN_ABSOLUTE_DEVIATION, mad);
    f.put(Feature.ROBUST_MEAN_ABSOLUTE_DEVIATION, rmad);
    f.put(Feature.ROOT_MEAN_SQUARED, Math.sqrt(energy / n));
    f.put(Feature.SKEWNESS, skew);
    f.put(Feature.KURTOSIS, kurt);
    f.put(Feature.VARIANCE, sd * sd);
    f.put(Feature.UNIFORMITY, uniformity);
    return FeatureName.byName(f, Feature.class);
  }
}
