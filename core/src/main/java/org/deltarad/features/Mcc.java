package org.deltarad.features;

import java.util.Arrays;

/**
 * GLCM Maximal Correlation Coefficient: sqrt of the second largest eigenvalue of
 * Q(i,j) = &Sigma;<sub>k</sub> p(i,k) p(j,k) / (p<sub>x</sub>(i) p<sub>y</sub>(k) + &epsilon;).
 *
 * <p>PyRadiomics runs a general (non-symmetric) eigen solver on Q. Q is similar, through
 * D = diag(sqrt(p<sub>x</sub>)), to S = D Q D<sup>-1</sup>, which is symmetric except for the
 * &epsilon; terms; its antisymmetric part is O(&epsilon;) and moves eigenvalues only at second order
 * (&lt; 1e-20), so we take the eigenvalues of the symmetric (S + S<sup>T</sup>) / 2. Rows and columns
 * of grey levels without co-occurrence in this direction (p<sub>x</sub>(i) = 0) are zero in Q and
 * add eigenvalues 0.
 *
 * <p>Only two eigenvalues are needed, 13 times per ROI, so this is hand-written rather than Commons
 * Math's EigenDecomposition, which also builds all eigenvectors and took 2-9 ms per ROI (more than
 * all other GLCM work): Householder reduction to tridiagonal form, then Sturm-sequence bisection
 * for the two largest eigenvalues (accurate to a few ulps of the matrix norm).
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
    // c(a,k) = p(a,k) / (px(a) py(k) + eps), dense over active rows; nonzeros of p per row.
    double[] c = new double[m * n];
    int[] nzStart = new int[m + 1];
    int[] nzCol = new int[m * n];
    int nnz = 0;
    for (int a = 0; a < m; a++) {
      int i = active[a];
      nzStart[a] = nnz;
      for (int k = 0; k < n; k++) {
        double pik = p[i * n + k];
        if (pik != 0) {
          c[a * n + k] = pik / (px[i] * py[k] + eps);
          nzCol[nnz++] = k;
        }
      }
    }
    nzStart[m] = nnz;
    double[] sqrtPx = new double[m];
    for (int a = 0; a < m; a++) {
      sqrtPx[a] = Math.sqrt(px[active[a]]);
    }
    double[] t = new double[m * m];
    for (int a = 0; a < m; a++) {
      int i = active[a];
      int b = a;
      // four columns at a time: eight independent sums instead of two chains of dependent
      // additions (each sum adds its terms in the same order as one at a time)
      for (; b + 4 <= m; b += 4) {
        int j0 = active[b] * n;
        int j1 = active[b + 1] * n;
        int j2 = active[b + 2] * n;
        int j3 = active[b + 3] * n;
        int c0 = b * n;
        int c1 = c0 + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        double ab0 = 0;
        double ab1 = 0;
        double ab2 = 0;
        double ab3 = 0;
        double ba0 = 0;
        double ba1 = 0;
        double ba2 = 0;
        double ba3 = 0;
        for (int z = nzStart[a]; z < nzStart[a + 1]; z++) {
          int k = nzCol[z];
          double cak = c[a * n + k];
          double pik = p[i * n + k];
          ab0 += cak * p[j0 + k];
          ba0 += c[c0 + k] * pik;
          ab1 += cak * p[j1 + k];
          ba1 += c[c1 + k] * pik;
          ab2 += cak * p[j2 + k];
          ba2 += c[c2 + k] * pik;
          ab3 += cak * p[j3 + k];
          ba3 += c[c3 + k] * pik;
        }
        symmetric(t, m, a, b, ab0, ba0, sqrtPx);
        symmetric(t, m, a, b + 1, ab1, ba1, sqrtPx);
        symmetric(t, m, a, b + 2, ab2, ba2, sqrtPx);
        symmetric(t, m, a, b + 3, ab3, ba3, sqrtPx);
      }
      for (; b < m; b++) {
        int j = active[b];
        // Q(a,b) = sum_k c(a,k) p(j,k) and Q(b,a) = sum_k c(b,k) p(i,k): both need p(i,k) != 0.
        double qab = 0;
        double qba = 0;
        for (int z = nzStart[a]; z < nzStart[a + 1]; z++) {
          int k = nzCol[z];
          qab += c[a * n + k] * p[j * n + k];
          qba += c[b * n + k] * p[i * n + k];
        }
        symmetric(t, m, a, b, qab, qba, sqrtPx);
      }
    }
    double[] top = new double[n];
    if (m > 0) {
      double[] d = new double[m];
      double[] e = new double[m];
      tridiagonalize(t, m, d, e);
      if (m == 1) {
        top[n - 1] = kthLargest(d, e, m, 1);
      } else {
        // Q is similar to a positive semi-definite matrix, so its largest eigenvalue is >= 0,
        // above the second and the zeros: only the second decides, unless rounding made it
        // negative, when the largest's place among the zeros matters. Bisection is the costly
        // part (about 55 Sturm counts per eigenvalue), so the largest is found only then.
        double second = kthLargest(d, e, m, 2);
        top[n - 2] = second;
        top[n - 1] = second >= 0 ? Double.MAX_VALUE : kthLargest(d, e, m, 1);
      }
    }
    // The n - m zero eigenvalues of inactive levels, then the two largest of the active block.
    Arrays.sort(top);
    return Math.sqrt(top[n - 2]);
  }

  /** Cells (a, b) and (b, a) of S's symmetric part, from Q(a, b) and Q(b, a). */
  private static void symmetric(double[] t, int m, int a, int b, double qab, double qba,
      double[] sqrtPx) {
    double v = 0.5 * (qab * sqrtPx[a] / sqrtPx[b] + qba * sqrtPx[b] / sqrtPx[a]);
    t[a * m + b] = v;
    t[b * m + a] = v;
  }

  /**
   * Householder reduction of the symmetric m x m matrix a (row-major, overwritten) to tridiagonal
   * form: diagonal d[0..m-1], sub-diagonal e[0..m-2]. Same eigenvalues.
   */
  static void tridiagonalize(double[] a, int m, double[] d, double[] e) {
    double[] v = new double[m];
    double[] w = new double[m];
    for (int k = 0; k < m - 2; k++) {
      double norm2 = 0;
      for (int i = k + 1; i < m; i++) {
        norm2 += a[i * m + k] * a[i * m + k];
      }
      double x0 = a[(k + 1) * m + k];
      double norm = Math.sqrt(norm2);
      d[k] = a[k * m + k];
      if (norm == 0) {
        e[k] = 0;
        continue;
      }
      double alpha = x0 > 0 ? -norm : norm;
      // v = x - alpha e1, scaled to unit length; reflection H = I - 2 v v^T maps x to alpha e1.
      for (int i = k + 1; i < m; i++) {
        v[i] = a[i * m + k];
      }
      v[k + 1] -= alpha;
      double vnorm2 = norm2 - 2 * alpha * x0 + alpha * alpha;
      if (vnorm2 == 0) {
        e[k] = x0;
        continue;
      }
      double inv = 1 / Math.sqrt(vnorm2);
      for (int i = k + 1; i < m; i++) {
        v[i] *= inv;
      }
      e[k] = alpha;
      // Trailing block A' <- H A' H = A' - 2 v q^T - 2 q v^T with q = A'v - (v^T A'v) v.
      double vav = 0;
      for (int i = k + 1; i < m; i++) {
        double s = 0;
        for (int j = k + 1; j < m; j++) {
          s += a[i * m + j] * v[j];
        }
        w[i] = s;
        vav += v[i] * s;
      }
      for (int i = k + 1; i < m; i++) {
        w[i] -= vav * v[i];
      }
      for (int i = k + 1; i < m; i++) {
        double vi = 2 * v[i];
        double wi = 2 * w[i];
        for (int j = k + 1; j < m; j++) {
          a[i * m + j] -= vi * w[j] + wi * v[j];
        }
      }
    }
    if (m >= 2) {
      d[m - 2] = a[(m - 2) * m + m - 2];
      e[m - 2] = a[(m - 1) * m + m - 2];
    }
    d[m - 1] = a[(m - 1) * m + m - 1];
  }

  /** The r-th largest eigenvalue (r = 1 the largest) of a symmetric tridiagonal matrix. */
  static double kthLargest(double[] d, double[] e, int m, int r) {
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (int i = 0; i < m; i++) {
      double radius = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < m - 1 ? Math.abs(e[i]) : 0);
      lo = Math.min(lo, d[i] - radius);
      hi = Math.max(hi, d[i] + radius);
    }
    int below = m - r; // eigenvalue sought has exactly m - r eigenvalues below it
    for (int iter = 0; iter < 200; iter++) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (countBelow(d, e, m, mid) > below) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** Sturm count: how many eigenvalues of the tridiagonal (d, e) are less than x. */
  private static int countBelow(double[] d, double[] e, int m, double x) {
    int count = 0;
    double q = d[0] - x;
    for (int i = 0; ; i++) {
      if (q == 0) {
        q = -Math.ulp(1.0) * (Math.abs(x) + 1e-300);
      }
      if (q < 0) {
        count++;
      }
      if (i == m - 1) {
        return count;
      }
      q = d[i + 1] - x - e[i] * e[i] / q;
    }
  }
}
