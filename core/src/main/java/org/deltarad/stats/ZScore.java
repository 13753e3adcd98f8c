package org.deltarad.stats;

/**
 * A z-scoring: {@code (v - mean) / sd} with the mean and sample SD (n - 1) of reference values.
 * Kept as a value so that the scaling of one cohort can be applied, bit for bit, to another
 * (the scoring of a new cohort with a saved signature).
 */
public record ZScore(double mean, double sd) {

  /** The mean and sample SD of {@code reference}; at least 2 values, not all equal. */
  public static ZScore of(double[] reference) {
    int n = reference.length;
    if (n < 2) {
      throw new IllegalArgumentException("z-score: need at least 2 values, got " + n);
    }
    double mean = 0;
    for (double v : reference) {
      mean += v;
    }
    mean /= n;
    double ss = 0;
    for (double v : reference) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    if (!(sd > 0)) {
      throw new IllegalArgumentException("z-score: reference values have zero variance");
    }
    return new ZScore(mean, sd);
  }

  /** {@code (v - mean) / sd} of each value. */
  public double[] apply(double[] values) {
    double[] z = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      z[i] = apply(values[i]);
    }
    return z;
  }

  public double apply(double v) {
    return (v - mean) / sd;
  }
}
