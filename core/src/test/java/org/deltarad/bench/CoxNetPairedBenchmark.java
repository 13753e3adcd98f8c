package org.deltarad.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.deltarad.stats.CoxNetBenchmark;

/**
 * Leave-one-out LASSO-Cox of two builds in one JVM, A and B alternately (order swapped each
 * round), on the data of {@link CoxNetBenchmark}: both meet the same host speed, which drifts by
 * 2x within minutes on this project's VM. Folds run in parallel (all cores). Prints per run the
 * wall and process CPU milliseconds (cases of n <= 500 after three untimed runs of each, for the
 * JIT), lambda.min and lambda.1se, then the per-round B/A CPU and wall ratios, whether cvm, cvsd,
 * lambda.min, lambda.1se and the coefficients at both were bit-identical in every run, and, when
 * given, the ratio of a cv.glmnet wall time measured earlier (an anchor, not side by side) to B's
 * median.
 *
 * <pre>
 * java -cp core/target/test-classes:core/target/classes org.deltarad.bench.CoxNetPairedBenchmark \
 *     CLASSES_A CLASSES_B DEPENDENCY_CLASSPATH n p seed rounds [cv.glmnet seconds]
 * </pre>
 * {@code bench/bench-coxnet.sh ab REV} builds a git revision as A and runs this.
 */
public final class CoxNetPairedBenchmark {
  private CoxNetPairedBenchmark() {}

  /** CoxNetCv.fit(x, time, event) of one build, and the result's lambda.min and lambda.1se. */
  private static final class Build {
    final Object cv;
    final Method fit;
    final Method lambdaMin;
    final Method lambda1se;
    final Method[] curves;

    Build(String classes, String dependencies) throws Exception {
      java.util.List<URL> urls = new java.util.ArrayList<>();
      urls.add(Path.of(classes).toUri().toURL());
      for (String dep : dependencies.split(java.io.File.pathSeparator)) {
        if (!dep.isEmpty()) {
          urls.add(Path.of(dep).toUri().toURL());
        }
      }
      // the platform loader as parent: DeltaRad's classes are not shared between A and B
      ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]),
          ClassLoader.getPlatformClassLoader());
      Class<?> c = loader.loadClass("org.deltarad.stats.CoxNetCv");
      cv = c.getConstructor().newInstance();
      fit = c.getMethod("fit", double[][].class, double[].class, int[].class);
      Class<?> r = loader.loadClass("org.deltarad.stats.CoxNetCvResult");
      lambdaMin = r.getMethod("lambdaMin");
      lambda1se = r.getMethod("lambda1se");
      curves = new Method[] {r.getMethod("cvm"), r.getMethod("cvsd"),
          r.getMethod("coefficientsMin"), r.getMethod("coefficients1se")};
    }

    /** cvm, cvsd and the coefficients at lambda.min and lambda.1se, end to end. */
    double[] curves(Object result) throws Exception {
      double[] all = new double[0];
      for (Method m : curves) {
        double[] v = (double[]) m.invoke(result);
        int at = all.length;
        all = Arrays.copyOf(all, at + v.length);
        System.arraycopy(v, 0, all, at, v.length);
      }
      return all;
    }
  }

  public static void main(String[] args) throws Exception {
    Build[] builds = {new Build(args[0], args[2]), new Build(args[1], args[2])};
    int n = Integer.parseInt(args[3]);
    int p = Integer.parseInt(args[4]);
    long seed = Long.parseLong(args[5]);
    int rounds = Integer.parseInt(args[6]);
    double anchor = args.length > 7 ? Double.parseDouble(args[7]) : Double.NaN;
    Object[] d = CoxNetBenchmark.syntheticData(n, p, seed);
    double[][] ms = new double[2][rounds];
    double[][] cpu = new double[2][rounds];
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double[][] lambdas = new double[2][];
    double[][] curves = new double[2][];
    boolean same = true;
    if (n <= 500) {
      // small cases take about as long as the JIT's compilation: one untimed run of each first
      for (int w = 0; w < 3; w++) {
        for (Build b : builds) {
          b.fit.invoke(b.cv, d[0], d[1], d[2]);
        }
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        int b = (r + k) % 2;
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Object res = builds[b].fit.invoke(builds[b].cv, d[0], d[1], d[2]);
        ms[b][r] = (System.nanoTime() - t0) / 1e6;
        cpu[b][r] = (os.getProcessCpuTime() - c0) / 1e6;
        double[] l = {(double) builds[b].lambdaMin.invoke(res),
            (double) builds[b].lambda1se.invoke(res)};
        System.out.printf(Locale.ROOT, "%s n=%d p=%d wall %.0f ms CPU %.0f ms lambda.min=%.17g"
            + " lambda.1se=%.17g (load %s)%n", b == 0 ? "A" : "B", n, p, ms[b][r], cpu[b][r],
            l[0], l[1],
            java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
        double[] c = builds[b].curves(res);
        if (lambdas[b] == null) {
          lambdas[b] = l;
          curves[b] = c;
        }
        same &= Arrays.equals(lambdas[b], l) && Arrays.equals(curves[b], c);
      }
    }
    same &= Arrays.equals(lambdas[0], lambdas[1]) && Arrays.equals(curves[0], curves[1]);
    double[] ratio = new double[rounds];
    double[] cpuRatio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ratio[r] = ms[1][r] / ms[0][r];
      cpuRatio[r] = cpu[1][r] / cpu[0][r];
    }
    double[] sortedB = ms[1].clone();
    Arrays.sort(sortedB);
    double medianB = rounds % 2 == 1 ? sortedB[rounds / 2]
        : (sortedB[rounds / 2 - 1] + sortedB[rounds / 2]) / 2;
    System.out.printf(Locale.ROOT, "B/A process CPU per round: %s%n", Arrays.toString(
        Arrays.stream(cpuRatio).map(x -> Math.round(x * 1000) / 1000.0).toArray()));
    System.out.printf(Locale.ROOT, "B/A wall per round: %s; lambda.min, lambda.1se, cvm, cvsd"
        + " and the coefficients at both %s%n",
        Arrays.toString(Arrays.stream(ratio).map(x -> Math.round(x * 1000) / 1000.0).toArray()),
        same ? "bit-identical in every run" : "DIFFER");
    if (!Double.isNaN(anchor)) {
      System.out.printf(Locale.ROOT, "cv.glmnet %.2f s (anchor) / B median %.2f s = %.1fx%n",
          anchor, medianB / 1e3, anchor * 1e3 / medianB);
    }
  }
}
