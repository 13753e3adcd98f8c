package org.deltarad.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Cross-validated LASSO-Cox as {@code cv.glmnet(x, Surv(time, event), family = "cox")} in glmnet
 * 4.1-6 computes it (type.measure "deviance", grouped = TRUE; leave-one-out is the default
 * fold scheme here).
 *
 * <p>What cv.glmnet does, reproduced step by step:
 * <ul>
 * <li>the full data is fitted once; its lambdas are the CV grid;
 * <li>each fold's training set is fitted with its OWN lambda sequence and early stop (cv.glmnet
 *     does not pass the full-data lambdas to the folds), and its coefficients are read at the
 *     full-data lambdas by {@code lambda.interp} (linear in lambda, clamped beyond the fold path);
 * <li>grouped partial-likelihood deviance (Verweij and van Houwelingen 1993):
 *     {@code cvraw_k = (D(full data; beta_-k) - D(data without fold k; beta_-k)) / events_k} with
 *     {@code D = 2 (l_sat - l)}, Breslow partial likelihood; cv.coxnet then switches grouped off so
 *     no further per-observation averaging happens, also for leave-one-out;
 * <li>{@code cvm} = mean of cvraw weighted by the events per fold (folds without events get
 *     weight 0 and drop out), {@code cvsd = sqrt(weighted mean of (cvraw - cvm)^2 / (N - 1))} with N
 *     the number of folds whose raw deviance difference is not NaN (folds without events count);
 *     lambdas with undefined cvsd are dropped;
 * <li>lambda.min = largest lambda with minimal cvm; lambda.1se = largest lambda with
 *     cvm <= cvm(min) + cvsd(min).
 * </ul>
 * With {@link CoxNet.Ties#EFRON} (our extension) the deviances use Efron's partial and saturated
 * log-likelihoods. Known numeric difference: glmnet centres the linear predictor by the column means of the data
 * set it evaluates (full or without fold k); we centre both by the full-data means (the partial
 * likelihood is shift invariant, the difference is rounding only).
 *
 * <p>Folds are independent: {@link #foldDeviance} fits one fold given the full-data lambdas so a
 * Spark job can distribute folds; {@link #combine} turns the rows into the CV curve.
 */
public final class CoxNetCv {
  private final CoxNet coxNet;
  private boolean parallel = true;

  public CoxNetCv(CoxNet coxNet) {
    this.coxNet = coxNet;
  }

  public CoxNetCv() {
    this(new CoxNet());
  }

  /** Folds on the common fork-join pool (default) or sequentially; results are identical. */
  public CoxNetCv setParallel(boolean parallel) {
    this.parallel = parallel;
    return this;
  }

  /** Leave-one-out fold ids 1..n. */
  public static int[] leaveOneOut(int n) {
    return IntStream.rangeClosed(1, n).toArray();
  }

  /**
   * K folds of near-equal size as cv.glmnet builds them ({@code sample(rep(1:K, length = n))}),
   * but shuffled with our own seeded generator: R's RNG stream is not reproduced, so pass
   * {@code foldid} explicitly to both when comparing with R.
   */
  public static int[] kFold(int n, int k, long seed) {
    if (k < 3 || k > n) {
      throw new IllegalArgumentException("number of folds must be in 3.." + n + ", got " + k);
    }
    int[] f = new int[n];
    for (int i = 0; i < n; i++) {
      f[i] = i % k + 1;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = f[i];
      f[i] = f[j];
      f[j] = t;
    }
    return f;
  }

  /** Leave-one-out cross-validation. */
  public CoxNetCvResult fit(double[][] x, double[] time, int[] event) {
    return fit(x, time, event, leaveOneOut(time == null ? 0 : time.length));
  }

  public CoxNetCvResult fit(double[][] x, double[] time, int[] event, int[] foldId) {
    return fit(CoxData.of(x, time, event, "data"), foldId);
  }

  CoxNetCvResult fit(CoxData data, int[] foldId) {
    int nfolds = checkFolds(foldId, data.n);
    CoxNetPath full = coxNet.fit(data);
    double[] lambdas = full.lambdas();
    Evaluator ev = new Evaluator(data, efron());
    IntStream folds = IntStream.rangeClosed(1, nfolds);
    if (parallel) {
      folds = folds.parallel();
    }
    double[][] raw = folds.mapToObj(k -> foldDeviance(data, ev, foldId, k, lambdas))
        .toArray(double[][]::new);
    return combine(full, foldId, data.event, raw);
  }

  /**
   * The grouped deviance row of one fold, before division by its events:
   * {@code D(full; beta_-k(lambda)) - D(without fold k; beta_-k(lambda))} for each full-data
   * lambda. Self-contained so it can run as one Spark task.
   *
   * @param fold 1-based fold number
   * @param lambdas the full-data lambda sequence
   */
  public double[] foldDeviance(double[][] x, double[] time, int[] event, int[] foldId, int fold,
      double[] lambdas) {
    CoxData data = CoxData.of(x, time, event, "data");
    checkFolds(foldId, data.n);
    return foldDeviance(data, new Evaluator(data, efron()), foldId, fold, lambdas);
  }

  private double[] foldDeviance(CoxData data, Evaluator ev, int[] foldId, int fold,
      double[] lambdas) {
    boolean[] drop = new boolean[data.n];
    for (int i = 0; i < data.n; i++) {
      drop[i] = foldId[i] == fold;
    }
    String what = data.name + " without fold " + fold;
    CoxNetPath path = coxNet.fit(data.subset(drop, what));
    FoldLikelihood minus = ev.without(drop, what);
    double[] out = new double[lambdas.length];
    double[] f = new double[data.n];
    double[] e = new double[data.n];
    for (int l = 0; l < lambdas.length; l++) {
      double[] beta = path.coefficientsAt(lambdas[l]);
      ev.linearPredictor(beta, f);
      ev.exp(f, e); // shared by both deviances
      double devFull = ev.fullDeviance(f, e);
      double devMinus = minus.deviance(f, e);
      out[l] = devFull - devMinus;
    }
    return out;
  }

  /**
   * The CV curve from the fold rows of {@link #foldDeviance}, as cv.coxnet + cvstats +
   * getOptcv.glmnet do it.
   */
  public static CoxNetCvResult combine(CoxNetPath full, int[] foldId, int[] event,
      double[][] raw) {
    int nfolds = raw.length;
    int nl = full.size();
    double[] wk = new double[nfolds];
    for (int f : foldId) {
      if (f < 1 || f > nfolds) {
        throw new IllegalArgumentException("fold id " + f + " outside 1.." + nfolds
            + " (one deviance row per fold expected)");
      }
    }
    for (int i = 0; i < foldId.length; i++) {
      wk[foldId[i] - 1] += event[i];
    }
    double[][] cvraw = new double[nfolds][nl];
    for (int k = 0; k < nfolds; k++) {
      if (raw[k].length != nl) {
        throw new IllegalArgumentException("fold " + (k + 1) + " has " + raw[k].length
            + " deviances for " + nl + " lambdas");
      }
      for (int l = 0; l < nl; l++) {
        cvraw[k][l] = raw[k][l] / wk[k];
      }
    }
    double[] lam = full.lambdas();
    int[] df = full.df();
    double[] cvm = new double[nl];
    double[] cvsd = new double[nl];
    double[] col = new double[nfolds];
    for (int l = 0; l < nl; l++) {
      // cv.coxnet counts missing values before dividing by the events, so a fold without events
      // (0/0 or x/0) still counts in N.
      int na = 0;
      for (int k = 0; k < nfolds; k++) {
        col[k] = cvraw[k][l];
        if (Double.isNaN(raw[k][l])) {
          na++;
        }
      }
      int nn = nfolds - na;
      cvm[l] = weightedMean(col, wk);
      double[] sq = new double[nfolds];
      for (int k = 0; k < nfolds; k++) {
        double dlt = col[k] - cvm[l];
        sq[k] = dlt * dlt;
      }
      cvsd[l] = Math.sqrt(weightedMean(sq, wk) / (nn - 1));
    }
    int keep = 0;
    for (int l = 0; l < nl; l++) {
      if (!Double.isNaN(cvsd[l])) {
        keep++;
      }
    }
    int[] index = new int[keep];
    for (int l = 0, q = 0; l < nl; l++) {
      if (!Double.isNaN(cvsd[l])) {
        index[q++] = l;
      }
    }
    if (keep == 0) {
      throw new IllegalArgumentException("cross-validation: no lambda has a defined cvsd");
    }
    double[] lk = new double[keep];
    double[] mk = new double[keep];
    double[] sk = new double[keep];
    int[] dk = new int[keep];
    for (int q = 0; q < keep; q++) {
      lk[q] = lam[index[q]];
      mk[q] = cvm[index[q]];
      sk[q] = cvsd[index[q]];
      dk[q] = df[index[q]];
    }
    double cvmin = Double.POSITIVE_INFINITY;
    for (double v : mk) {
      if (!Double.isNaN(v)) {
        cvmin = Math.min(cvmin, v);
      }
    }
    int imin = -1;
    for (int q = 0; q < keep; q++) {
      if (mk[q] <= cvmin && (imin < 0 || lk[q] > lk[imin])) {
        imin = q;
      }
    }
    double semin = mk[imin] + sk[imin];
    int i1se = -1;
    for (int q = 0; q < keep; q++) {
      if (mk[q] <= semin && (i1se < 0 || lk[q] > lk[i1se])) {
        i1se = q;
      }
    }
    return new CoxNetCvResult(full, lk, mk, sk, dk, imin, i1se, index, nfolds);
  }

  /** R's weighted.mean(x, w, na.rm = TRUE): NaN values dropped, zero weights ignored. */
  static double weightedMean(double[] x, double[] w) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i])) {
        continue;
      }
      if (w[i] != 0) {
        num += x[i] * w[i];
      }
      den += w[i];
    }
    return num / den;
  }

  private boolean efron() {
    return coxNet.getTies() == CoxNet.Ties.EFRON;
  }

  private static int checkFolds(int[] foldId, int n) {
    if (foldId == null || foldId.length != n) {
      throw new IllegalArgumentException("foldid must have one entry per observation (" + n + ")");
    }
    int max = 0;
    for (int f : foldId) {
      if (f < 1) {
        throw new IllegalArgumentException("fold ids must be 1..K, got " + f);
      }
      max = Math.max(max, f);
    }
    boolean[] seen = new boolean[max + 1];
    for (int f : foldId) {
      seen[f] = true;
    }
    for (int k = 1; k <= max; k++) {
      if (!seen[k]) {
        throw new IllegalArgumentException("fold " + k + " of 1.." + max + " is empty");
      }
    }
    if (max < 3) {
      throw new IllegalArgumentException("nfolds must be at least 3, got " + max);
    }
    return max;
  }

  /** Deviance of the full data, shared by all folds (coxnet.deviance with unit weights). */
  static final class Evaluator {
    final CoxData data;
    final double[][] centred;
    final CoxRiskSets rs;
    final double[] dk;
    final double lsat;
    final boolean efron;
    final int[] mk;
    final double fmax = Math.log(Double.MAX_VALUE * (double) 0.1f);

    Evaluator(CoxData data, boolean efron) {
      this.data = data;
      this.efron = efron;
      centred = new double[data.p][];
      for (int j = 0; j < data.p; j++) {
        double[] c = data.cols[j];
        double s = 0;
        for (double v : c) {
          s += v;
        }
        double xm = s / data.n;
        double[] z = new double[data.n];
        for (int i = 0; i < data.n; i++) {
          z[i] = c[i] - xm;
        }
        centred[j] = z;
      }
      rs = CoxRiskSets.build(data.y, data.d, data.sorted, data.name);
      dk = rs.eventWeights(data.d);
      mk = efron ? rs.deathCounts(data.d) : null;
      lsat = efron ? CoxRiskSets.saturatedEfron(dk, mk) : saturated(data.time, data.event, null);
    }

    /** The partial log-likelihood at f, with e = exp(f) as {@link #exp} gives it. */
    double logLik(CoxRiskSets r, double[] dq, double[] dkr, int[] mkr, double[] f, double[] e) {
      double[] u = new double[r.nk];
      if (efron) {
        return r.logLikEfron(dq, dkr, mkr, data.d, f, e, u, new double[r.nk]);
      }
      return r.logLik(dq, dkr, f, e, u);
    }

    void linearPredictor(double[] beta, double[] f) {
      Arrays.fill(f, 0.0);
      for (int j = 0; j < beta.length; j++) {
        double b = beta[j];
        if (b == 0.0) {
          continue;
        }
        double[] z = centred[j];
        for (int i = 0; i < f.length; i++) {
          f[i] += b * z[i];
        }
      }
    }

    /** e = exp(f), clamped as glmnet does. */
    void exp(double[] f, double[] e) {
      for (int i = 0; i < f.length; i++) {
        e[i] = Math.exp(Math.copySign(Math.min(Math.abs(f[i]), fmax), f[i]));
      }
    }

    double fullDeviance(double[] f, double[] e) {
      return 2 * (lsat - logLik(rs, data.d, dk, mk, f, e));
    }

    FoldLikelihood without(boolean[] drop, String what) {
      int[] rows = new int[data.n];
      int m = 0;
      for (int r = 0; r < data.n; r++) {
        if (!drop[r]) {
          rows[m++] = r;
        }
      }
      int[] sorted = GlmnetSortOrder.order(data.y, Arrays.copyOf(rows, m));
      double[] dq = data.d.clone();
      for (int i = 0; i < data.n; i++) {
        if (drop[i]) {
          dq[i] = 0;
        }
      }
      CoxRiskSets sub = CoxRiskSets.build(data.y, data.d, sorted, what);
      double[] dks = sub.eventWeights(dq);
      int[] mks = efron ? sub.deathCounts(data.d) : null;
      return new FoldLikelihood(this, sub, dq, dks, mks, efron
          ? CoxRiskSets.saturatedEfron(dks, mks) : saturated(data.time, data.event, drop));
    }
  }

  /** Deviance of the data without one fold, for the fold's coefficients. */
  static final class FoldLikelihood {
    final Evaluator ev;
    final CoxRiskSets rs;
    final double[] dq;
    final double[] dk;
    final int[] mk;
    final double lsat;

    FoldLikelihood(Evaluator ev, CoxRiskSets rs, double[] dq, double[] dk, int[] mk,
        double lsat) {
      this.ev = ev;
      this.rs = rs;
      this.dq = dq;
      this.dk = dk;
      this.mk = mk;
      this.lsat = lsat;
    }

    double deviance(double[] f, double[] e) {
      return 2 * (lsat - ev.logLik(rs, dq, dk, mk, f, e));
    }
  }

  /** Saturated log-likelihood -sum m log m over distinct event times (unit weights). */
  static double saturated(double[] time, int[] event, boolean[] drop) {
    int c = 0;
    double[] t = new double[time.length];
    for (int i = 0; i < time.length; i++) {
      if (event[i] == 1 && (drop == null || !drop[i])) {
        t[c++] = time[i];
      }
    }
    t = Arrays.copyOf(t, c);
    Arrays.sort(t);
    double s = 0;
    int i = 0;
    while (i < c) {
      int j = i;
      while (j < c && t[j] == t[i]) {
        j++;
      }
      double m = j - i;
      s += m * Math.log(m);
      i = j;
    }
    return -s;
  }
}
