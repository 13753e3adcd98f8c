package org.deltarad.stats;

import java.util.Arrays;
import org.apache.commons.math3.special.Erf;

/**
 * Cumulative/dynamic time-dependent ROC curve and AUC at a horizon t with inverse probability of
 * censoring weights, its influence-function (iid) standard error and the comparison of two
 * markers, with the semantics of R {@code timeROC} 0.4.1 ({@code weighting="marginal"},
 * {@code cause=1}, {@code iid=TRUE}; Blanche, Dartigues &amp; Jacqmin-Gadda, Stat Med 2013).
 *
 * <p>As in timeROC's code: cases are {@code T < t & event} (strictly before t), controls
 * {@code T > t}; a subject with {@code T == t} is neither. Case i has weight
 * {@code 1/(n G(T_i-))}, controls {@code 1/(n G(t))}, where G is the reverse Kaplan-Meier of the
 * censoring distribution as prodlim computes it (at a tied time, events leave the censoring risk
 * set first: factor {@code 1 - c/(n.risk - d)}). TP(c) and FP(c) are the weighted fractions of
 * cases and controls with marker {@code >= c}, and the AUC is the trapezoidal area under the
 * step points, so tied markers count 1/2. SE = sd(IF)/sqrt(n) with the influence function of
 * Blanche et al. (including timeROC's choices: the KM-censoring martingale integral computed per
 * observation in time order). 95% CI is
 * {@code AUC +- qnorm(0.975) SE} as {@code confint()}.
 *
 * <p>Degenerate input (no case before t, or no subject event-free beyond t) throws
 * {@link IllegalArgumentException}; timeROC returns NA there.
 *
 * <p>Written by hand: no Java library implements IPCW time-dependent ROC. The influence function
 * is evaluated with prefix sums in O(n log n + cases x controls) instead of timeROC's O(n^3).
 */
public final class TimeDependentRoc {
  /** qnorm(0.975), as R's confint.ipcwsurvivalROC uses. */
  public static final double Z975 = 1.959963984540054;

  private TimeDependentRoc() {}

  /** The estimate at one horizon. Arrays indexed by subject are in the input order. */
  public record Result(
      double horizon,
      double auc,
      double se,
      double ciLower,
      double ciUpper,
      int cases,
      int controls,
      /** subjects neither case nor control: censored before or at t, or event exactly at t */
      int censored,
      /** IPCW cumulative incidence estimate at t (timeROC CumulativeIncidence) */
      double cumulativeIncidence,
      /** IPCW event-free probability at t (timeROC survProb) */
      double survivalProbability,
      /** thresholds of the ROC points: +Infinity, then the distinct marker values descending */
      double[] thresholds,
      /** sensitivity P(marker >= threshold | case) per threshold */
      double[] truePositive,
      /** 1 - specificity P(marker >= threshold | control) per threshold */
      double[] falsePositive,
      /** influence function of the AUC estimator per subject (input order) */
      double[] influence,
      /** identifies the subjects, so compare() can check two results share them */
      RightCensoredSample sample) {}

  /** The AUC and SE of {@code marker} at {@code horizon}; larger marker = higher risk. */
  public static Result compute(RightCensoredSample sample, double[] marker, double horizon) {
    if (!Double.isFinite(horizon)) {
      throw new IllegalArgumentException(sample.label() + ": horizon must be finite, got "
          + horizon);
    }
    double[] mk = sample.checkMarker(marker, "marker");
    int n = sample.size();
    int[] ord = sample.orderByTime();
    double[] t = new double[n];
    int[] d = new int[n];
    double[] m = new double[n];
    for (int r = 0; r < n; r++) {
      t[r] = sample.time(ord[r]);
      d[r] = sample.event(ord[r]);
      m[r] = mk[ord[r]];
    }

    // Reverse Kaplan-Meier of the censoring times (prodlim reverse=TRUE): G(T_r-) and G(horizon).
    double[] gMinus = new double[n];
    double g = 1.0;
    double gAtHorizon = 1.0;
    for (int r = 0; r < n; ) {
      int end = r;
      int dead = 0;
      int cens = 0;
      while (end < n && t[end] == t[r]) {
        if (d[end] == 1) {
          dead++;
        } else {
          cens++;
        }
        end++;
      }
      for (int s = r; s < end; s++) {
        gMinus[s] = g;
      }
      int atRisk = n - r;
      if (cens > 0) {
        g *= 1.0 - (double) cens / (atRisk - dead);
      }
      if (t[r] <= horizon) {
        gAtHorizon = g;
      }
      r = end;
    }

    boolean[] isCase = new boolean[n];
    boolean[] isControl = new boolean[n];
    double[] wCase = new double[n];
    double wControl = 1.0 / (gAtHorizon * n);
    int nCases = 0;
    int nControls = 0;
    for (int r = 0; r < n; r++) {
      wCase[r] = 1.0 / (gMinus[r] * n);
      isCase[r] = t[r] < horizon && d[r] == 1;
      isControl[r] = t[r] > horizon;
      nCases += isCase[r] ? 1 : 0;
      nControls += isControl[r] ? 1 : 0;
    }
    if (nCases == 0) {
      throw new IllegalArgumentException(sample.label() + ": no event before the horizon t="
          + horizon + ", so the time-dependent AUC is undefined (timeROC gives NA)");
    }
    if (nControls == 0) {
      throw new IllegalArgumentException(sample.label() + ": no subject followed beyond the"
          + " horizon t=" + horizon + ", so the time-dependent AUC is undefined (timeROC gives NA)");
    }

    // ROC points, walking the subjects by decreasing marker (stable, as R's order(-marker)).
    Integer[] byMarker = new Integer[n];
    for (int r = 0; r < n; r++) {
      byMarker[r] = r;
    }
    Arrays.sort(byMarker, (a, b) -> Double.compare(m[b], m[a]));
    double denTp = 0;
    double denFp = 0;
    for (int k = 0; k < n; k++) {
      int r = byMarker[k];
      denTp += isCase[r] ? wCase[r] : 0.0;
      denFp += isControl[r] ? wControl : 0.0;
    }
    int distinct = 1;
    for (int k = 1; k < n; k++) {
      if (m[byMarker[k]] != m[byMarker[k - 1]]) {
        distinct++;
      }
    }
    double[] thresholds = new double[distinct + 1];
    double[] tp = new double[distinct + 1];
    double[] fp = new double[distinct + 1];
    thresholds[0] = Double.POSITIVE_INFINITY;
    double cumTp = 0;
    double cumFp = 0;
    int p = 1;
    for (int k = 0; k < n; k++) {
      int r = byMarker[k];
      cumTp += isCase[r] ? wCase[r] : 0.0;
      cumFp += isControl[r] ? wControl : 0.0;
      if (k == n - 1 || m[byMarker[k + 1]] != m[r]) {
        thresholds[p] = m[r];
        tp[p] = cumTp / denTp;
        fp[p] = cumFp / denFp;
        p++;
      }
    }
    double auc = 0;
    for (int k = 1; k <= distinct; k++) {
      auc += (fp[k] - fp[k - 1]) * ((tp[k - 1] + tp[k]) / 2);
    }

    double[] ifSorted = influence(n, t, d, m, isCase, isControl, wCase, wControl, horizon,
        denTp, nControls * wControl, nControls);
    double mean = 0;
    for (double v : ifSorted) {
      mean += v;
    }
    mean /= n;
    double ss = 0;
    for (double v : ifSorted) {
      ss += (v - mean) * (v - mean);
    }
    double se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    double[] influence = new double[n];
    for (int r = 0; r < n; r++) {
      influence[ord[r]] = ifSorted[r];
    }
    int censored = n - nCases - nControls;
    return new Result(horizon, auc, se, auc - Z975 * se, auc + Z975 * se, nCases, nControls,
        censored, denTp, denFp, thresholds, tp, fp, influence, sample);
  }

  /**
   * Influence function of the AUC estimator (subjects in time order), after timeROC's
   * compute_iid_decomposition_survival. M(r,k) = int_0^{T_r} dM_C,k(u) / S_T(u) is the
   * censoring-martingale term, with the hazard taken per observation (lambda_r = c_r/(n-r)) and
   * S_T(u) = 1 - r/n as timeROC does; M(r,k) = c_k n/(n-f_k) [r >= f_k] - Q_min(r,k), f_k the
   * first row tied with T_k, Q_r = sum_{s<=r} lambda_s / (1 - s/n). Sums over r of a_r M(r,k)
   * then come from prefix and suffix sums.
   */
  private static double[] influence(int n, double[] t, int[] d, double[] m, boolean[] isCase,
      boolean[] isControl, double[] wCase, double wControl, double horizon, double f01,
      double surv, int nControls) {
    double nn = (double) n * n;
    double[] rowH = new double[n];   // sum over controls j of h_ij, for case i
    double[] colH = new double[n];   // sum over cases i of h_ij, for control j
    double total = 0;
    for (int i = 0; i < n; i++) {
      if (!isCase[i]) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        if (!isControl[j]) {
          continue;
        }
        double c = m[i] > m[j] ? 1.0 : (m[i] == m[j] ? 0.5 : 0.0);
        double h = c * (wCase[i] * wControl) * nn;
        rowH[i] += h;
        colH[j] += h;
        total += h;
      }
    }
    double ht = total / nn;
    double[] dit = new double[n];
    double[] vT = new double[n];
    double controlFraction = nControls / (double) n;
    for (int r = 0; r < n; r++) {
      // timeROC writes 1(T <= t) here, but multiplies by the case weights, already 0 at T == t.
      dit[r] = isCase[r] ? wCase[r] * n : 0.0;
      vT[r] = t[r] > horizon ? 1.0 / controlFraction : 0.0;
    }
    double[] q = new double[n];
    double acc = 0;
    for (int r = 0; r < n; r++) {
      acc += (1 - d[r]) / (double) (n - r) / (1.0 - (double) r / n);
      q[r] = acc;
    }
    int[] first = new int[n];
    for (int r = 0; r < n; r++) {
      first[r] = (r > 0 && t[r] == t[r - 1]) ? first[r - 1] : r;
    }
    double[] hWeighted = weightedMartingaleSums(n, rowH, q, first, d);
    double[] dWeighted = weightedMartingaleSums(n, dit, q, first, d);
    double sumH = 0;
    double sumDit = 0;
    double sumVt = 0;
    for (int r = 0; r < n; r++) {
      sumH += rowH[r];
      sumDit += dit[r];
      sumVt += vT[r];
    }
    double scale = f01 * surv;
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      double a = (sumH + hWeighted[k]) / n
          - ht * (sumVt + (sumDit + dWeighted[k]) / f01 - n);
      double b = (colH[k] - n * ht) / scale;
      double c = (rowH[k] - n * ht * (vT[k] + (dit[k] - f01) / f01)) / scale;
      out[k] = (a / scale + b + c) / n;
    }
    return out;
  }

  /** For every subject k: sum over rows r of a_r M(r,k) (see {@link #influence}). */
  private static double[] weightedMartingaleSums(int n, double[] a, double[] q, int[] first,
      int[] d) {
    double[] suffixA = new double[n + 1];
    for (int r = n - 1; r >= 0; r--) {
      suffixA[r] = suffixA[r + 1] + a[r];
    }
    double[] prefixAq = new double[n];
    double acc = 0;
    for (int r = 0; r < n; r++) {
      acc += a[r] * q[r];
      prefixAq[r] = acc;
    }
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      double jump = d[k] == 0 ? suffixA[first[k]] / (1.0 - (double) first[k] / n) : 0.0;
      out[k] = jump - (prefixAq[k] + q[k] * suffixA[k + 1]);
    }
    return out;
  }

  /**
   * Two-sided p-value of H0: equal AUCs for two markers on the same subjects and horizon, as
   * {@code timeROC::compare(x, y)$p_values_AUC}: z = |AUC_x - AUC_y| / (sd(IF_x - IF_y)/sqrt n).
   */
  public static double compare(Result x, Result y) {
    RightCensoredSample sx = x.sample();
    RightCensoredSample sy = y.sample();
    if (sx.size() != sy.size() || !Arrays.equals(sx.times(), sy.times())
        || !Arrays.equals(sx.events(), sy.events())) {
      throw new IllegalArgumentException("compare: the two ROC results were not computed on the"
          + " same subjects (" + sx.label() + " vs " + sy.label() + ")");
    }
    if (x.horizon() != y.horizon()) {
      throw new IllegalArgumentException("compare: horizons differ (" + x.horizon() + " vs "
          + y.horizon() + ")");
    }
    int n = sx.size();
    double[] diff = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      diff[i] = x.influence()[i] - y.influence()[i];
      mean += diff[i];
    }
    mean /= n;
    double ss = 0;
    for (double v : diff) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    double z = Math.abs(x.auc() - y.auc()) / sd;
    // 2 * pnorm(z, lower.tail = FALSE) without the cancellation of 1 - cdf.
    return Erf.erfc(z / Math.sqrt(2.0));
  }
}
