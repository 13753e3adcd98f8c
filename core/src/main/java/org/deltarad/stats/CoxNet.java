package org.deltarad.stats;

import java.util.Arrays;

/**
 * LASSO (elastic-net) Cox regression with glmnet 4.1-6 semantics: Breslow partial likelihood,
 * internal standardisation (1/n variance), coefficients on the original scale, glmnet's lambda
 * path ({@code lambda_max = max_j |<x_j, d - e b>| / n} at beta = 0 on standardised x, then
 * {@code nlambda} log-spaced values down to {@code lambda.min.ratio * lambda_max}, the first value
 * reported as glmnet's {@code fix.lam} extrapolation) and its early stop of the path.
 *
 * <p>Settings are Spark-ML-like setters (alpha, a user lambda sequence, thresh, ties); an instance
 * is immutable in use and thread-safe once configured. Everything else is glmnet's default:
 * nlambda 100, lambda.min.ratio 1e-4 if n >= p else 1e-2, maxit 1e5, dfmax p+1, pmax
 * min(2 dfmax + 20, p), standardize TRUE.
 * Constant columns get coefficient 0 (glmnet excludes them).
 *
 * <p>Ties: Breslow as glmnet; Efron as our extension ({@link #setTies}). glmnet 4.1-6 has no Efron option for {@code glmnet()} / {@code cv.glmnet()}
 * (the {@code ties} argument appeared in later versions' {@code cox.path}). A censored time equal
 * to an event time counts as still at risk because glmnet adds 100 eps to censored times; where
 * that shift is lost to rounding (times >= 256) glmnet's own sort order decides, and we reproduce
 * it ({@link GlmnetSortOrder}).
 */
public final class CoxNet {
  static final double EPS = Math.ulp(1.0);

  /** Handling of tied event times. */
  public enum Ties {
    /** glmnet's (and the default): each tied event sees the whole risk set. */
    BRESLOW,
    /** Efron's approximation as survival::coxph(ties = "efron"); not in glmnet 4.1-6. */
    EFRON
  }

  private Ties ties = Ties.BRESLOW;

  // glmnet's defaults for the settings DeltaRad does not change (nlambda, lambda.min.ratio,
  // maxit, dfmax, pmax, standardize); only what the analysis and the golden tests vary is settable.
  private static final int N_LAMBDA = 100;
  private static final int MAX_IT = 100000;
  private static final boolean STANDARDIZE = true;

  private double alpha = 1.0;
  private double[] lambda;
  private double thresh = 1e-7;

  public CoxNet setAlpha(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    this.alpha = alpha;
    return this;
  }

  /** A user lambda sequence (sorted decreasing as glmnet does); null for the computed path. */
  public CoxNet setLambda(double[] lambda) {
    if (lambda != null) {
      for (double l : lambda) {
        if (!(l >= 0) || Double.isInfinite(l)) {
          throw new IllegalArgumentException("lambdas must be finite and >= 0, got " + l);
        }
      }
      double[] s = lambda.clone();
      Arrays.sort(s);
      for (int i = 0, j = s.length - 1; i < j; i++, j--) {
        double t = s[i];
        s[i] = s[j];
        s[j] = t;
      }
      this.lambda = s;
    } else {
      this.lambda = null;
    }
    return this;
  }

  public CoxNet setThresh(double thresh) {
    if (!(thresh > 0)) {
      throw new IllegalArgumentException("thresh must be > 0, got " + thresh);
    }
    this.thresh = thresh;
    return this;
  }

  /**
   * Tie handling. EFRON is our extension (glmnet 4.1-6 has Breslow only): the same path
   * algorithm on Efron's partial likelihood; deviance ratios and CV deviances are then relative
   * to Efron's saturated log-likelihood. Without tied event times both agree.
   */
  public CoxNet setTies(Ties ties) {
    if (ties == null) {
      throw new IllegalArgumentException("ties must be BRESLOW or EFRON");
    }
    this.ties = ties;
    return this;
  }

  public Ties getTies() {
    return ties;
  }

  /**
   * Fits the path.
   *
   * @param x n rows of p covariates
   * @param time follow-up times (> 0 for events; censored times may be 0)
   * @param event 1 = event, 0 = censored
   */
  public CoxNetPath fit(double[][] x, double[] time, int[] event) {
    return fit(CoxData.of(x, time, event, "data"));
  }

  CoxNetPath fit(CoxData data) {
    int n = data.n;
    int p = data.p;
    int ne = p + 1;
    int nx = Math.min(ne * 2 + 20, p);
    double flmin;
    double[] ulam = null;
    int nlam;
    if (lambda == null) {
      flmin = n < p ? 1e-2 : 1e-4;
      nlam = N_LAMBDA;
    } else {
      flmin = 1.0;
      ulam = lambda;
      nlam = lambda.length;
    }
    boolean[] ju = new boolean[p];
    boolean any = false;
    for (int j = 0; j < p; j++) {
      double[] c = data.cols[j];
      for (int i = 1; i < n; i++) {
        if (c[i] != c[0]) {
          ju[j] = true;
          any = true;
          break;
        }
      }
    }
    if (!any) {
      throw new IllegalArgumentException(data.name + ": all covariates are constant");
    }
    double[] vp = new double[p];
    Arrays.fill(vp, 1.0);
    // glmnet scales penalty factors to sum to p: vq = vq * ni / sum(vq); 1 * p / p = 1 exactly.
    double[] q = new double[n];
    Arrays.fill(q, 1.0 / n);
    double[] xs = new double[p];
    double[][] xstd = standardize(data.cols, q, ju, STANDARDIZE, xs);
    CoxRiskSets rs = CoxRiskSets.build(data.y, data.d, data.sorted, data.name);
    CoxNetSolver.Result r = CoxNetSolver.path(xstd, ju, vp, q, data.d, rs, alpha, nlam, flmin,
        ulam, thresh, MAX_IT, ne, nx, ties == Ties.EFRON);
    if (r.lmu == 0) {
      throw new IllegalArgumentException(data.name + ": glmnet path failed at the first lambda"
          + " (code " + r.jerr + ")");
    }
    int lmu = r.lmu;
    double[] lam = Arrays.copyOf(r.alm, lmu);
    if (lambda == null && lmu > 2) {
      // glmnet's fix.lam: the first lambda (infinite internally) is extrapolated.
      lam[0] = Math.exp(2 * Math.log(lam[1]) - Math.log(lam[2]));
    }
    double[][] beta = new double[lmu][p];
    int[] df = new int[lmu];
    for (int k = 0; k < lmu; k++) {
      for (int l = 0; l < r.kin[k]; l++) {
        int j = r.m[l];
        double b = r.ao[k][l];
        beta[k][j] = STANDARDIZE ? b / xs[j] : b;
        if (b != 0.0) {
          df[k]++;
        }
      }
    }
    return new CoxNetPath(lam, beta, Arrays.copyOf(r.dev, lmu), 2.0 * n * r.dev0,
        df, r.nlp, r.jerr, data.names);
  }

  /** glmnet's cstandard: centre with weights q, scale by sqrt(sum q (x - m)^2). */
  static double[][] standardize(double[][] cols, double[] q, boolean[] ju, boolean isd,
      double[] xs) {
    int p = cols.length;
    double[][] out = new double[p][];
    for (int j = 0; j < p; j++) {
      double[] c = cols[j];
      double[] z = c.clone();
      if (!ju[j]) {
        out[j] = z;
        continue;
      }
      double xm = CoxNetSolver.dot(q, c);
      for (int i = 0; i < z.length; i++) {
        z[i] = z[i] - xm;
      }
      if (isd) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
          s += q[i] * (z[i] * z[i]);
        }
        xs[j] = Math.sqrt(s);
        for (int i = 0; i < z.length; i++) {
          z[i] = z[i] / xs[j];
        }
      }
      out[j] = z;
    }
    return out;
  }
}
