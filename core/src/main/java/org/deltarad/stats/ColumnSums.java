package org.deltarad.stats;

/**
 * The two per-column sums the Cox path takes over many columns at once: the KKT inner products
 * {@code |<r, x_j>|} and the curvatures {@code v_j = sum_i w_i x_ij^2} (glmnet's xv), each summed
 * over i in index order as glmnet does, so the same doubles.
 *
 * <p>The design is also held row by row, so that one pass over the rows adds row i's terms to
 * every column's running sum: the additions of different columns are independent and the JIT
 * turns the inner loop into vector instructions, while each column's own sum still runs
 * i = 0, 1, ... . That pays when many columns are wanted (it computes all of them); for few,
 * the column loops of {@link CoxNetSolver#absDots} and {@link CoxNetSolver#curvatures} (four
 * columns per pass) are used.
 */
final class ColumnSums {
  /**
   * Below this share of all columns (1 / WIDE_SHARE) the column loops are used. On the LOOCV
   * benchmark (n = 2,000, p = 100) the row pass costs about as much as 20-30 columns done
   * column by column.
   */
  private static final int WIDE_SHARE = 4;

  private final double[][] x;
  private final int no;
  private final int ni;
  /** x[j][i] at i * ni + j; zero for excluded columns. */
  private final double[] rows;
  private final double[] sums;

  /** @param x columns x[j][i]; columns with !ju[j] are left out (read as 0) */
  ColumnSums(double[][] x, boolean[] ju, int no) {
    this.x = x;
    this.no = no;
    this.ni = x.length;
    rows = new double[no * ni];
    for (int j = 0; j < ni; j++) {
      if (!ju[j]) {
        continue;
      }
      double[] xj = x[j];
      for (int i = 0, at = j; i < no; i++, at += ni) {
        rows[at] = xj[i];
      }
    }
    sums = new double[ni];
  }

  /** out[j] = |<r, x_j>| for j in cols[0 .. count); other entries of out are left alone. */
  void absDots(double[] r, int[] cols, int count, double[] out) {
    if (count * WIDE_SHARE < ni) {
      CoxNetSolver.absDots(r, x, cols, count, out);
      return;
    }
    double[] s = sums;
    java.util.Arrays.fill(s, 0.0);
    for (int i = 0, base = 0; i < no; i++, base += ni) {
      double ri = r[i];
      for (int j = 0; j < ni; j++) {
        s[j] += ri * rows[base + j];
      }
    }
    for (int c = 0; c < count; c++) {
      int j = cols[c];
      out[j] = Math.abs(s[j]);
    }
  }

  /** v[j] = sum_i w_i x_ij^2 for j in cols[0 .. count); other entries of v are left alone. */
  void curvatures(double[] w, int[] cols, int count, double[] v) {
    if (count * WIDE_SHARE < ni) {
      CoxNetSolver.curvatures(w, x, cols, count, v);
      return;
    }
    double[] s = sums;
    java.util.Arrays.fill(s, 0.0);
    for (int i = 0, base = 0; i < no; i++, base += ni) {
      double wi = w[i];
      for (int j = 0; j < ni; j++) {
        double xij = rows[base + j];
        s[j] += wi * (xij * xij);
      }
    }
    for (int c = 0; c < count; c++) {
      int j = cols[c];
      v[j] = s[j];
    }
  }
}
