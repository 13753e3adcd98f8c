package org.deltarad.stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.FDistribution;

/**
 * Intraclass correlation coefficients with 95% confidence intervals, matched to R.
 *
 * <ul>
 *   <li>{@link #oneWay(String[], double[])}: ICC(1) from a one-way ANOVA of value on subject, as
 *   {@code ICC::ICCest(CI.type="THD")}. Subjects may have different numbers of measurements:
 *   {@code k = (N - sum n_i^2 / N) / (a - 1)} (Lessells and Boag) for the estimate,
 *   {@code n0 = N/a - sum (n_i - N/a)^2 / ((a - 1) N)} for the Searle/Thomas-Hultquist bounds
 *   {@code (F_L - 1) / (F_L + n0 - 1)}, {@code F_L = (MSa/MSw) / F(1-alpha/2; a-1, N-a)},
 *   {@code F_U = (MSa/MSw) F(1-alpha/2; N-a, a-1)}. On balanced data this equals
 *   {@code irr::icc(model="oneway")}.</li>
 *   <li>{@link #agreement(double[][])}: ICC(2,1) = ICC(A,1) =
 *   {@code (MSr - MSe) / (MSr + (k-1) MSe + k/n (MSc - MSe))} with McGraw and Wong's bounds
 *   (Satterthwaite degrees of freedom v, possibly fractional), as
 *   {@code irr::icc(model="twoway", type="agreement")}.</li>
 *   <li>{@link #consistency(double[][])}: ICC(3,1) = ICC(C,1) =
 *   {@code (MSr - MSe) / (MSr + (k-1) MSe)} with F-based bounds, as
 *   {@code irr::icc(model="twoway", type="consistency")}.</li>
 * </ul>
 *
 * <p>{@code irr::icc} takes a subjects x raters matrix and drops every subject with a missing
 * rating ({@code na.omit}), so the two-way ICCs here use complete subjects only; ICC(1) from long
 * data uses every row, as ICCest does. Degenerate data (no within- or between-subject variance)
 * give NaN or infinite bounds exactly where R does.
 */
public final class Icc {
  private static final double ALPHA = 0.05;

  /** An estimate with its 95% confidence bounds. */
  public record Interval(double value, double lower, double upper)
      implements java.io.Serializable {}

  /** ICC(1), ICC(2,1), ICC(3,1) from one long table, plus the counts used. */
  public record Result(Interval icc1, Interval icc2_1, Interval icc3_1, int subjects,
      int completeSubjects, int raters) implements java.io.Serializable {}

  private Icc() {}

  /**
   * All three ICCs from long data (one row per subject, rater, value). ICC(1) uses all rows;
   * ICC(2,1) and ICC(3,1) use subjects rated by every rater.
   */
  public static Result fromLong(String[] subject, String[] rater, double[] value) {
    int n = value.length;
    if (subject.length != n || rater.length != n) {
      throw new IllegalArgumentException("ICC: subject, rater and value columns differ in length");
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(value[i])) {
        throw new IllegalArgumentException("ICC: value in row " + (i + 1) + " is not finite");
      }
    }
    Map<String, Integer> raterIndex = new TreeMap<>();
    for (String r : rater) {
      raterIndex.putIfAbsent(r, 0);
    }
    int k = 0;
    for (Map.Entry<String, Integer> e : raterIndex.entrySet()) {
      e.setValue(k++);
    }
    Map<String, double[]> rows = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      double[] row = rows.computeIfAbsent(subject[i], s -> {
        double[] r = new double[raterIndex.size()];
        java.util.Arrays.fill(r, Double.NaN);
        return r;
      });
      int j = raterIndex.get(rater[i]);
      if (!Double.isNaN(row[j])) {
        throw new IllegalArgumentException("ICC: subject '" + subject[i] + "' has two values for rater '"
            + rater[i] + "'");
      }
      row[j] = value[i];
    }
    Interval icc1 = oneWay(subject, value);
    List<double[]> complete = new ArrayList<>();
    for (double[] row : rows.values()) {
      boolean ok = true;
      for (double v : row) {
        ok &= !Double.isNaN(v);
      }
      if (ok) {
        complete.add(row);
      }
    }
    double[][] wide = complete.toArray(new double[0][]);
    if (wide.length < 2 || k < 2) {
      throw new IllegalArgumentException("ICC: two-way ICCs need at least 2 subjects rated by all "
          + k + " raters (have " + wide.length + ") and at least 2 raters");
    }
    return new Result(icc1, agreement(wide), consistency(wide), rows.size(), wide.length, k);
  }

  /** ICC(1) as {@code ICC::ICCest(x = subject, y = value, CI.type = "THD")}. */
  public static Interval oneWay(String[] subject, double[] value) {
    int n = value.length;
    Map<String, Integer> index = new HashMap<>();
    int[] group = new int[n];
    for (int i = 0; i < n; i++) {
      Integer g = index.putIfAbsent(subject[i], index.size());
      group[i] = g == null ? index.size() - 1 : g;
    }
    int a = index.size();
    if (a < 2) {
      throw new IllegalArgumentException("ICC: need at least 2 subjects, got " + a);
    }
    if (n <= a) {
      throw new IllegalArgumentException("ICC: need repeated measurements (" + n + " values for "
          + a + " subjects)");
    }
    double[] sum = new double[a];
    int[] count = new int[a];
    double grand = 0;
    for (int i = 0; i < n; i++) {
      sum[group[i]] += value[i];
      count[group[i]]++;
      grand += value[i];
    }
    grand /= n;
    double ssa = 0;
    double ssw = 0;
    double sumSq = 0;
    double sumCube = 0;
    for (int g = 0; g < a; g++) {
      double d = sum[g] / count[g] - grand;
      ssa += count[g] * d * d;
      sumSq += (double) count[g] * count[g];
    }
    for (int i = 0; i < n; i++) {
      double d = value[i] - sum[group[i]] / count[group[i]];
      ssw += d * d;
    }
    double msa = ssa / (a - 1);
    double msw = ssw / (n - a);
    double k = (n - sumSq / n) / (a - 1);
    double varA = (msa - msw) / k;
    double r = varA / (msw + varA);
    double nBar = (double) n / a;
    double n0 = nBar;
    for (int g = 0; g < a; g++) {
      n0 -= (count[g] - nBar) * (count[g] - nBar) / ((a - 1.0) * n);
    }
    double fl = (msa / msw) / upperQuantile(a - 1, n - a);
    double fu = (msa / msw) * upperQuantile(n - a, a - 1);
    return new Interval(r, (fl - 1) / (fl + n0 - 1), (fu - 1) / (fu + n0 - 1));
  }

  /** ICC(1) from a complete subjects x raters matrix, as {@code irr::icc(model="oneway")}. */
  public static Interval oneWay(double[][] ratings) {
    MeanSquares m = meanSquares(ratings);
    double fl = (m.msr / m.msw) / upperQuantile(m.ns - 1, m.ns * (m.nr - 1));
    double fu = (m.msr / m.msw) * upperQuantile(m.ns * (m.nr - 1), m.ns - 1);
    return new Interval((m.msr - m.msw) / (m.msr + (m.nr - 1) * m.msw),
        (fl - 1) / (fl + m.nr - 1), (fu - 1) / (fu + m.nr - 1));
  }

  /** ICC(3,1), as {@code irr::icc(model="twoway", type="consistency", unit="single")}. */
  public static Interval consistency(double[][] ratings) {
    MeanSquares m = meanSquares(ratings);
    double dfe = (m.ns - 1.0) * (m.nr - 1);
    double fl = (m.msr / m.mse) / upperQuantile(m.ns - 1, dfe);
    double fu = (m.msr / m.mse) * upperQuantile(dfe, m.ns - 1);
    return new Interval((m.msr - m.mse) / (m.msr + (m.nr - 1) * m.mse),
        (fl - 1) / (fl + m.nr - 1), (fu - 1) / (fu + m.nr - 1));
  }

  /** ICC(2,1), as {@code irr::icc(model="twoway", type="agreement", unit="single")}. */
  public static Interval agreement(double[][] ratings) {
    MeanSquares m = meanSquares(ratings);
    double ns = m.ns;
    double nr = m.nr;
    double coeff = (m.msr - m.mse) / (m.msr + (nr - 1) * m.mse + (nr / ns) * (m.msc - m.mse));
    double a = (nr * coeff) / (ns * (1 - coeff));
    double b = 1 + (nr * coeff * (ns - 1)) / (ns * (1 - coeff));
    double num = a * m.msc + b * m.mse;
    double v = num * num / ((a * m.msc) * (a * m.msc) / (nr - 1)
        + (b * m.mse) * (b * m.mse) / ((ns - 1) * (nr - 1)));
    double fl = upperQuantile(ns - 1, v);
    double fu = upperQuantile(v, ns - 1);
    double lower = (ns * (m.msr - fl * m.mse))
        / (fl * (nr * m.msc + (nr * ns - nr - ns) * m.mse) + ns * m.msr);
    double upper = (ns * (fu * m.msr - m.mse))
        / (nr * m.msc + (nr * ns - nr - ns) * m.mse + ns * fu * m.msr);
    return new Interval(coeff, lower, upper);
  }

  private record MeanSquares(int ns, int nr, double msr, double msw, double msc, double mse) {}

  private static MeanSquares meanSquares(double[][] x) {
    int ns = x.length;
    if (ns < 2) {
      throw new IllegalArgumentException("ICC: need at least 2 subjects, got " + ns);
    }
    int nr = x[0].length;
    if (nr < 2) {
      throw new IllegalArgumentException("ICC: need at least 2 raters, got " + nr);
    }
    double grand = 0;
    for (double[] row : x) {
      if (row.length != nr) {
        throw new IllegalArgumentException("ICC: ratings matrix is ragged");
      }
      for (double v : row) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("ICC: ratings must be finite (complete cases)");
        }
        grand += v;
      }
    }
    grand /= (double) ns * nr;
    double[] colMean = new double[nr];
    double ssTotal = 0;
    double ssRows = 0;
    double ssWithin = 0;
    for (double[] row : x) {
      double m = 0;
      for (int j = 0; j < nr; j++) {
        m += row[j];
        colMean[j] += row[j] / ns;
      }
      m /= nr;
      ssRows += (m - grand) * (m - grand);
      for (int j = 0; j < nr; j++) {
        ssTotal += (row[j] - grand) * (row[j] - grand);
        ssWithin += (row[j] - m) * (row[j] - m);
      }
    }
    double ssCols = 0;
    for (double c : colMean) {
      ssCols += (c - grand) * (c - grand);
    }
    double msr = ssRows / (ns - 1) * nr;
    double msw = ssWithin / ((double) ns * (nr - 1));
    double msc = ssCols / (nr - 1) * ns;
    double mse = (ssTotal - msr * (ns - 1) - msc * (nr - 1)) / ((ns - 1.0) * (nr - 1));
    return new MeanSquares(ns, nr, msr, msw, msc, mse);
  }

  /** {@code qf(1 - alpha/2, df1, df2)}; Commons Math's default solver accuracy (1e-9) is too loose. */
  private static double upperQuantile(double df1, double df2) {
    if (!(df1 > 0) || !(df2 > 0)) {
      return Double.NaN;
    }
    return new FDistribution(null, df1, df2, 1e-15).inverseCumulativeProbability(1 - ALPHA / 2);
  }
}
