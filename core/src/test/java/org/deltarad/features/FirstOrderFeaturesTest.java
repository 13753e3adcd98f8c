package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** First-order features on ROIs small enough to check by hand. */
class FirstOrderFeaturesTest {
  static DiscretizedRoi roi(double[] values, int[] levels, double[] spacing) {
    // a 1 x n x 1 row plus one voxel outside the ROI (level 0, value that must be ignored)
    int n = values.length + 1;
    double[] v = new double[n];
    int[] l = new int[n];
    System.arraycopy(values, 0, v, 0, values.length);
    System.arraycopy(levels, 0, l, 0, levels.length);
    v[n - 1] = 1e6;
    return new DiscretizedRoi(n, 1, 1, l, v, spacing);
  }

  @Test
  void fourValues() {
    Map<String, Double> f = new FirstOrderFeatures(10).compute(
        roi(new double[] {1, 2, 3, 4}, new int[] {1, 2, 3, 4}, new double[] {2, 1, 0.5}));
    double eps = 1e-12;
    assertEquals(2.5, f.get("Mean"), eps);
    assertEquals(1, f.get("Minimum"));
    assertEquals(4, f.get("Maximum"));
    assertEquals(3, f.get("Range"));
    assertEquals(2.5, f.get("Median"));
    assertEquals(1.3, f.get("10Percentile"), eps);       // numpy: position 0.1 * 3
    assertEquals(3.7, f.get("90Percentile"), eps);
    assertEquals(3.25 - 1.75, f.get("InterquartileRange"), eps);
    assertEquals(1.25, f.get("Variance"), eps);
    assertEquals(1.0, f.get("MeanAbsoluteDeviation"), eps);
    assertEquals(0.5, f.get("RobustMeanAbsoluteDeviation"), eps);  // {2, 3} in [1.3, 3.7]
    assertEquals(0.0, f.get("Skewness"), eps);
    assertEquals(2.5625 / (1.25 * 1.25), f.get("Kurtosis"), eps);
    double energy = 11 * 11 + 12 * 12 + 13 * 13 + 14 * 14;  // voxelArrayShift 10
    assertEquals(energy, f.get("Energy"), eps);
    assertEquals(energy * 1.0, f.get("TotalEnergy"), eps);   // voxel volume 2 * 1 * 0.5
    assertEquals(Math.sqrt(energy / 4), f.get("RootMeanSquared"), eps);
    assertEquals(2.0, f.get("Entropy"), 1e-12);
    assertEquals(0.25, f.get("Uniformity"), eps);
    assertEquals(18, f.size());
  }

  @Test
  void flatRoiHasZeroDispersionAndShape() {
    Map<String, Double> f = new FirstOrderFeatures(0).compute(
        roi(new double[] {7, 7, 7}, new int[] {1, 1, 1}, new double[] {1, 1, 1}));
    assertEquals(0.0, f.get("Variance"));
    assertEquals(0.0, f.get("Skewness"));
    assertEquals(0.0, f.get("Kurtosis"));
    assertEquals(0.0, f.get("Entropy"), 1e-15);
    assertEquals(1.0, f.get("Uniformity"));
    assertEquals(7.0, f.get("10Percentile"));
  }

  @Test
  void skewedDistribution() {
    double[] x = {0, 0, 0, 0, 10};
    Map<String, Double> f = new FirstOrderFeatures(0).compute(
        roi(x, new int[] {1, 1, 1, 1, 2}, new double[] {1, 1, 1}));
    double m = 2;
    double m2 = (4 * 4 + 64) / 5.0;
    double m3 = (4 * -8 + 512) / 5.0;
    assertEquals(m3 / Math.pow(m2, 1.5), f.get("Skewness"), 1e-12);
    assertEquals(m, f.get("Mean"), 1e-15);
    double p = 0.8;
    double q = 0.2;
    assertEquals(-(p * Math.log(p) + q * Math.log(q)) / Math.log(2), f.get("Entropy"), 1e-12);
  }

  /**
   * The values' work array is reused and may be longer than the ROI: percentiles and median of a
   * small ROI are the same before and after a larger one ran on this thread.
   */
  @Test
  void smallRoiAfterLargerOneGivesSameValues() {
    double[] small = {5, 1, 4, 2, 3};
    DiscretizedRoi a = roi(small, new int[] {5, 1, 4, 2, 3}, new double[] {1, 1, 1});
    Map<String, Double> before = new FirstOrderFeatures(0).compute(a);
    double[] large = new double[1000];
    int[] levels = new int[1000];
    for (int i = 0; i < large.length; i++) {
      large[i] = 1000 - i;
      levels[i] = 1 + i / 100;
    }
    new FirstOrderFeatures(0).compute(roi(large, levels, new double[] {1, 1, 1}));
    assertEquals(before, new FirstOrderFeatures(0).compute(a));
    assertEquals(3.0, before.get("Median"));
    assertEquals(1.4, before.get("10Percentile"), 1e-12);
  }
}
