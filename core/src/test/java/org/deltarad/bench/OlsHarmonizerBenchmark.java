package org.deltarad.bench;

import java.util.Random;
import org.deltarad.stats.ComBat;
import org.deltarad.stats.OlsHarmonizer;

/**
 * Harmonisation throughput: one QR of an n x 12 scanner design applied to many features, and
 * ComBat on the same data. Not a test; run with
 * {@code java -cp core/target/classes:core/target/test-classes:$(cat cp.txt)
 * org.deltarad.bench.OlsHarmonizerBenchmark [n] [features]}.
 */
public final class OlsHarmonizerBenchmark {
  private OlsHarmonizerBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 220;
    int nf = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    Random r = new Random(1);
    int p = 12;
    double[][] x = new double[n][p];
    String[] names = new String[p];
    String[] batch = new String[n];
    for (int j = 0; j < p; j++) {
      names[j] = "c" + j;
    }
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      for (int j = 1; j < p; j++) {
        x[i][j] = r.nextGaussian();
      }
      batch[i] = "s" + (i % 4);
    }
    double[][] y = new double[nf][n];
    for (double[] f : y) {
      for (int i = 0; i < n; i++) {
        f[i] = r.nextGaussian();
      }
    }
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime();
      OlsHarmonizer.Model m = OlsHarmonizer.fit(x, names);
      double s = 0;
      for (double[] f : y) {
        OlsHarmonizer.Fit fit = m.fit(f);
        s += OlsHarmonizer.zScore(fit.residuals(), fit.residuals())[0];
      }
      long t1 = System.nanoTime();
      double[][] c = ComBat.harmonize(y, batch, null, false);
      long t2 = System.nanoTime();
      System.out.printf("n=%d features=%d: OLS+z %.1f ms, ComBat %.1f ms (%s)%n", n, nf,
          (t1 - t0) / 1e6, (t2 - t1) / 1e6, s + c[0][0] != 0 ? "ok" : "?");
    }
  }
}
