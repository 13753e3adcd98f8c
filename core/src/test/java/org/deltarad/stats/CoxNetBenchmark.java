package org.deltarad.stats;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Leave-one-out LASSO-Cox timing (run by bench/bench-coxnet.sh, which times cv.glmnet on the same
 * CSV when Rscript is present). Usage: {@code CoxNetBenchmark out.csv n p seed [repeats [sequential]]}:
 * writes the synthetic data set, then prints one line per run with the wall and process CPU time
 * of {@code CoxNetCv.fit} (parallel folds; the first run includes JIT warm-up) and, unless
 * {@code sequential} is false, one run with sequential folds.
 */
public final class CoxNetBenchmark {
  private CoxNetBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int p = Integer.parseInt(args[2]);
    long seed = Long.parseLong(args[3]);
    int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    Object[] data = syntheticData(n, p, seed);
    double[][] x = (double[][]) data[0];
    double[] time = (double[]) data[1];
    int[] event = (int[]) data[2];
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      StringBuilder h = new StringBuilder("time,status");
      for (int j = 0; j < p; j++) {
        h.append(",x").append(j + 1);
      }
      w.println(h);
      for (int i = 0; i < n; i++) {
        StringBuilder r = new StringBuilder();
        r.append(String.format(Locale.ROOT, "%.4f,%d", time[i], event[i]));
        for (int j = 0; j < p; j++) {
          r.append(',').append(String.format(Locale.ROOT, "%.17g", x[i][j]));
        }
        w.println(r);
      }
    }
    // x holds what R will read (%.17g round-trips), so both fit the identical numbers.
    for (int rep = 0; rep < repeats; rep++) {
      report("parallel", n, p, () -> new CoxNetCv().fit(x, time, event));
    }
    if (args.length <= 5 || Boolean.parseBoolean(args[5])) {
      report("sequential", n, p, () -> new CoxNetCv().setParallel(false).fit(x, time, event));
    }
  }

  /**
   * The synthetic data set {x (n x p), time, event}: AR(1)-correlated Gaussian covariates,
   * exponential survival with five true effects, uniform censoring; covariates rounded to what
   * %.17g prints (exact), times to 4 decimals.
   */
  public static Object[] syntheticData(int n, int p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[n][p];
    double[] time = new double[n];
    int[] event = new int[n];
    for (int i = 0; i < n; i++) {
      double prev = 0;
      for (int j = 0; j < p; j++) {
        double z = gauss(rng);
        x[i][j] = j == 0 ? z : 0.3 * prev + Math.sqrt(1 - 0.09) * z;
        prev = x[i][j];
      }
      double eta = 0.7 * x[i][0] - 0.5 * x[i][2] + 0.4 * x[i][5 % p] - 0.3 * x[i][p / 2]
          + 0.2 * x[i][p - 1];
      double t = -Math.log(rng.nextDouble()) / (0.05 * Math.exp(eta));
      double c = 5 + 55 * rng.nextDouble();
      time[i] = Math.round(Math.min(t, c) * 1e4) / 1e4;
      event[i] = t <= c ? 1 : 0;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        x[i][j] = Double.parseDouble(String.format(Locale.ROOT, "%.17g", x[i][j]));
      }
    }
    return new Object[] {x, time, event};
  }

  private static void report(String mode, int n, int p, java.util.function.Supplier<CoxNetCvResult> f) {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    CoxNetCvResult r = f.get();
    double ms = (System.nanoTime() - t0) / 1e6;
    double cpu = (os.getProcessCpuTime() - c0) / 1e6;
    System.out.printf(Locale.ROOT, "java %-10s n=%d p=%d ms=%.0f cpu_ms=%.0f lambda.min=%.10g"
        + " lambda.1se=%.10g n_lambda=%d threads=%d%n",
        mode, n, p, ms, cpu, r.lambdaMin(), r.lambda1se(), r.lambda().length,
        mode.equals("parallel") ? java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() : 1);
  }

  private static double gauss(SplittableRandom rng) {
    // Box-Muller; enough for synthetic benchmark data.
    double u = rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
