package org.deltarad.features;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * GLCM Maximal Correlation Coefficient: sqrt of the second largest eigenvalue of
 * Q(i,j) = &Sigma;<sub>k</sub> p(i,k) p(j,k) / (p<sub>x</sub>(i) p<sub>y</sub>(k) + &epsilon;).
 *
 * <p>PyRadiomics runs a general (non-symmetric) eigen solver on Q. Q is similar, through
 * D = diag(sqrt(p<sub>x</sub>)), to S = D Q D<sup>-1</sup>, which is symmetric except for the
 * &epsilon; terms; its antisymmetric part is O(&epsilon;) and moves eigenvalues only at second order
 * (&lt; 1e-20), so we take the eigenvalues of the symmetric (S + S<sup>T</sup>) / 2 with Commons
 * Math's symmetric solver: real, ordered, robust. Rows and columns of grey levels without
 * co-occurrence in this direction (p<sub>x</sub>(i) = 0) are zero in Q and add eigenvalues 0.
 */
final class Mcc {
  private Mcc() {
  }

  /**
   * @param p normalised n x n GLCM of one direction (row-major)
   * @return sqrt of the second largest eigenvalue of Q; NaN if that eigenvalue is negative
   *     (rounding), as numpy's real sqrt
   */
  static double of(double[] p, double[] px, double[] py, int n) {
    int[] active = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (px[i] > 0) {
        active[m++] = i;
      }
    }
    double eps = TextureSupport.EPS;
    double[][] q = new double[m][m];
    double[] row = new double[n];
    for (int a = 0; a < m; a++) {
      int i = active[a];
      for (int k = 0; k < n; k++) {
        double pik = p[i * n + k];
        row[k] = pik == 0 ? 0 : pik / (px[i] * py[k] + eps);
      }
      for (int b = 0; b < m; b++) {
        int j = active[b];
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += row[k] * p[j * n + k];
        }
        q[a][b] = s;
      }
    }
    double[] sqrtPx = new double[m];
    for (int a = 0; a < m; a++) {
      sqrtPx[a] = Math.sqrt(px[active[a]]);
    }
    double[][] t = new double[m][m];
    for (int a = 0; a < m; a++) {
      for (int b = a; b < m; b++) {
        double sab = q[a][b] * sqrtPx[a] / sqrtPx[b];
        double sba = q[b][a] * sqrtPx[b] / sqrtPx[a];
        t[a][b] = 0.5 * (sab + sba);
        t[b][a] = t[a][b];
      }
    }
    double[] ev = new double[n];
    if (m > 0) {
      double[] real = new EigenDecomposition(new Array2DRowRealMatrix(t, false))
          .getRealEigenvalues();
      System.arraycopy(real, 0, ev, 0, m);
    }
    Arrays.sort(ev);
    double second = ev[n - 2];
    return Math.sqrt(second);
  }
}
