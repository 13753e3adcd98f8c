package org.deltarad.stats;

/**
 * One LASSO-Cox model: coefficients on the original covariate scale at one lambda. The linear
 * predictor {@code x . beta} is the risk score (glmnet's {@code predict(type="link")}, no
 * centring).
 */
public final class CoxNetModel {
  private final double[] beta;
  private final double lambda;
  private final String[] names;

  CoxNetModel(double[] beta, double lambda, String[] names) {
    this.beta = beta;
    this.lambda = lambda;
    this.names = names;
  }

  public double[] coefficients() {
    return beta.clone();
  }

  public double lambda() {
    return lambda;
  }

  public String[] covariateNames() {
    return names.clone();
  }

  /** Number of non-zero coefficients. */
  public int df() {
    int c = 0;
    for (double b : beta) {
      if (b != 0.0) {
        c++;
      }
    }
    return c;
  }

  /** Risk scores x . beta for each row. */
  public double[] linearPredictor(double[][] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (x[i] == null || x[i].length != beta.length) {
        throw new IllegalArgumentException("row " + (i + 1) + " has "
            + (x[i] == null ? 0 : x[i].length) + " covariates, the model has " + beta.length);
      }
      double s = 0;
      for (int j = 0; j < beta.length; j++) {
        s += x[i][j] * beta[j];
      }
      out[i] = s;
    }
    return out;
  }
}
