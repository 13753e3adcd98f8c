package org.deltarad.stats;

/**
 * The outcome of {@link CoxNetCv}: the CV curve over the full-data lambdas ({@code cv.glmnet}'s
 * {@code lambda}, {@code cvm}, {@code cvsd}, {@code nzero}), {@code lambda.min} and
 * {@code lambda.1se} with their indices, and the models at both.
 */
public final class CoxNetCvResult {
  private final CoxNetPath path;
  private final double[] lambda;
  private final double[] cvm;
  private final double[] cvsd;
  private final int[] nzero;
  private final int indexMin;
  private final int index1se;
  private final int[] pathIndex;
  private final int nFolds;

  CoxNetCvResult(CoxNetPath path, double[] lambda, double[] cvm, double[] cvsd, int[] nzero,
      int indexMin, int index1se, int[] pathIndex, int nFolds) {
    this.path = path;
    this.lambda = lambda;
    this.cvm = cvm;
    this.cvsd = cvsd;
    this.nzero = nzero;
    this.indexMin = indexMin;
    this.index1se = index1se;
    this.pathIndex = pathIndex;
    this.nFolds = nFolds;
  }

  /** The full-data fit (cv.glmnet's glmnet.fit). */
  public CoxNetPath path() {
    return path;
  }

  public double[] lambda() {
    return lambda.clone();
  }

  public double[] cvm() {
    return cvm.clone();
  }

  public double[] cvsd() {
    return cvsd.clone();
  }

  public int[] nzero() {
    return nzero.clone();
  }

  public int numFolds() {
    return nFolds;
  }

  public double lambdaMin() {
    return lambda[indexMin];
  }

  public double lambda1se() {
    return lambda[index1se];
  }

  /** 0-based index of lambda.min in {@link #lambda()} (cv.glmnet's index["min"] - 1). */
  public int indexMin() {
    return indexMin;
  }

  public int index1se() {
    return index1se;
  }

  public double[] coefficientsMin() {
    return path.beta(pathIndex[indexMin]);
  }

  public double[] coefficients1se() {
    return path.beta(pathIndex[index1se]);
  }

  public CoxNetModel modelMin() {
    return path.model(pathIndex[indexMin]);
  }

  public CoxNetModel model1se() {
    return path.model(pathIndex[index1se]);
  }
}
