package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

/**
 * The maximal correlation coefficient against what PyRadiomics does: a general eigen solver on
 * the non-symmetric Q (here Commons Math's), second largest eigenvalue, square root.
 */
class MccTest {
  @Test
  void matchesAGeneralEigenSolverOnQ() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 300; trial++) {
      int n = 2 + random.nextInt(23);
      double[] p = new double[n * n];
      // some grey levels absent in this direction (zero row and column), sparse and dense GLCMs
      boolean[] absent = new boolean[n];
      for (int i = 0; i < n; i++) {
        absent[i] = n > 2 && random.nextInt(5) == 0;
      }
      double density = random.nextDouble();
      double total = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          if (!absent[i] && !absent[j] && (i == j || random.nextDouble() < density)) {
            double v = 1 + random.nextInt(50);
            p[i * n + j] = v;
            p[j * n + i] = v;  // symmetric, as PyRadiomics' default GLCM
            total += i == j ? v : 2 * v;
          }
        }
      }
      if (total == 0) {
        continue;
      }
      double[] px = new double[n];
      double[] py = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          p[i * n + j] /= total;
        }
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          px[i] += p[i * n + j];
          py[j] += p[i * n + j];
        }
      }
      // Q's rows and columns of absent levels are 0 (eigenvalues 0); the general solver gets
      // the rest, where its QR iteration converges
      int[] active = java.util.stream.IntStream.range(0, n).filter(i -> px[i] > 0).toArray();
      int m = active.length;
      double[][] q = new double[m][m];
      for (int a = 0; a < m; a++) {
        for (int b = 0; b < m; b++) {
          for (int k = 0; k < n; k++) {
            int i = active[a];
            q[a][b] += p[i * n + k] * p[active[b] * n + k] / (px[i] * py[k] + TextureSupport.EPS);
          }
        }
      }
      double[] eig = Arrays.copyOf(new EigenDecomposition(new Array2DRowRealMatrix(q))
          .getRealEigenvalues(), n);  // n - m zeros
      Arrays.sort(eig);
      double expected = eig[n - 2];
      double actual = Mcc.of(p, px, py, n);
      String what = "trial " + trial + ", n " + n;
      if (expected > 1e-6) {
        assertEquals(Math.sqrt(expected), actual, 1e-9 * Math.sqrt(expected), what);
      } else {
        // near 0 the eigenvalue itself agrees to rounding; its square root may be NaN
        double squared = Double.isNaN(actual) ? -0.0 : actual * actual;
        assertEquals(Math.max(expected, 0), Math.max(squared, 0), 1e-12, what);
      }
    }
  }
}
