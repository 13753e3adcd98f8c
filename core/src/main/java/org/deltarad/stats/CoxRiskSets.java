package org.deltarad.stats;

/**
 * Breslow risk sets of right-censored data as glmnet's Cox code groups them: rows sorted by time,
 * rows censored before the first event dropped, and one block per distinct event time. The risk
 * set of block k is every row from the block's first position to the end of the sorted order, so
 * the partial log-likelihood is
 * {@code l(f) = sum_i d_i f_i - sum_k D_k log(sum_{pos >= start_k} e_pos)} with {@code e = q exp(f)}
 * and {@code D_k} the summed event weight of block k.
 *
 * <p>Hand-written because no library offers this O(n) risk-set bookkeeping; it is shared by the
 * path solver (weights, gradient) and by cross-validation (deviance).
 */
final class CoxRiskSets {
  /** Sorted positions 0..nj-1 -> row index; only rows at or after the first event time. */
  final int[] order;
  /** Number of distinct event times (blocks). */
  final int nk;
  /** Block k occupies positions blockStart[k] .. blockStart[k+1]-1 (blockStart[nk] = nj). */
  final int[] blockStart;

  private CoxRiskSets(int[] order, int nk, int[] blockStart) {
    this.order = order;
    this.nk = nk;
    this.blockStart = blockStart;
  }

  /**
   * Builds the blocks from rows already sorted by (time ascending, events before censored rows).
   *
   * @param y times (censored times already shifted up by glmnet's 100 eps)
   * @param d event indicators (1/0) per row
   * @param sorted row indices in sorted order (rows with zero weight must already be left out)
   * @param what names the data in error messages
   */
  static CoxRiskSets build(double[] y, double[] d, int[] sorted, String what) {
    int nj = sorted.length;
    int first = 0;
    while (first < nj && !(d[sorted[first]] > 0)) {
      first++;
    }
    if (first == nj) {
      throw new IllegalArgumentException(what + ": no events (all observations censored)");
    }
    // glmnet (groups, jerr 30000) needs at least two rows after the first event in sorted order.
    if (first + 1 >= nj - 1) {
      throw new IllegalArgumentException(what + ": too many censored observations: the first event"
          + " is among the last two observations in time order");
    }
    double t0 = y[sorted[first]];
    int j0 = first;
    while (j0 > 0 && y[sorted[j0 - 1]] >= t0) {
      j0--;
    }
    int m = nj - j0;
    int[] order = new int[m];
    System.arraycopy(sorted, j0, order, 0, m);
    // Blocks as glmnet's groups(): a new block starts at each event with time > previous one.
    int[] kp = new int[m + 1];
    int nk = 0;
    double yk = t0;
    int j = 1; // 0-based position, glmnet's j=2
    while (true) {
      while (j < m && !(d[order[j]] > 0 && y[order[j]] > yk)) {
        j++;
      }
      kp[nk++] = j; // exclusive end of this block
      if (j >= m) {
        break;
      }
      if (j == m - 1) {
        kp[nk++] = m;
        break;
      }
      yk = y[order[j]];
      j++;
    }
    int[] start = new int[nk + 1];
    start[0] = 0;
    System.arraycopy(kp, 0, start, 1, nk);
    return new CoxRiskSets(order, nk, start);
  }

  int size() {
    return order.length;
  }

  /** Summed weighted events per block (glmnet's died). */
  double[] eventWeights(double[] dq) {
    double[] dk = new double[nk];
    for (int k = 0; k < nk; k++) {
      double s = 0;
      for (int p = blockStart[k]; p < blockStart[k + 1]; p++) {
        s += dq[order[p]];
      }
      dk[k] = s;
    }
    return dk;
  }

  /** Risk-set sums u_k of e, accumulated from the last position backwards (glmnet's usk). */
  void riskSums(double[] e, double[] u) {
    double h = 0;
    for (int k = nk - 1; k >= 0; k--) {
      for (int p = blockStart[k + 1] - 1; p >= blockStart[k]; p--) {
        h += e[order[p]];
      }
      u[k] = h;
    }
  }

  /**
   * Partial log-likelihood {@code sum_i dq_i f_i - sum_k dk_k log u_k} (glmnet's risk). The first
   * sum runs over all rows of {@code f}; rows outside the risk sets must have dq = 0.
   */
  double logLik(double[] dq, double[] dk, double[] f, double[] e, double[] u) {
    riskSums(e, u);
    double a = 0;
    for (int i = 0; i < f.length; i++) {
      a += dq[i] * f[i];
    }
    double b = 0;
    for (int k = 0; k < nk; k++) {
      b += dk[k] * Math.log(u[k]);
    }
    return a - b;
  }

  /** Number of events (rows with d > 0) per block: the tie sizes m_k for Efron. */
  int[] deathCounts(double[] d) {
    int[] mk = new int[nk];
    for (int k = 0; k < nk; k++) {
      for (int p = blockStart[k]; p < blockStart[k + 1]; p++) {
        if (d[order[p]] > 0) {
          mk[k]++;
        }
      }
    }
    return mk;
  }

  /** Sum of e over the events of each block (T_k for Efron). */
  void deathSums(double[] d, double[] e, double[] t) {
    for (int k = 0; k < nk; k++) {
      double s = 0;
      for (int p = blockStart[k]; p < blockStart[k + 1]; p++) {
        if (d[order[p]] > 0) {
          s += e[order[p]];
        }
      }
      t[k] = s;
    }
  }

  /**
   * Efron partial log-likelihood
   * {@code sum_i dq_i f_i - sum_k (D_k/m_k) sum_{r<m_k} log(u_k - (r/m_k) T_k)}; equals
   * {@link #logLik} when no event times are tied.
   */
  double logLikEfron(double[] dq, double[] dk, int[] mk, double[] d, double[] f, double[] e,
      double[] u, double[] t) {
    riskSums(e, u);
    deathSums(d, e, t);
    double a = 0;
    for (int i = 0; i < f.length; i++) {
      a += dq[i] * f[i];
    }
    double b = 0;
    for (int k = 0; k < nk; k++) {
      int m = mk[k];
      double s = 0;
      for (int r = 0; r < m; r++) {
        s += Math.log(u[k] - ((double) r / m) * t[k]);
      }
      b += dk[k] / m * s;
    }
    return a - b;
  }

  /**
   * Saturated Efron log-likelihood {@code -sum_k [D_k log D_k + (D_k/m_k) sum_r log((m_k-r)/m_k)]}
   * (all weight of each risk set on its tied events; the Breslow value when m_k = 1).
   */
  static double saturatedEfron(double[] dk, int[] mk) {
    double s = 0;
    for (int k = 0; k < dk.length; k++) {
      int m = mk[k];
      double g = 0;
      for (int r = 0; r < m; r++) {
        g += Math.log((double) (m - r) / m);
      }
      s += dk[k] * Math.log(dk[k]) + dk[k] / m * g;
    }
    return -s;
  }
}
