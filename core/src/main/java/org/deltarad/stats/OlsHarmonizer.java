package org.deltarad.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-feature ordinary least squares on scanner covariates, matched to R's {@code lm}: one QR
 * decomposition of the design serves any number of features; residuals are the harmonised
 * values; other rows (e.g. the second reader) are harmonised with the same coefficients.
 *
 * <p>The QR is R's LINPACK {@code dqrdc2} with {@code tol = 1e-7}: Householder reflections
 * without norm-maximising pivoting; a column whose remaining norm falls below {@code tol} times
 * its original norm is moved to the end and counted as aliased (coefficient NA in R). Commons
 * Math's {@code QRDecomposition} does not pivot, and {@code RRQRDecomposition} pivots by largest
 * norm, which drops a different column of a collinear set than R does; written by hand so the
 * aliased columns, and therefore the reported coefficients, are R's.
 */
public final class OlsHarmonizer {
  /** R's {@code lm.fit} default. */
  public static final double TOLERANCE = 1e-7;

  private OlsHarmonizer() {}

  /**
   * Decomposes a design (row-major [row][column], intercept included by the caller).
   *
   * @param columnNames names for reporting aliased columns
   */
  public static Model fit(double[][] design, String[] columnNames) {
    int n = design.length;
    if (n == 0) {
      throw new IllegalArgumentException("OLS: design has no rows");
    }
    int p = design[0].length;
    if (columnNames.length != p) {
      throw new IllegalArgumentException("OLS: " + columnNames.length + " names for " + p
          + " design columns");
    }
    // column-major copy: columns are what the reflections work on
    double[][] x = new double[p][n];
    for (int i = 0; i < n; i++) {
      if (design[i].length != p) {
        throw new IllegalArgumentException("OLS: design row " + (i + 1) + " has "
            + design[i].length + " columns, expected " + p);
      }
      for (int j = 0; j < p; j++) {
        if (!Double.isFinite(design[i][j])) {
          throw new IllegalArgumentException("OLS: design value not finite at row " + (i + 1)
              + ", column " + columnNames[j]);
        }
        x[j][i] = design[i][j];
      }
    }
    double[] qraux = new double[p];
    double[] original = new double[p];
    int[] pivot = new int[p];
    for (int j = 0; j < p; j++) {
      pivot[j] = j;
      qraux[j] = norm(x[j], 0);
      original[j] = qraux[j] == 0 ? 1 : qraux[j];
    }
    int lup = Math.min(n, p);
    int k = p + 1;
    for (int l = 0; l < lup; l++) {
      // cycle negligible columns to the end (the l+1 < k guard stops endless cycling)
      while (l + 1 < k && qraux[l] < original[l] * TOLERANCE) {
        double[] col = x[l];
        int pv = pivot[l];
        double qa = qraux[l];
        double or = original[l];
        for (int j = l + 1; j < p; j++) {
          x[j - 1] = x[j];
          pivot[j - 1] = pivot[j];
          qraux[j - 1] = qraux[j];
          original[j - 1] = original[j];
        }
        x[p - 1] = col;
        pivot[p - 1] = pv;
        qraux[p - 1] = qa;
        original[p - 1] = or;
        k--;
      }
      if (l == n - 1) {
        break;
      }
      double[] xl = x[l];
      double nrmxl = norm(xl, l);
      if (nrmxl == 0) {
        continue;
      }
      if (xl[l] != 0) {
        nrmxl = Math.copySign(nrmxl, xl[l]);
      }
      for (int i = l; i < n; i++) {
        xl[i] /= nrmxl;
      }
      xl[l] += 1;
      for (int j = l + 1; j < p; j++) {
        double[] xj = x[j];
        double t = 0;
        for (int i = l; i < n; i++) {
          t -= xl[i] * xj[i];
        }
        t /= xl[l];
        for (int i = l; i < n; i++) {
          xj[i] += t * xl[i];
        }
        if (qraux[j] != 0) {
          double tt = 1 - (Math.abs(xj[l]) / qraux[j]) * (Math.abs(xj[l]) / qraux[j]);
          tt = Math.max(tt, 0);
          if (Math.abs(tt) < 1e-6) {
            qraux[j] = norm(xj, l + 1);
          } else {
            qraux[j] *= Math.sqrt(tt);
          }
        }
      }
      qraux[l] = xl[l];
      xl[l] = -nrmxl;
    }
    int rank = Math.min(k - 1, n);
    return new Model(x, qraux, pivot, rank, n, p, columnNames.clone());
  }

  private static double norm(double[] v, int from) {
    // scaled sum of squares, as BLAS dnrm2, so huge or tiny covariates do not overflow
    double scale = 0;
    double ssq = 1;
    for (int i = from; i < v.length; i++) {
      if (v[i] != 0) {
        double a = Math.abs(v[i]);
        if (scale < a) {
          ssq = 1 + ssq * (scale / a) * (scale / a);
          scale = a;
        } else {
          ssq += (a / scale) * (a / scale);
        }
      }
    }
    return scale * Math.sqrt(ssq);
  }

  /** A decomposed design; thread-safe and reusable for any number of features. */
  public static final class Model {
    private final double[][] qr;
    private final double[] qraux;
    private final int[] pivot;
    private final int rank;
    private final int n;
    private final int p;
    private final String[] names;

    private Model(double[][] qr, double[] qraux, int[] pivot, int rank, int n, int p,
        String[] names) {
      this.qr = qr;
      this.qraux = qraux;
      this.pivot = pivot;
      this.rank = rank;
      this.n = n;
      this.p = p;
      this.names = names;
    }

    public int rank() {
      return rank;
    }

    public int rows() {
      return n;
    }

    /** Names of the aliased design columns (coefficient NA in R), in design order. */
    public List<String> aliased() {
      boolean[] al = new boolean[p];
      for (int j = rank; j < p; j++) {
        al[pivot[j]] = true;
      }
      List<String> out = new ArrayList<>();
      for (int j = 0; j < p; j++) {
        if (al[j]) {
          out.add(names[j]);
        }
      }
      return out;
    }

    /** Original column index of each pivoted position (R's {@code qr$pivot} minus 1). */
    public int[] pivot() {
      return pivot.clone();
    }

    /** Applies Q' in place to the first {@code rank} reflections, as LINPACK dqrsl. */
    private void applyQt(double[] y) {
      int ju = Math.min(rank, n - 1);
      for (int j = 0; j < ju; j++) {
        reflect(j, y);
      }
    }

    private void applyQ(double[] y) {
      int ju = Math.min(rank, n - 1);
      for (int j = ju - 1; j >= 0; j--) {
        reflect(j, y);
      }
    }

    private void reflect(int j, double[] y) {
      if (qraux[j] == 0) {
        return;
      }
      double[] xj = qr[j];
      double diag = qraux[j];
      double t = -diag * y[j];
      for (int i = j + 1; i < n; i++) {
        t -= xj[i] * y[i];
      }
      t /= diag;
      y[j] += t * diag;
      for (int i = j + 1; i < n; i++) {
        y[i] += t * xj[i];
      }
    }

    /**
     * Fits one feature: coefficients in design order (NaN where aliased) and residuals
     * {@code y - Q Q' y}, as {@code coef(lm)} and {@code residuals(lm)}.
     */
    public Fit fit(double[] y) {
      if (y.length != n) {
        throw new IllegalArgumentException("OLS: feature has " + y.length + " values, design has "
            + n + " rows");
      }
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(y[i])) {
          throw new IllegalArgumentException("OLS: feature value not finite in row " + (i + 1));
        }
      }
      double[] qty = y.clone();
      applyQt(qty);
      double[] b = new double[rank];
      for (int j = rank - 1; j >= 0; j--) {
        double s = qty[j];
        for (int m = j + 1; m < rank; m++) {
          s -= qr[m][j] * b[m];
        }
        b[j] = s / qr[j][j];
      }
      double[] coef = new double[p];
      java.util.Arrays.fill(coef, Double.NaN);
      for (int j = 0; j < rank; j++) {
        coef[pivot[j]] = b[j];
      }
      double[] rsd = qty;
      for (int j = 0; j < Math.min(rank, n); j++) {
        rsd[j] = 0;
      }
      applyQ(rsd);
      return new Fit(coef, rsd);
    }

    /**
     * The whole harmonisation of one feature: fit on the design rows, residuals of those rows
     * and of {@code newDesign} rows (e.g. the second reader), both z-scored with the mean and
     * sample SD of the fitted residuals.
     */
    public Harmonized harmonize(double[] y, double[][] newDesign, double[] yNew) {
      Fit f = fit(y);
      double[] r = f.residuals();
      return new Harmonized(f, zScore(r, r), zScore(r, f.residuals(newDesign, yNew)));
    }

    /** Fits many features (each a double[] over the design rows). */
    public Fit[] fitAll(double[][] features) {
      Fit[] out = new Fit[features.length];
      for (int f = 0; f < features.length; f++) {
        out[f] = fit(features[f]);
      }
      return out;
    }
  }

  /** A harmonised feature: its fit, z-scored residuals of the fitted rows and of the new rows. */
  public record Harmonized(Fit fit, double[] z, double[] zNew) {}

  /** One feature's coefficients (design order, NaN = aliased) and in-sample residuals. */
  public record Fit(double[] coefficients, double[] residuals) {
    /** Residuals of new rows under these coefficients ({@code y - predict(lm, newdata)}). */
    public double[] residuals(double[][] design, double[] y) {
      if (design.length != y.length) {
        throw new IllegalArgumentException("OLS: " + design.length + " design rows but "
            + y.length + " feature values");
      }
      double[] r = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        if (design[i].length != coefficients.length) {
          throw new IllegalArgumentException("OLS: new design row " + (i + 1) + " has "
              + design[i].length + " columns, expected " + coefficients.length);
        }
        double pred = 0;
        for (int j = 0; j < coefficients.length; j++) {
          if (!Double.isNaN(coefficients[j])) {
            pred += design[i][j] * coefficients[j];
          }
        }
        r[i] = y[i] - pred;
      }
      return r;
    }
  }

  /**
   * Z-scores with the mean and sample SD (n - 1) of {@code reference}, applied to
   * {@code values}; pass the fitted residuals as both to standardise them, and the fitted
   * residuals with another reader's residuals to put both on the same scale.
   */
  public static double[] zScore(double[] reference, double[] values) {
    return ZScore.of(reference).apply(values);
  }

}
