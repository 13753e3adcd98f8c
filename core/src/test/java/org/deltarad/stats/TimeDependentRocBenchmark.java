package org.deltarad.stats;

import java.util.Random;

/**
 * Milliseconds for timeROC-equivalent AUC + iid SE, survivalROC KM and Harrell's C on simulated
 * cohorts (not a test). Run:
 * {@code java -cp core/target/classes:core/target/test-classes:<commons-math3.jar>
 * org.deltarad.stats.TimeDependentRocBenchmark}. Compare with core/src/test/r/roc_benchmark.R.
 */
public final class TimeDependentRocBenchmark {
  private TimeDependentRocBenchmark() {}

  public static void main(String[] args) {
    for (int n : new int[] {110, 500, 2000}) {
      Random rnd = new Random(42);
      double[] time = new double[n];
      int[] event = new int[n];
      double[] marker = new double[n];
      for (int i = 0; i < n; i++) {
        marker[i] = rnd.nextGaussian();
        double t = -Math.log(rnd.nextDouble()) / (0.012 * Math.exp(0.8 * marker[i]));
        double c = 10 + 120 * rnd.nextDouble();
        time[i] = Math.round(Math.min(t, c) * 100) / 100.0;
        event[i] = t <= c ? 1 : 0;
      }
      RightCensoredSample s = new RightCensoredSample(time, event, "bench");
      int reps = n <= 500 ? 50 : 5;
      for (int w = 0; w < 3; w++) {
        TimeDependentRoc.compute(s, marker, 60);
      }
      long t0 = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        TimeDependentRoc.compute(s, marker, 60);
      }
      long t1 = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        SurvivalRoc.km(s, marker, 60);
      }
      long t2 = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        HarrellC.compute(s, marker, true);
      }
      long t3 = System.nanoTime();
      System.out.printf("n=%d timeROC(iid) %.2f ms, survivalROC KM %.2f ms, Harrell C %.2f ms%n",
          n, (t1 - t0) / 1e6 / reps, (t2 - t1) / 1e6 / reps, (t3 - t2) / 1e6 / reps);
    }
  }
}
