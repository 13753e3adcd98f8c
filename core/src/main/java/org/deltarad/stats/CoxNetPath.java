package org.deltarad.stats;

import java.util.Arrays;

/**
 * A fitted LASSO-Cox path: per lambda (decreasing) the coefficients on the original covariate
 * scale, the fraction of null deviance explained and the number of non-zero coefficients, as
 * {@code glmnet(family="cox")} returns them ({@code lambda}, {@code beta}, {@code dev.ratio},
 * {@code df}, {@code nulldev}).
 */
public final class CoxNetPath {
  private final double[] lambdas;
  private final double[][] betas;
  private final double[] devRatio;
  private final double nullDeviance;
  private final int[] df;
  private final int passes;
  private final int warningCode;
  private final String[] names;

  CoxNetPath(double[] lambdas, double[][] betas, double[] devRatio, double nullDeviance,
      int[] df, int passes, int warningCode, String[] names) {
    this.lambdas = lambdas;
    this.betas = betas;
    this.devRatio = devRatio;
    this.nullDeviance = nullDeviance;
    this.df = df;
    this.passes = passes;
    this.warningCode = warningCode;
    this.names = names;
  }

  public int size() {
    return lambdas.length;
  }

  public int numCovariates() {
    return names.length;
  }

  public double[] lambdas() {
    return lambdas.clone();
  }

  public double lambda(int k) {
    return lambdas[k];
  }

  /** Coefficients (original scale) at path index k. */
  public double[] beta(int k) {
    return betas[k].clone();
  }

  public double[] devRatios() {
    return devRatio.clone();
  }

  public double nullDeviance() {
    return nullDeviance;
  }

  public int[] df() {
    return df.clone();
  }

  /** Coordinate-descent passes (glmnet's npasses). */
  public int passes() {
    return passes;
  }

  /**
   * 0, or glmnet's non-fatal code when the path was cut short: -k maxit reached at lambda k,
   * -10000-k pmax exceeded, -30000-k numerical error.
   */
  public int warningCode() {
    return warningCode;
  }

  public String[] covariateNames() {
    return names.clone();
  }

  public CoxNetModel model(int k) {
    return new CoxNetModel(betas[k].clone(), lambdas[k], names);
  }

  /**
   * Coefficients at any lambda s by glmnet's {@code lambda.interp}: linear in lambda between the
   * two neighbouring path values, clamped to the first / last value outside the path.
   */
  public double[] coefficientsAt(double s) {
    int p = names.length;
    double[] out = new double[p];
    int k = lambdas.length;
    if (k == 1) {
      System.arraycopy(betas[0], 0, out, 0, p);
      return out;
    }
    double l1 = lambdas[0];
    double range = l1 - lambdas[k - 1];
    double[] nl = new double[k];
    for (int i = 0; i < k; i++) {
      nl[i] = (l1 - lambdas[i]) / range;
    }
    double sfrac = (l1 - s) / range;
    double lo = nl[0];
    double hi = nl[0];
    for (double v : nl) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (sfrac < lo) {
      sfrac = lo;
    }
    if (sfrac > hi) {
      sfrac = hi;
    }
    double coord = approx(nl, sfrac);
    int left = (int) Math.floor(coord);
    int right = (int) Math.ceil(coord);
    double frac = (sfrac - nl[right - 1]) / (nl[left - 1] - nl[right - 1]);
    if (left == right || Math.abs(nl[left - 1] - nl[right - 1]) < CoxNet.EPS) {
      frac = 1;
    }
    double[] bl = betas[left - 1];
    double[] br = betas[right - 1];
    for (int j = 0; j < p; j++) {
      out[j] = bl[j] * frac + br[j] * (1 - frac);
    }
    return out;
  }

  /** R's approx(x, 1:k, v) for increasing x (1-based result). */
  private static double approx(double[] x, double v) {
    int n = x.length;
    int i = 0;
    int j = n - 1;
    if (v < x[i]) {
      return 1;
    }
    if (v > x[j]) {
      return n;
    }
    while (i < j - 1) {
      int ij = (i + j) / 2;
      if (v < x[ij]) {
        j = ij;
      } else {
        i = ij;
      }
    }
    if (v == x[j]) {
      return j + 1;
    }
    if (v == x[i]) {
      return i + 1;
    }
    return (i + 1) + ((j + 1) - (i + 1)) * ((v - x[i]) / (x[j] - x[i]));
  }

  @Override
  public String toString() {
    return "CoxNetPath[" + lambdas.length + " lambdas, " + names.length + " covariates, lambda "
        + lambdas[0] + " .. " + lambdas[lambdas.length - 1] + ", df " + Arrays.toString(df) + "]";
  }
}
