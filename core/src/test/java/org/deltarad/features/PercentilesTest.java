package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PercentilesTest {
  /** numpy's linear percentile, straight from a full sort. */
  private static double sortedPercentile(double[] sorted, double q) {
    int n = sorted.length;
    double h = q * (n - 1);
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, n - 1);
    double t = h - lo;
    double diff = sorted[hi] - sorted[lo];
    return t >= 0.5 ? sorted[hi] - diff * (1 - t) : sorted[lo] + diff * t;
  }

  /**
   * The branch-free partitioning selection gives exactly the full sort's percentiles and median,
   * whether values come in one bucket or grouped by bin, with few or many distinct values (ties
   * are what a three-way partition must get right), and leaves a permutation of the values.
   */
  @Test
  void selectionEqualsFullSort() {
    SplittableRandom random = new SplittableRandom(11);
    double[] q = {0.10, 0.25, 0.50, 0.75, 0.90};
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + random.nextInt(trial < 100 ? 60 : 5000);
      int distinct = 1 + random.nextInt(trial % 3 == 0 ? 4 : 400);
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = random.nextInt(distinct) * 0.37 - 20;
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double[] expected = new double[q.length];
      for (int i = 0; i < q.length; i++) {
        expected[i] = sortedPercentile(sorted, q[i]);
      }
      double expectedMedian = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

      double[] x = values.clone();
      assertArrayEquals(expected, Percentiles.linear(x, q), "one bucket, trial " + trial);
      assertEquals(expectedMedian, Percentiles.median(x, n));
      double[] back = x.clone();
      Arrays.sort(back);
      assertArrayEquals(sorted, back, "a permutation of the values");

      // grouped into buckets by value, as FirstOrderFeatures groups by grey level; the array
      // may be longer than the values
      double width = 0.37 * (1 + random.nextInt(30));
      double[] grouped = Arrays.copyOf(sorted, n + random.nextInt(5));
      int[] bucketsStart = new int[n + 1];
      int buckets = 0;
      for (int i = 0; i < n; i++) {
        if (i == 0 || Math.floor(sorted[i] / width) != Math.floor(sorted[i - 1] / width)) {
          bucketsStart[buckets++] = i;
        }
      }
      bucketsStart[buckets] = n;
      int[] bucket = Arrays.copyOf(bucketsStart, buckets + 1);
      for (int k = 0; k < buckets; k++) {
        // shuffle within each bucket
        for (int i = bucket[k + 1] - 1; i > bucket[k]; i--) {
          int j = bucket[k] + random.nextInt(i - bucket[k] + 1);
          double t = grouped[i];
          grouped[i] = grouped[j];
          grouped[j] = t;
        }
      }
      assertArrayEquals(expected, Percentiles.linear(grouped, q, bucket), "buckets, trial " + trial);
      assertEquals(expectedMedian, Percentiles.median(grouped, n));
    }
  }
}
