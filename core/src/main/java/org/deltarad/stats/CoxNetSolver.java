package org.deltarad.stats;

/**
 * The elastic-net Cox path on standardised data, step for step as glmnet 4.1-6 computes it for
 * a dense matrix and right-censored response (Fortran {@code coxnet1}, reached from
 * {@code glmnet(family="cox")} via {@code coxnet()} whenever x is not sparse and there are no
 * strata).
 *
 * <p>Per lambda: a quadratic (IRLS) approximation of the Breslow partial likelihood around the
 * current linear predictor, with diagonal Hessian weights
 * {@code w_i = e_i (b_i - e_i c_i)}, {@code b_i = sum_{k: t_k <= y_i} D_k/u_k},
 * {@code c_i = sum D_k/u_k^2} and working residual {@code wr_i = d_i - e_i b_i}; cyclic coordinate
 * descent {@code beta_j <- S(beta_j v_j + <wr, x_j>, lambda alpha) / (v_j + lambda (1-alpha))}
 * until {@code max v_j delta_j^2 < thresh * nulldev}, first over the strong set, then over the
 * active set; outer loop until no coefficient moved more than that; KKT check of the excluded
 * variables. The convergence tests, strong rule, lambda recursion and path stopping rules
 * (deviance-ratio change < 1e-3 over 4 steps, deviance ratio > 0.99, dfmax, pmax) are glmnet's,
 * including its single-precision constants, because the returned path (its length and the
 * approximate coefficients) is what R users see and what we must reproduce.
 *
 * <p>Hand-written: no Java library fits the penalised Cox model.
 */
final class CoxNetSolver {
  // glmnet's internal parameters (get_int_parms); single-precision literals as in the Fortran.
  static final double FDEV = 1.0e-5;
  static final double DEV_MAX = (double) 0.999f;
  static final double MIN_FLMIN = 1.0e-6;
  static final double BIG = 9.9e35;
  static final int MIN_LAMBDAS = 5;

  /** Output of one path. */
  static final class Result {
    int lmu;
    /** Coefficients per lambda of the ever-active variables, in entry order m[0..kin-1]. */
    double[][] ao;
    int[] kin;
    int[] m;
    double[] alm;
    double[] dev;
    double dev0;
    int nlp;
    /** 0, or glmnet's non-fatal code: -ilm (maxit), -10000-ilm (pmax), -30000-ilm (numerical). */
    int jerr;
  }

  private CoxNetSolver() {}

  /**
   * @param x standardised columns x[j][i] (rows in the caller's order); unused if !ju[j]
   * @param ju false for constant (or excluded) columns
   * @param vp penalty factors, already scaled to sum to p
   * @param q observation weights summing to 1 (zero for rows outside the risk sets)
   * @param d event indicators 1/0
   * @param rs risk sets over the rows
   * @param ulam user lambdas (descending) or null for the computed sequence
   */
  static Result path(double[][] x, boolean[] ju, double[] vp, double[] q, double[] d,
      CoxRiskSets rs, double alpha, int nlam, double flmin, double[] ulam, double cthri,
      int maxit, int ne, int nx, boolean efron) {
    final int no = q.length;
    final int ni = x.length;
    final double sml = FDEV * 100.0;
    final double devmax = DEV_MAX * (double) 0.99f / (double) 0.999f;
    final double fmax = Math.log(Double.MAX_VALUE * (double) 0.1f);
    final double oma = 1.0 - alpha;
    final int nk = rs.nk;

    double[] dq = new double[no];
    for (int i = 0; i < no; i++) {
      dq[i] = d[i] * q[i];
    }
    double[] dk = rs.eventWeights(dq);
    double[] a = new double[ni];
    double[] as = new double[ni];
    double[] f = new double[no];
    double[] e = q.clone();
    double[] uu = new double[nk];
    Efron ef = efron ? new Efron(rs, d, dk) : null;
    double r0 = efron ? ef.logLik(dq, f, e, uu) : rs.logLik(dq, dk, f, e, uu);
    double rr;
    if (efron) {
      rr = CoxRiskSets.saturatedEfron(dk, ef.mk) - r0;
    } else {
      double sdk = 0;
      for (int k = 0; k < nk; k++) {
        sdk += dk[k] * Math.log(dk[k]);
      }
      rr = -(sdk + r0);
    }
    double[] w = new double[no];
    double[] wr = new double[no];
    Result res = new Result();
    res.dev0 = rr;
    res.ao = new double[nlam][];
    res.kin = new int[nlam];
    res.m = new int[nx];
    res.alm = new double[nlam];
    res.dev = new double[nlam];
    if (!(efron ? ef.outer(dq, e, wr, w, uu) : outer(rs, dq, dk, e, wr, w, uu))) {
      res.jerr = -30000;
      return res;
    }
    double alf = 1.0;
    if (flmin < 1.0) {
      double eqs = Math.max(MIN_FLMIN, flmin);
      alf = Math.pow(eqs, (double) (1.0f / (nlam - 1)));
    }
    int[] m = res.m;
    int[] mm = new int[ni];
    boolean[] ixx = new boolean[ni];
    double[] v = new double[ni];
    double[] ga = new double[ni];
    int nin = 0;
    int nlp = 0;
    int mnl = Math.min(MIN_LAMBDAS, nlam);
    double cthr = cthri * rr;
    int[] list = new int[ni];
    int listed = 0;
    for (int j = 0; j < ni; j++) {
      if (ju[j]) {
        list[listed++] = j;
      }
    }
    absDots(wr, x, list, listed, ga);
    Sweeper sweeper = new Sweeper(x, a, v, vp, wr, w, f, m, mm, nx);
    double al = 0.0;
    lambdas:
    for (int ilm = 0; ilm < nlam; ilm++) {
      double al0 = al;
      if (flmin >= 1.0) {
        al = ulam[ilm];
      } else if (ilm > 1) {
        al = al * alf;
      } else if (ilm == 0) {
        al = BIG;
      } else {
        al0 = 0.0;
        for (int j = 0; j < ni; j++) {
          if (ju[j] && vp[j] > 0.0) {
            al0 = Math.max(al0, ga[j] / vp[j]);
          }
        }
        al0 = al0 / Math.max(alpha, 1.0e-3);
        al = alf * al0;
      }
      double sa = alpha * al;
      double omal = oma * al;
      double tlam = alpha * (2.0 * al - al0);
      for (int k = 0; k < ni; k++) {
        if (!ixx[k] && ju[k] && ga[k] > tlam * vp[k]) {
          ixx[k] = true;
        }
      }
      boolean overflow = false;
      while (true) { // outer (IRLS) loop
        if (nlp > maxit) {
          res.jerr = -(ilm + 1);
          break lambdas;
        }
        for (int l = 0; l < nin; l++) {
          as[m[l]] = a[m[l]];
        }
        listed = 0;
        for (int j = 0; j < ni; j++) {
          if (ixx[j]) {
            list[listed++] = j;
          }
        }
        curvatures(w, x, list, listed, v);
        cd:
        while (true) {
          nlp++;
          // the strong set in index order, entering variables as they become non-zero
          sweeper.nin = nin;
          double dli = sweeper.sweep(list, listed, sa, omal, true);
          nin = sweeper.nin;
          if (nin > nx) {
            overflow = true;
            break;
          }
          if (dli < cthr) {
            break;
          }
          if (nlp > maxit) {
            res.jerr = -(ilm + 1);
            break lambdas;
          }
          while (true) { // active set
            nlp++;
            dli = sweeper.sweep(m, nin, sa, omal, false);
            if (dli < cthr) {
              continue cd;
            }
            if (nlp > maxit) {
              res.jerr = -(ilm + 1);
              break lambdas;
            }
          }
        }
        if (overflow) {
          break;
        }
        for (int i = 0; i < no; i++) {
          double fi = f[i];
          e[i] = q[i] * Math.exp(Math.copySign(Math.min(Math.abs(fi), fmax), fi));
        }
        if (!(efron ? ef.outer(dq, e, wr, w, uu) : outer(rs, dq, dk, e, wr, w, uu))) {
          res.jerr = -30000 - (ilm + 1);
          break lambdas;
        }
        boolean moved = false;
        for (int l = 0; l < nin; l++) {
          int k = m[l];
          double dd = a[k] - as[k];
          if (!(v[k] * (dd * dd) < cthr)) {
            moved = true;
            break;
          }
        }
        if (moved) {
          continue;
        }
        boolean violated = false;
        int outside = 0;
        for (int k = 0; k < ni; k++) {
          if (!ixx[k] && ju[k]) {
            list[outside++] = k;
          }
        }
        absDots(wr, x, list, outside, ga);
        for (int o = 0; o < outside; o++) {
          int k = list[o];
          if (ga[k] > sa * vp[k]) {
            ixx[k] = true;
            violated = true;
          }
        }
        if (!violated) {
          break;
        }
      }
      if (nin > nx) {
        res.jerr = -10000 - (ilm + 1);
        break;
      }
      double[] col = new double[nin];
      for (int l = 0; l < nin; l++) {
        col[l] = a[m[l]];
      }
      res.ao[ilm] = col;
      res.kin[ilm] = nin;
      res.alm[ilm] = al;
      res.lmu = ilm + 1;
      double lik = efron ? ef.logLik(dq, f, e, uu) : rs.logLik(dq, dk, f, e, uu);
      res.dev[ilm] = (lik - r0) / rr;
      if (ilm + 1 < mnl || flmin >= 1.0) {
        continue;
      }
      int me = 0;
      for (int l = 0; l < nin; l++) {
        if (col[l] != 0.0) {
          me++;
        }
      }
      if (me > ne) {
        break;
      }
      if ((res.dev[ilm] - res.dev[ilm - mnl + 1]) / res.dev[ilm] < sml) {
        break;
      }
      if (res.dev[ilm] > devmax) {
        break;
      }
    }
    res.nlp = nlp;
    return res;
  }

  /**
   * Cyclic coordinate descent passes, glmnet's arithmetic to the bit, arranged around the one
   * cost that cannot shrink without changing it: each coordinate's {@code <wr, x_j>} is a sum
   * of n products taken in order, so a chain of n dependent additions. A pass used to take one
   * chain per coordinate plus a separate pass to update wr and f. Here the next coordinate's
   * sum is accumulated in the same loop that updates wr, from the updated values in the same
   * order (the same double); and where no update comes between, two coordinates' sums run as
   * two chains in one loop, the second kept if the first coordinate does not move. Together
   * with the batched sums of {@link #absDots} and {@link #curvatures}: leave-one-out with
   * n = 2,000, p = 100 took 0.73-1.02 (median 0.77) of the previous wall time, paired on a
   * loaded host (docs/benchmarks-core.md).
   */
  static final class Sweeper {
    private final double[][] x;
    private final double[] a;
    private final double[] v;
    private final double[] vp;
    private final double[] wr;
    private final double[] w;
    private final double[] f;
    private final int[] m;
    private final int[] mm;
    private final int nx;
    /** Number of active (ever non-zero) variables, m[0 .. nin). */
    int nin;

    Sweeper(double[][] x, double[] a, double[] v, double[] vp, double[] wr, double[] w,
        double[] f, int[] m, int[] mm, int nx) {
      this.x = x;
      this.a = a;
      this.v = v;
      this.vp = vp;
      this.wr = wr;
      this.w = w;
      this.f = f;
      this.m = m;
      this.mm = mm;
      this.nx = nx;
    }

    /**
     * One pass over coordinates order[0 .. count): the soft-thresholded update
     * {@code beta_j <- S(beta_j v_j + <wr, x_j>, sa vp_j) / (v_j + omal vp_j)}, wr and f kept
     * current. With {@code enter}, a coordinate becoming non-zero for the first time joins the
     * active list; the pass stops once more than nx have (nin > nx tells). Returns
     * max v_j delta_j^2.
     */
    double sweep(int[] order, int count, double sa, double omal, boolean enter) {
      double dli = 0.0;
      int n = wr.length;
      boolean ready = false; // next holds <wr, x_order[k]> for the current wr
      double next = 0.0;
      for (int k = 0; k < count; k++) {
        int j = order[k];
        double[] xj = x[j];
        double[] xn = k + 1 < count ? x[order[k + 1]] : null;
        double dot;
        double ahead = 0.0;
        boolean haveAhead = false;
        if (ready) {
          dot = next;
        } else if (xn != null) {
          double s = 0;
          double t = 0;
          for (int i = 0; i < n; i++) {
            double r = wr[i];
            s += r * xj[i];
            t += r * xn[i];
          }
          dot = s;
          ahead = t;
          haveAhead = true;
        } else {
          dot = dot(wr, xj);
        }
        ready = false;
        double u = a[j] * v[j] + dot;
        double at;
        if (Math.abs(u) > vp[j] * sa) {
          at = Math.copySign(Math.abs(u) - vp[j] * sa, u) / (v[j] + vp[j] * omal);
        } else {
          at = 0.0;
        }
        if (at == a[j]) {
          // wr unchanged: the sum taken ahead is the next coordinate's
          next = ahead;
          ready = haveAhead;
          continue;
        }
        double del = at - a[j];
        a[j] = at;
        if (xn != null) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            double r = wr[i] - del * w[i] * xj[i];
            wr[i] = r;
            f[i] += del * xj[i];
            s += r * xn[i];
          }
          next = s;
          ready = true;
        } else {
          for (int i = 0; i < n; i++) {
            wr[i] -= del * w[i] * xj[i];
            f[i] += del * xj[i];
          }
        }
        if (del != 0.0) {
          dli = Math.max(dli, v[j] * (del * del));
          if (enter && mm[j] == 0) {
            nin++;
            if (nin > nx) {
              return dli;
            }
            mm[j] = nin;
            m[nin - 1] = j;
          }
        }
      }
      return dli;
    }
  }

  /**
   * out[j] = |<r, x_j>| for j in cols[0 .. count), each sum in index order as {@link #dot};
   * eight (then four) columns per pass, so as many independent chains of additions instead of
   * one: eight took 0.73 of the time of four per column (microbenchmark, n = 2,000), still bound
   * by the additions' latency with four.
   */
  static void absDots(double[] r, double[][] x, int[] cols, int count, double[] out) {
    int n = r.length;
    int c = 0;
    for (; c + 7 < count; c += 8) {
      double[] x0 = x[cols[c]];
      double[] x1 = x[cols[c + 1]];
      double[] x2 = x[cols[c + 2]];
      double[] x3 = x[cols[c + 3]];
      double[] x4 = x[cols[c + 4]];
      double[] x5 = x[cols[c + 5]];
      double[] x6 = x[cols[c + 6]];
      double[] x7 = x[cols[c + 7]];
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double s4 = 0;
      double s5 = 0;
      double s6 = 0;
      double s7 = 0;
      for (int i = 0; i < n; i++) {
        double ri = r[i];
        s0 += ri * x0[i];
        s1 += ri * x1[i];
        s2 += ri * x2[i];
        s3 += ri * x3[i];
        s4 += ri * x4[i];
        s5 += ri * x5[i];
        s6 += ri * x6[i];
        s7 += ri * x7[i];
      }
      out[cols[c]] = Math.abs(s0);
      out[cols[c + 1]] = Math.abs(s1);
      out[cols[c + 2]] = Math.abs(s2);
      out[cols[c + 3]] = Math.abs(s3);
      out[cols[c + 4]] = Math.abs(s4);
      out[cols[c + 5]] = Math.abs(s5);
      out[cols[c + 6]] = Math.abs(s6);
      out[cols[c + 7]] = Math.abs(s7);
    }
    for (; c + 3 < count; c += 4) {
      double[] x0 = x[cols[c]];
      double[] x1 = x[cols[c + 1]];
      double[] x2 = x[cols[c + 2]];
      double[] x3 = x[cols[c + 3]];
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int i = 0; i < n; i++) {
        double ri = r[i];
        s0 += ri * x0[i];
        s1 += ri * x1[i];
        s2 += ri * x2[i];
        s3 += ri * x3[i];
      }
      out[cols[c]] = Math.abs(s0);
      out[cols[c + 1]] = Math.abs(s1);
      out[cols[c + 2]] = Math.abs(s2);
      out[cols[c + 3]] = Math.abs(s3);
    }
    for (; c < count; c++) {
      out[cols[c]] = Math.abs(dot(r, x[cols[c]]));
    }
  }

  /**
   * v[j] = sum_i w_i x_ij^2 for j in cols[0 .. count), each in index order (glmnet's xv); four
   * columns per pass as {@link #absDots} (eight: 0.73 of the time of four per column).
   */
  static void curvatures(double[] w, double[][] x, int[] cols, int count, double[] v) {
    int n = w.length;
    int c = 0;
    for (; c + 7 < count; c += 8) {
      double[] x0 = x[cols[c]];
      double[] x1 = x[cols[c + 1]];
      double[] x2 = x[cols[c + 2]];
      double[] x3 = x[cols[c + 3]];
      double[] x4 = x[cols[c + 4]];
      double[] x5 = x[cols[c + 5]];
      double[] x6 = x[cols[c + 6]];
      double[] x7 = x[cols[c + 7]];
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double s4 = 0;
      double s5 = 0;
      double s6 = 0;
      double s7 = 0;
      for (int i = 0; i < n; i++) {
        double wi = w[i];
        s0 += wi * (x0[i] * x0[i]);
        s1 += wi * (x1[i] * x1[i]);
        s2 += wi * (x2[i] * x2[i]);
        s3 += wi * (x3[i] * x3[i]);
        s4 += wi * (x4[i] * x4[i]);
        s5 += wi * (x5[i] * x5[i]);
        s6 += wi * (x6[i] * x6[i]);
        s7 += wi * (x7[i] * x7[i]);
      }
      v[cols[c]] = s0;
      v[cols[c + 1]] = s1;
      v[cols[c + 2]] = s2;
      v[cols[c + 3]] = s3;
      v[cols[c + 4]] = s4;
      v[cols[c + 5]] = s5;
      v[cols[c + 6]] = s6;
      v[cols[c + 7]] = s7;
    }
    for (; c + 3 < count; c += 4) {
      double[] x0 = x[cols[c]];
      double[] x1 = x[cols[c + 1]];
      double[] x2 = x[cols[c + 2]];
      double[] x3 = x[cols[c + 3]];
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int i = 0; i < n; i++) {
        double wi = w[i];
        s0 += wi * (x0[i] * x0[i]);
        s1 += wi * (x1[i] * x1[i]);
        s2 += wi * (x2[i] * x2[i]);
        s3 += wi * (x3[i] * x3[i]);
      }
      v[cols[c]] = s0;
      v[cols[c + 1]] = s1;
      v[cols[c + 2]] = s2;
      v[cols[c + 3]] = s3;
    }
    for (; c < count; c++) {
      double[] xj = x[cols[c]];
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += w[i] * (xj[i] * xj[i]);
      }
      v[cols[c]] = s;
    }
  }

  /** Hessian diagonal w and working residual wr at e (glmnet's outer); false if some w <= 0. */
  static boolean outer(CoxRiskSets rs, double[] dq, double[] dk, double[] e, double[] wr,
      double[] w, double[] u) {
    rs.riskSums(e, u);
    double b = 0;
    double c = 0;
    int[] order = rs.order;
    for (int k = 0; k < rs.nk; k++) {
      if (k == 0) {
        b = dk[0] / u[0];
        c = dk[0] / (u[0] * u[0]);
      } else {
        b += dk[k] / u[k];
        c += dk[k] / (u[k] * u[k]);
      }
      for (int p = rs.blockStart[k]; p < rs.blockStart[k + 1]; p++) {
        int i = order[p];
        double wi = e[i] * (b - e[i] * c);
        if (!(wi > 0.0)) {
          return false;
        }
        w[i] = wi;
        wr[i] = dq[i] - e[i] * b;
      }
    }
    return true;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Efron's tie correction (our extension; glmnet has Breslow only). With tied events D_k of size
   * m at t_k, the log term is {@code (D_k/m) sum_r log(u_k - (r/m) T_k)}; a row in the risk set
   * gets factor c = 1 in each term, an event of block k itself c = 1 - r/m, so
   * {@code wr_i = dq_i - e_i b_i}, {@code w_i = e_i b_i - e_i^2 c_i} with
   * {@code b_i = sum (D_k/m) c / den}, {@code c_i = sum (D_k/m) c^2 / den^2}.
   */
  static final class Efron {
    final CoxRiskSets rs;
    final double[] d;
    final double[] dk;
    final int[] mk;
    final double[] t;

    Efron(CoxRiskSets rs, double[] d, double[] dk) {
      this.rs = rs;
      this.d = d;
      this.dk = dk;
      this.mk = rs.deathCounts(d);
      this.t = new double[rs.nk];
    }

    double logLik(double[] dq, double[] f, double[] e, double[] u) {
      return rs.logLikEfron(dq, dk, mk, d, f, e, u, t);
    }

    boolean outer(double[] dq, double[] e, double[] wr, double[] w, double[] u) {
      rs.riskSums(e, u);
      rs.deathSums(d, e, t);
      double b = 0;
      double c = 0;
      int[] order = rs.order;
      for (int k = 0; k < rs.nk; k++) {
        int m = mk[k];
        double g = dk[k] / m;
        double b1 = 0;
        double c1 = 0;
        double bd = 0;
        double cd = 0;
        for (int r = 0; r < m; r++) {
          double frac = (double) r / m;
          double den = u[k] - frac * t[k];
          double inv = g / den;
          double inv2 = g / (den * den);
          double cr = 1 - frac;
          b1 += inv;
          c1 += inv2;
          bd += cr * inv;
          cd += cr * cr * inv2;
        }
        double bDeath = b + bd;
        double cDeath = c + cd;
        b += b1;
        c += c1;
        for (int p = rs.blockStart[k]; p < rs.blockStart[k + 1]; p++) {
          int i = order[p];
          boolean death = d[i] > 0;
          double bi = death ? bDeath : b;
          double ci = death ? cDeath : c;
          double wi = e[i] * (bi - e[i] * ci);
          if (!(wi > 0.0)) {
            return false;
          }
          w[i] = wi;
          wr[i] = dq[i] - e[i] * bi;
        }
      }
      return true;
    }
  }
}
