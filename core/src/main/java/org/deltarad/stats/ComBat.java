package org.deltarad.stats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
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
 *
 * <p>{@link #fit} estimates the adjustment once and {@link Model#apply} applies it to any samples
 * of the fitted batches (neuroCombat's {@code neuroCombatFromTraining}); {@link #harmonize} is
 * {@code fit(...).apply(...)} on the same data.
 */
public final class ComBat {
  private static final double CONV = 1e-4;

  private ComBat() {}

  /**
   * Fits and applies ComBat to the same data: {@code fit(data, batch, covariates, meanOnly)
   * .apply(data, batch, covariates)}.
   *
   * @param data features x samples ([feature][sample])
   * @param batch batch label per sample (levels sorted as R factors)
   * @param covariates biological covariates to preserve, [sample][covariate], or null
   * @param meanOnly adjust location only (sva's {@code mean.only})
   * @return harmonised data, same shape
   */
  public static double[][] harmonize(double[][] data, String[] batch, double[][] covariates,
      boolean meanOnly) {
    return fit(data, batch, covariates, meanOnly).apply(data, batch, covariates);
  }

  /**
   * Estimates the ComBat adjustment (regression {@code beta}, grand mean {@code alpha}, pooled
   * {@code sigma}, posterior {@code gamma*}, {@code delta*}) without adjusting anything.
   *
   * @param data features x samples ([feature][sample]), at least 2 features
   * @param batch batch label per sample, at least 2 distinct labels
   * @param covariates biological covariates to preserve, [sample][covariate], or null
   * @param meanOnly adjust location only (forced on when a batch has a single sample)
   * @return the fitted model, to {@link Model#apply} to these or other samples
   */
  public static Model fit(double[][] data, String[] batch, double[][] covariates,
      boolean meanOnly) {
    int nf = data.length;
    if (nf < 2) {
      throw new IllegalArgumentException("ComBat: need at least 2 features to estimate priors, got "
          + nf);
    }
    checkSamples(data, batch);
    String[] levels = levels(batch);
    int nb = levels.length;
    if (nb < 2) {
      throw new IllegalArgumentException("ComBat: need at least 2 batches, got " + nb);
    }
    int[][] members = members(levels, batch);
    for (int[] m : members) {
      meanOnly |= m.length == 1;
    }
    int[] keep = keptFeatures(data, members);
    if (keep.length < 2) {
      throw new IllegalArgumentException("ComBat: fewer than 2 features vary within every batch");
    }
    int q = covariates == null ? 0 : covariateWidth(covariates, batch.length);
    int[] covCols = usedCovariates(covariates, q);
    return estimate(data, levels, members, keep, covariates, q, covCols, meanOnly);
  }

  /** Regression and empirical Bayes steps of {@link #fit}, on validated inputs. */
  private static Model estimate(double[][] data, String[] levels, int[][] members, int[] keep,
      double[][] covariates, int q, int[] covCols, boolean meanOnly) {
    int n = data[0].length;
    int nb = levels.length;
    int nk = keep.length;
    double[][] x = design(members, n, covariates, covCols);
    int p = x[0].length;
    RealMatrix xm = new Array2DRowRealMatrix(x, false);
    RealMatrix xt = xm.transpose();
    DecompositionSolver solver = new LUDecomposition(xt.multiply(xm)).getSolver();
    if (!solver.isNonSingular()) {
      throw new IllegalArgumentException("ComBat: covariates are confounded with batch");
    }
    double[] w = new double[nb];
    for (int b = 0; b < nb; b++) {
      w[b] = (double) members[b].length / n;
    }
    double[][] beta = new double[nk][];
    double[] grand = new double[nk];
    double[] sd = new double[nk];
    double[][] z = new double[nk][n];
    double[][] gammaHat = new double[nb][nk];
    double[][] deltaHat = new double[nb][nk];
    for (int k = 0; k < nk; k++) {
      double[] y = data[keep[k]];
      beta[k] = solver.solve(xt.operate(new ArrayRealVector(y, false))).toArray();
      for (int b = 0; b < nb; b++) {
        grand[k] += w[b] * beta[k][b];
      }
      double ss = 0;
      for (int j = 0; j < n; j++) {
        double fit = 0;
        for (int c = 0; c < p; c++) {
          fit += x[j][c] * beta[k][c];
        }
        ss += (y[j] - fit) * (y[j] - fit);
      }
      sd[k] = Math.sqrt(ss / n);
      for (int j = 0; j < n; j++) {
        double[] row = covariates == null ? null : covariates[j];
        z[k][j] = (y[j] - stand(grand[k], beta[k], nb, row, covCols)) / sd[k];
      }
      for (int b = 0; b < nb; b++) {
        gammaHat[b][k] = mean(z[k], members[b]);
        deltaHat[b][k] = meanOnly ? 1 : variance(z[k], members[b]);
      }
    }
    double[][] gammaStar = new double[nb][];
    double[][] deltaStar = new double[nb][];
    for (int b = 0; b < nb; b++) {
      double[][] post = meanOnly ? meanOnlyPosterior(gammaHat[b])
          : posterior(gammaHat[b], deltaHat[b], z, members[b]);
      gammaStar[b] = post[0];
      deltaStar[b] = post[1];
    }
    return new Model(levels, data.length, keep, q, covCols, beta, grand, sd, gammaStar,
        deltaStar, meanOnly);
  }

  /**
   * Location/scale model without the batch effect, {@code alpha + X beta}: the grand mean plus
   * the used covariate columns ({@code beta} indices from {@code nb} on), summed in column order.
   */
  private static double stand(double grand, double[] beta, int nb, double[] covRow,
      int[] covCols) {
    double cov = 0;
    for (int i = 0; i < covCols.length; i++) {
      cov += covRow[covCols[i]] * beta[nb + i];
    }
    return grand + cov;
  }

  /**
   * Mean-only posterior, one step with n = 1 and delta* = 1 as sva:
   * {@code gamma* = (tau^2 gamma_hat + gamma_bar)/(tau^2 + 1)}.
   */
  private static double[][] meanOnlyPosterior(double[] gammaHat) {
    int nk = gammaHat.length;
    double gammaBar = mean(gammaHat, null);
    double t2 = variance(gammaHat, null);
    double[] gs = new double[nk];
    double[] ds = new double[nk];
    for (int k = 0; k < nk; k++) {
      gs[k] = postMean(gammaHat[k], gammaBar, 1, 1, t2);
      ds[k] = 1;
    }
    return new double[][] {gs, ds};
  }

  /** Joint iteration of {@code gamma*} and {@code delta*} for one batch (sva's {@code it.sol}). */
  private static double[][] posterior(double[] gammaHat, double[] deltaHat, double[][] z,
      int[] members) {
    int nk = gammaHat.length;
    double gammaBar = mean(gammaHat, null);
    double t2 = variance(gammaHat, null);
    double m = mean(deltaHat, null);
    double s2 = variance(deltaHat, null);
    double a = (2 * s2 + m * m) / s2;
    double bp = (m * s2 + m * m * m) / s2;
    int nbj = members.length;
    double[] gOld = gammaHat.clone();
    double[] dOld = deltaHat.clone();
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
        gNew[k] = postMean(gammaHat[k], gammaBar, nbj, dOld[k], t2);
        double sum2 = 0;
        for (int j : members) {
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
    return new double[][] {gNew.clone(), dNew.clone()};
  }

  /** Every feature row has one finite value per batch label. */
  private static void checkSamples(double[][] data, String[] batch) {
    int n = batch.length;
    for (int g = 0; g < data.length; g++) {
      if (data[g].length != n) {
        throw new IllegalArgumentException("ComBat: feature " + (g + 1) + " has " + data[g].length
            + " samples, batch labels " + n);
      }
      Ranks.requireFinite("ComBat feature " + (g + 1), data[g]);
    }
    for (int j = 0; j < n; j++) {
      if (batch[j] == null) {
        throw new IllegalArgumentException("ComBat: sample " + (j + 1) + " has no batch");
      }
    }
  }

  /** Distinct batch labels, sorted (String order, as R factor levels in the C locale). */
  private static String[] levels(String[] batch) {
    return Arrays.stream(batch).distinct().sorted().toArray(String[]::new);
  }

  /** Sample indices of each level, in sample order. */
  private static int[][] members(String[] levels, String[] batch) {
    TreeMap<String, List<Integer>> by = new TreeMap<>();
    for (int j = 0; j < batch.length; j++) {
      by.computeIfAbsent(batch[j], k -> new ArrayList<>()).add(j);
    }
    int[][] m = new int[levels.length][];
    for (int b = 0; b < levels.length; b++) {
      m[b] = by.get(levels[b]).stream().mapToInt(Integer::intValue).toArray();
    }
    return m;
  }

  /** Features not constant within any batch of more than one sample. */
  private static int[] keptFeatures(double[][] data, int[][] members) {
    List<Integer> keep = new ArrayList<>();
    for (int g = 0; g < data.length; g++) {
      boolean constant = false;
      for (int[] mb : members) {
        constant |= mb.length > 1 && variance(data[g], mb) == 0;
      }
      if (!constant) {
        keep.add(g);
      }
    }
    return keep.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Width of a rectangular covariate table with one row per sample. */
  private static int covariateWidth(double[][] covariates, int n) {
    if (covariates.length != n) {
      throw new IllegalArgumentException("ComBat: " + covariates.length + " covariate rows for "
          + n + " samples");
    }
    int q = covariates[0].length;
    for (int j = 0; j < n; j++) {
      if (covariates[j].length != q) {
        throw new IllegalArgumentException("ComBat: covariate row " + (j + 1) + " is ragged");
      }
    }
    return q;
  }

  /** Covariate columns kept in the design: all but those equal to 1 everywhere (as sva). */
  private static int[] usedCovariates(double[][] covariates, int q) {
    List<Integer> used = new ArrayList<>();
    for (int c = 0; c < q; c++) {
      boolean allOne = true;
      for (double[] row : covariates) {
        allOne &= row[c] == 1;
      }
      if (!allOne) {
        used.add(c);
      }
    }
    return used.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Design matrix [sample][column]: batch indicators, then the used covariate columns. */
  private static double[][] design(int[][] members, int n, double[][] covariates,
      int[] covCols) {
    int nb = members.length;
    double[][] x = new double[n][nb + covCols.length];
    for (int b = 0; b < nb; b++) {
      for (int j : members[b]) {
        x[j][b] = 1;
      }
    }
    for (int i = 0; i < covCols.length; i++) {
      for (int j = 0; j < n; j++) {
        x[j][nb + i] = covariates[j][covCols[i]];
      }
    }
    return x;
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

  /** The adjusted value of y: {@code ((y - stand)/sigma - gamma*)/sqrt(delta*) * sigma + stand}. */
  private static double adjust(double y, double stand, double sigma, double gammaStar,
      double deltaStar) {
    double z = (y - stand) / sigma;
    return (z - gammaStar) / Math.sqrt(deltaStar) * sigma + stand;
  }

  /**
   * One feature's fitted adjustment, self-contained so it can be applied to new samples of the
   * fitted batches (what {@code score} saves and reads back): the batch levels (sorted, as
   * {@link Model#batches()}), the covariate columns the model uses
   * ({@link Model#covariateColumns()}) with their coefficients, {@code alpha}, {@code sigma},
   * and gamma*, delta* per batch level.
   */
  public record FeatureFit(List<String> batches, int[] covariateColumns, double alpha,
      double sigma, double[] covariateBeta, double[] gammaStar, double[] deltaStar)
      implements Serializable {
    /**
     * The adjusted value of sample value y of the given batch, whose covariate row is
     * {@code covRow} (null without covariates): bit for bit what {@link Model#apply} gives.
     *
     * @throws IllegalArgumentException for a batch the model was not fitted on
     */
    public double adjust(double y, String batch, double[] covRow) {
      int b = batches.indexOf(batch);
      if (b < 0) {
        throw new IllegalArgumentException("ComBat: batch '" + batch + "' was not in the fitted"
            + " data (fitted: " + String.join(", ", batches) + ")");
      }
      return ComBat.adjust(y, stand(alpha, covariateBeta, 0, covRow, covariateColumns), sigma,
          gammaStar[b], deltaStar[b]);
    }
  }

  /**
   * A fitted ComBat adjustment, immutable and serialisable. For sample j of batch b and kept
   * feature k: {@code stand = alpha_k + sum_c x_jc beta_kc} (covariate columns only),
   * {@code z = (y - stand)/sigma_k}, adjusted {@code (z - gamma*_bk)/sqrt(delta*_bk) * sigma_k
   * + stand}. Features not kept at fit time are returned unchanged.
   */
  public static final class Model implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] levels;
    private final int features;
    private final int[] kept;
    private final int covariates;
    private final int[] covCols;
    private final double[][] beta;
    private final double[] grand;
    private final double[] sd;
    private final double[][] gammaStar;
    private final double[][] deltaStar;
    private final boolean meanOnly;

    private Model(String[] levels, int features, int[] kept, int covariates, int[] covCols,
        double[][] beta, double[] grand, double[] sd, double[][] gammaStar, double[][] deltaStar,
        boolean meanOnly) {
      this.levels = levels;
      this.features = features;
      this.kept = kept;
      this.covariates = covariates;
      this.covCols = covCols;
      this.beta = beta;
      this.grand = grand;
      this.sd = sd;
      this.gammaStar = gammaStar;
      this.deltaStar = deltaStar;
      this.meanOnly = meanOnly;
    }

    /** Fitted batch levels, sorted. */
    public List<String> batches() {
      return List.of(levels);
    }

    /** Width of the covariate rows the model takes (0 without covariates). */
    public int covariateWidth() {
      return covariates;
    }

    /** The covariate columns in the model (all but those equal to 1 everywhere), ascending. */
    public int[] covariateColumns() {
      return covCols.clone();
    }

    /**
     * Feature {@code f}'s adjustment (index in the fitted data), or null when it is not
     * adjusted; gamma* and delta* in {@link #batches()} order.
     */
    public FeatureFit feature(int f) {
      int k = Arrays.binarySearch(kept, f);
      if (k < 0) {
        return null;
      }
      int nb = levels.length;
      double[] g = new double[nb];
      double[] d = new double[nb];
      for (int b = 0; b < nb; b++) {
        g[b] = gammaStar[b][k];
        d[b] = deltaStar[b][k];
      }
      return new FeatureFit(batches(), covariateColumns(), grand[k], sd[k],
          Arrays.copyOfRange(beta[k], nb, beta[k].length), g, d);
    }

    /**
     * Whether feature {@code f} (index in the fitted data) is adjusted; a feature constant within
     * a batch of more than one sample is left as it is, as sva does.
     */
    public boolean adjusts(int f) {
      return java.util.Arrays.binarySearch(kept, f) >= 0;
    }

    /** Number of features adjusted (the others are passed through). */
    public int keptFeatures() {
      return kept.length;
    }

    /** Whether the location-only model was used (asked for, or forced by a 1-sample batch). */
    public boolean meanOnly() {
      return meanOnly;
    }

    /**
     * Applies the fitted adjustment to samples of the fitted batches.
     *
     * @param data features x samples ([feature][sample]), as many features as at fit time
     * @param batch batch label per sample, each one of {@link #batches()}
     * @param covariates [sample][covariate] with the fit's covariate width, or null if none
     * @return adjusted data, same shape; non-kept features copied unchanged
     */
    public double[][] apply(double[][] data, String[] batch, double[][] covariates) {
      if (data.length != features) {
        throw new IllegalArgumentException("ComBat: model was fitted on " + features
            + " features, got " + data.length);
      }
      checkSamples(data, batch);
      checkCovariates(covariates, batch.length);
      int[] batchOf = batchIndex(batch);
      double[][] out = new double[features][];
      for (int g = 0; g < features; g++) {
        out[g] = data[g].clone();
      }
      int nb = levels.length;
      for (int k = 0; k < kept.length; k++) {
        double[] y = data[kept[k]];
        double[] o = out[kept[k]];
        for (int j = 0; j < y.length; j++) {
          int b = batchOf[j];
          double st = stand(grand[k], beta[k], nb, covariates == null ? null : covariates[j],
              covCols);
          o[j] = adjust(y[j], st, sd[k], gammaStar[b][k], deltaStar[b][k]);
        }
      }
      return out;
    }

    private void checkCovariates(double[][] cov, int n) {
      if (cov == null) {
        if (covariates > 0) {
          throw new IllegalArgumentException("ComBat: model was fitted with " + covariates
              + " covariate columns, got none");
        }
        return;
      }
      if (cov.length != n) {
        throw new IllegalArgumentException("ComBat: " + cov.length + " covariate rows for " + n
            + " samples");
      }
      for (int j = 0; j < n; j++) {
        if (cov[j].length != covariates) {
          throw new IllegalArgumentException("ComBat: covariate row " + (j + 1) + " has "
              + cov[j].length + " columns, model was fitted with " + covariates);
        }
      }
    }

    private int[] batchIndex(String[] batch) {
      int[] idx = new int[batch.length];
      for (int j = 0; j < batch.length; j++) {
        idx[j] = Arrays.binarySearch(levels, batch[j]);
        if (idx[j] < 0) {
          throw new IllegalArgumentException("ComBat: batch '" + batch[j]
              + "' was not in the fitted data (fitted: " + String.join(", ", levels) + ")");
        }
      }
      return idx;
    }
  }
}
