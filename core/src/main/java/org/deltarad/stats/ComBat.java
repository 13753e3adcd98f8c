package org.deltarad.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * ComBat batch harmonisation with parametric empirical Bayes priors (Johnson, Li and Rabinovic
 * 2007), as {@code sva::ComBat(dat, batch, mod, par.prior = TRUE)} (sva 3.46) and neuroCombat.
 *
 * <p>Per feature g, sample j in batch i: {@code y = alpha + X beta + gamma_i + delta_i e}. The
 * standardised data {@code z = (y - alpha - X beta) / sigma} (sigma^2 the 1/n residual
 * variance) give per-batch location {@code gamma_hat} (mean) and scale {@code delta_hat}
 * (sample variance); across features, gamma_hat ~ N(gamma_bar, tau^2) and delta_hat ~
 * InvGamma(a, b) by the method of moments ({@code a = (2 s^2 + m^2)/s^2},
 * {@code b = (m s^2 + m^3)/s^2}). The posterior means
 * {@code gamma* = (n tau^2 gamma_hat + delta* gamma_bar)/(n tau^2 + delta*)} and
 * {@code delta* = (sum (z - gamma*)^2 / 2 + b)/(n/2 + a - 1)} are iterated jointly for all
 * features of a batch until the largest relative change (signed, as sva computes it) is below
 * 1e-4. Adjusted: {@code (z - gamma*)/sqrt(delta*) * sigma + alpha + X beta}.
 *
 * <p>As sva: features with zero variance inside any batch are returned unchanged; a batch of
 * one sample switches to the mean-only model ({@code delta* = 1}, one posterior step).
 */
public final class ComBat {
  private static final double CONV = 1e-4;

  private ComBat() {}

  /**
   * @param data features x samples ([feature][sample])
   * @param batch batch label per sample (levels sorted as R factors)
   * @param covariates biological covariates to preserve, [sample][covariate], or null
   * @param meanOnly adjust location only (sva's {@code mean.only})
   * @return harmonised data, same shape
   */
  public static double[][] harmonize(double[][] data, String[] batch, double[][] covariates,
      boolean meanOnly) {
    int nf = data.length;
    if (nf < 2) {
      throw new IllegalArgumentException("ComBat: need at least 2 features to estimate priors, got "
          + nf);
    }
    int n = batch.length;
    for (int g = 0; g < nf; g++) {
      if (data[g].length != n) {
        throw new IllegalArgumentException("ComBat: feature " + (g + 1) + " has " + data[g].length
            + " samples, batch labels " + n);
      }
      Ranks.requireFinite("ComBat feature " + (g + 1), data[g]);
    }
    TreeMap<String, List<Integer>> levels = new TreeMap<>();
    for (int j = 0; j < n; j++) {
      if (batch[j] == null) {
        throw new IllegalArgumentException("ComBat: sample " + (j + 1) + " has no batch");
      }
      levels.computeIfAbsent(batch[j], k -> new ArrayList<>()).add(j);
    }
    int nb = levels.size();
    if (nb < 2) {
      throw new IllegalArgumentException("ComBat: need at least 2 batches, got " + nb);
    }
    int[][] members = new int[nb][];
    int[] batchOf = new int[n];
    int b0 = 0;
    for (List<Integer> m : levels.values()) {
      members[b0] = m.stream().mapToInt(Integer::intValue).toArray();
      for (int j : members[b0]) {
        batchOf[j] = b0;
      }
      if (m.size() == 1) {
        meanOnly = true;
      }
      b0++;
    }
    // features constant within a batch (of more than one sample) are left as they are
    List<Integer> keep = new ArrayList<>();
    for (int g = 0; g < nf; g++) {
      boolean constant = false;
      for (int[] mb : members) {
        if (mb.length > 1 && variance(data[g], mb) == 0) {
          constant = true;
        }
      }
      if (!constant) {
        keep.add(g);
      }
    }
    double[][] out = new double[nf][];
    for (int g = 0; g < nf; g++) {
      out[g] = data[g].clone();
    }
    int nk = keep.size();
    if (nk < 2) {
      throw new IllegalArgumentException("ComBat: fewer than 2 features vary within every batch");
    }
    // design: batch indicators, then covariates (columns that are all 1 dropped, as sva)
    int q = covariates == null ? 0 : covariates[0].length;
    List<double[]> cols = new ArrayList<>();
    for (int b = 0; b < nb; b++) {
      double[] c = new double[n];
      for (int j : members[b]) {
        c[j] = 1;
      }
      cols.add(c);
    }
    for (int c = 0; c < q; c++) {
      double[] col = new double[n];
      boolean allOne = true;
      for (int j = 0; j < n; j++) {
        if (covariates[j].length != q) {
          throw new IllegalArgumentException("ComBat: covariate row " + (j + 1) + " is ragged");
        }
        col[j] = covariates[j][c];
        allOne &= col[j] == 1;
      }
      if (!allOne) {
        cols.add(col);
      }
    }
    if (covariates != null && covariates.length != n) {
      throw new IllegalArgumentException("ComBat: " + covariates.length + " covariate rows for "
          + n + " samples");
    }
    int p = cols.size();
    double[][] x = new double[n][p];
    for (int c = 0; c < p; c++) {
      for (int j = 0; j < n; j++) {
        x[j][c] = cols.get(c)[j];
      }
    }
    RealMatrix xm = new Array2DRowRealMatrix(x, false);
    LUDecomposition lu = new LUDecomposition(xm.transpose().multiply(xm));
    if (!lu.getSolver().isNonSingular()) {
      throw new IllegalArgumentException("ComBat: covariates are confounded with batch");
    }
    double[] w = new double[nb];
    for (int b = 0; b < nb; b++) {
      w[b] = (double) members[b].length / n;
    }
    double[][] z = new double[nk][n];
    double[] sd = new double[nk];
    double[][] stand = new double[nk][n];
    double[][] gammaHat = new double[nb][nk];
    double[][] deltaHat = new double[nb][nk];
    for (int k = 0; k < nk; k++) {
      double[] y = data[keep.get(k)];
      double[] beta = lu.getSolver().solve(xm.transpose().operate(
          new org.apache.commons.math3.linear.ArrayRealVector(y, false))).toArray();
      double grand = 0;
      for (int b = 0; b < nb; b++) {
        grand += w[b] * beta[b];
      }
      double ss = 0;
      for (int j = 0; j < n; j++) {
        double fit = 0;
        double cov = 0;
        for (int c = 0; c < p; c++) {
          fit += x[j][c] * beta[c];
          if (c >= nb) {
            cov += x[j][c] * beta[c];
          }
        }
        ss += (y[j] - fit) * (y[j] - fit);
        stand[k][j] = grand + cov;
      }
      sd[k] = Math.sqrt(ss / n);
      for (int j = 0; j < n; j++) {
        z[k][j] = (y[j] - stand[k][j]) / sd[k];
      }
      for (int b = 0; b < nb; b++) {
        gammaHat[b][k] = mean(z[k], members[b]);
        deltaHat[b][k] = meanOnly ? 1 : variance(z[k], members[b]);
      }
    }
    double[][] gammaStar = new double[nb][];
    double[][] deltaStar = new double[nb][];
    for (int b = 0; b < nb; b++) {
      double gammaBar = mean(gammaHat[b], null);
      double t2 = variance(gammaHat[b], null);
      if (meanOnly) {
        gammaStar[b] = new double[nk];
        deltaStar[b] = new double[nk];
        for (int k = 0; k < nk; k++) {
          gammaStar[b][k] = postMean(gammaHat[b][k], gammaBar, 1, 1, t2);
          deltaStar[b][k] = 1;
        }
        continue;
      }
      double m = mean(deltaHat[b], null);
      double s2 = variance(deltaHat[b], null);
      double a = (2 * s2 + m * m) / s2;
      double bp = (m * s2 + m * m * m) / s2;
      int nbj = members[b].length;
      double[] gOld = gammaHat[b].clone();
      double[] dOld = deltaHat[b].clone();
      double[] gNew = new double[nk];
      double[] dNew = new double[nk];
      double change = 1;
      int iter = 0;
      while (change > CONV) {
        if (++iter > 100_000) {
          throw new IllegalStateException("ComBat: empirical Bayes iteration did not converge");
        }
        change = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < nk; k++) {
          gNew[k] = postMean(gammaHat[b][k], gammaBar, nbj, dOld[k], t2);
          double sum2 = 0;
          for (int j : members[b]) {
            sum2 += (z[k][j] - gNew[k]) * (z[k][j] - gNew[k]);
          }
          dNew[k] = (0.5 * sum2 + bp) / (nbj / 2.0 + a - 1);
        }
        // sva: max(abs(g.new - g.old)/g.old, abs(d.new - d.old)/d.old), signed denominator
        for (int k = 0; k < nk; k++) {
          change = Math.max(change, Math.abs(gNew[k] - gOld[k]) / gOld[k]);
        }
        for (int k = 0; k < nk; k++) {
          change = Math.max(change, Math.abs(dNew[k] - dOld[k]) / dOld[k]);
        }
        System.arraycopy(gNew, 0, gOld, 0, nk);
        System.arraycopy(dNew, 0, dOld, 0, nk);
      }
      gammaStar[b] = gNew.clone();
      deltaStar[b] = dNew.clone();
    }
    for (int k = 0; k < nk; k++) {
      double[] o = out[keep.get(k)];
      for (int j = 0; j < n; j++) {
        int b = batchOf[j];
        o[j] = (z[k][j] - gammaStar[b][k]) / Math.sqrt(deltaStar[b][k]) * sd[k] + stand[k][j];
      }
    }
    return out;
  }

  private static double postMean(double gHat, double gBar, double n, double dStar, double t2) {
    return (t2 * n * gHat + dStar * gBar) / (t2 * n + dStar);
  }

  private static double mean(double[] v, int[] idx) {
    double s = 0;
    int n = idx == null ? v.length : idx.length;
    for (int i = 0; i < n; i++) {
      s += v[idx == null ? i : idx[i]];
    }
    return s / n;
  }

  private static double variance(double[] v, int[] idx) {
    double m = mean(v, idx);
    double s = 0;
    int n = idx == null ? v.length : idx.length;
    for (int i = 0; i < n; i++) {
      double d = v[idx == null ? i : idx[i]] - m;
      s += d * d;
    }
    return s / (n - 1);
  }
}

