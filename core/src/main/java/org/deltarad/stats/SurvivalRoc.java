package org.deltarad.stats;

import java.util.Arrays;

/**
 * Time-dependent ROC curve of Heagerty, Lumley &amp; Pepe (Biometrics 2000) as R
 * {@code survivalROC} 1.0.3.1 computes it, and the Youden cut-off.
 *
 * <p>For each cut value c (the sorted distinct markers) the positives are {@code marker > c}.
 * KM method: with S(t) the pooled Kaplan-Meier at the horizon and S_c(t) the Kaplan-Meier among
 * positives, P = fraction positive: {@code TP = (1 - S_c) P / (1 - S)},
 * {@code FP = S_c P / S}. NNE method: S(t | x) by a Kaplan-Meier over the nearest neighbours
 * of x (symmetric window of {@code trunc(n span + 0.5)} ranks past x, survivalROC's R code),
 * then the same formulas with sums of S(t | x_i). Cases are events at or before t (a KM
 * includes deaths at t). The curve is prefixed by the point (1, 1) at cut -Infinity;
 * AUC by the trapezoidal rule. Youden cut-off: {@code cut.values[which.max(TP - FP)]}, the first
 * maximum, so -Infinity when no cut value beats the diagonal.
 *
 * <p>Input where the formulas divide by zero (no event by t, or the KM reaches 0 by t) throws
 * {@link IllegalArgumentException}; survivalROC returns NaN or stops there.
 *
 * <p>Written by hand: no Java library implements it.
 */
public final class SurvivalRoc {
  private SurvivalRoc() {}

  /** The ROC curve at one horizon. */
  public record Result(
      double horizon,
      /** -Infinity, then the sorted distinct marker values; positive = marker > cut */
      double[] cutValues,
      double[] truePositive,
      double[] falsePositive,
      double auc,
      /** pooled Kaplan-Meier survival at the horizon */
      double survival,
      double youdenCutoff,
      /** max(TP - FP), the Youden index at the cut-off */
      double youdenIndex) {}

  /** survivalROC(..., method = "KM"). */
  public static Result km(RightCensoredSample sample, double[] marker, double horizon) {
    double[] xIn = sample.checkMarker(marker, "marker");
    int n = sample.size();
    double sPooled = pooledSurvival(sample, horizon);
    int[] ord = sample.orderByTime();
    double[] time = new double[n];
    int[] status = new int[n];
    double[] x = new double[n];
    for (int r = 0; r < n; r++) {
      time[r] = sample.time(ord[r]);
      status[r] = sample.event(ord[r]);
      x[r] = xIn[ord[r]];
    }
    double[] cuts = distinctSorted(x);
    int ncuts = cuts.length;
    double[] sens = new double[ncuts];
    double[] spec = new double[ncuts];
    boolean[] subset = new boolean[n];
    for (int c = 0; c < ncuts - 1; c++) {
      int count = 0;
      for (int i = 0; i < n; i++) {
        subset[i] = x[i] > cuts[c];
        count += subset[i] ? 1 : 0;
      }
      double s0 = kaplanMeierSorted(time, status, subset, horizon);
      double p0 = (double) count / n;
      sens[c] = (1 - s0) * p0 / (1 - sPooled);
      spec[c] = 1 - s0 * p0 / sPooled;
    }
    sens[ncuts - 1] = 0.0;
    spec[ncuts - 1] = 1.0;
    return curve(horizon, cuts, sens, spec, sPooled);
  }

  /** survivalROC(..., method = "NNE", span = span, window = "symmetric"). */
  public static Result nne(RightCensoredSample sample, double[] marker, double horizon,
      double span) {
    if (!(span > 0) || !Double.isFinite(span)) {
      throw new IllegalArgumentException(sample.label() + ": NNE span must be > 0, got " + span);
    }
    double[] x = sample.checkMarker(marker, "marker");
    int n = sample.size();
    double[] time = sample.times();
    int[] status = sample.events();
    double sPooled = pooledSurvival(sample, horizon);
    double[] xUnique = distinctSorted(x);
    double[] eventTimes = Arrays.stream(distinctSorted(eventTimes(time, status)))
        .filter(t -> t <= horizon).toArray();
    double[] sGivenX = new double[xUnique.length];
    double[] ddd = new double[n];
    boolean[] window = new boolean[n];
    int halfWidth = (int) (n * span + 0.5);  // R: trunc(n * span + .5)
    for (int j = 0; j < xUnique.length; j++) {
      int below = 0;
      for (int i = 0; i < n; i++) {
        ddd[i] = x[i] - xUnique[j];
        below += ddd[i] < 0 ? 1 : 0;
      }
      Arrays.sort(ddd);
      int index1 = Math.min(below + halfWidth, n - 1);  // 0-based ddd[index0 + halfwidth]
      double lambda = Math.abs(ddd[index1]);
      for (int i = 0; i < n; i++) {
        double diff = x[i] - xUnique[j];
        window[i] = diff <= lambda && diff >= -lambda;
      }
      double s0 = 1.0;
      for (double te : eventTimes) {
        int atRisk = 0;
        int dead = 0;
        for (int i = 0; i < n; i++) {
          if (window[i] && time[i] >= te) {
            atRisk++;
            if (time[i] == te && status[i] == 1) {
              dead++;
            }
          }
        }
        if (atRisk > 0) {
          s0 *= 1 - (double) dead / atRisk;
        }
      }
      sGivenX[j] = s0;
    }
    double[] sAll = new double[n];
    double sumAll = 0;
    for (int i = 0; i < n; i++) {
      sAll[i] = sGivenX[Arrays.binarySearch(xUnique, x[i])];
      sumAll += sAll[i];
    }
    double sMarginal = sumAll / n;
    if (!(sMarginal > 0 && sMarginal < 1)) {
      throw new IllegalArgumentException(sample.label() + ": NNE survival at the horizon t="
          + horizon + " is " + sMarginal + ", so the ROC curve is undefined");
    }
    int ncuts = xUnique.length;
    double[] sens = new double[ncuts];
    double[] spec = new double[ncuts];
    for (int c = 0; c < ncuts - 1; c++) {
      int count = 0;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        if (x[i] > xUnique[c]) {
          count++;
          sum += sAll[i];
        }
      }
      double p1 = (double) count / n;
      double sx = sum / n;
      sens[c] = (p1 - sx) / (1 - sMarginal);
      spec[c] = 1 - sx / sMarginal;
    }
    sens[ncuts - 1] = 0.0;
    spec[ncuts - 1] = 1.0;
    return curve(horizon, xUnique, sens, spec, sPooled);
  }

  /** The default NNE span of the survivalROC examples, 0.25 n^(-1/5). */
  public static double defaultSpan(int n) {
    return 0.25 * Math.pow(n, -0.2);
  }

  private static Result curve(double horizon, double[] cuts, double[] sens, double[] spec,
      double survival) {
    int m = cuts.length + 1;
    double[] cutValues = new double[m];
    double[] tp = new double[m];
    double[] fp = new double[m];
    cutValues[0] = Double.NEGATIVE_INFINITY;
    tp[0] = 1.0;
    fp[0] = 1 - 0.0;
    for (int k = 1; k < m; k++) {
      cutValues[k] = cuts[k - 1];
      tp[k] = sens[k - 1];
      fp[k] = 1 - spec[k - 1];
    }
    double area = 0;
    for (int k = 0; k < m - 1; k++) {
      area += (fp[k] - fp[k + 1]) * ((tp[k] + tp[k + 1]) / 2);
    }
    int best = -1;
    for (int k = 0; k < m; k++) {
      double j = tp[k] - fp[k];
      if (!Double.isNaN(j) && (best < 0 || j > tp[best] - fp[best])) {
        best = k;  // strict '>' keeps the first maximum, as which.max
      }
    }
    return new Result(horizon, cutValues, tp, fp, area, survival, cutValues[best],
        tp[best] - fp[best]);
  }

  /** Pooled Kaplan-Meier at the horizon; rejects horizons where the ROC formulas break down. */
  private static double pooledSurvival(RightCensoredSample sample, double horizon) {
    if (!Double.isFinite(horizon)) {
      throw new IllegalArgumentException(sample.label() + ": horizon must be finite, got "
          + horizon);
    }
    boolean[] all = new boolean[sample.size()];
    Arrays.fill(all, true);
    double s = kaplanMeierAt(sample.times(), sample.events(), all, horizon);
    if (s == 1.0) {
      throw new IllegalArgumentException(sample.label() + ": no event at or before the horizon t="
          + horizon + ", so survivalROC is undefined (R gives NaN)");
    }
    if (s == 0.0) {
      throw new IllegalArgumentException(sample.label() + ": Kaplan-Meier survival is 0 at the"
          + " horizon t=" + horizon + ", so survivalROC is undefined (R gives NaN)");
    }
    return s;
  }

  /** Kaplan-Meier product over the distinct times <= horizon among the selected subjects. */
  static double kaplanMeierAt(double[] time, int[] status, boolean[] select, double horizon) {
    int n = time.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(time[a], time[b]));
    double[] t = new double[n];
    int[] e = new int[n];
    boolean[] sel = new boolean[n];
    for (int r = 0; r < n; r++) {
      t[r] = time[idx[r]];
      e[r] = status[idx[r]];
      sel[r] = select[idx[r]];
    }
    return kaplanMeierSorted(t, e, sel, horizon);
  }

  /** As {@link #kaplanMeierAt} with the subjects already sorted by time. */
  private static double kaplanMeierSorted(double[] t, int[] e, boolean[] sel, double horizon) {
    int n = t.length;
    int atRisk = 0;
    for (boolean b : sel) {
      atRisk += b ? 1 : 0;
    }
    double s = 1.0;
    int r = 0;
    while (r < n && t[r] <= horizon) {
      int dead = 0;
      int leaving = 0;
      int end = r;
      while (end < n && t[end] == t[r]) {
        if (sel[end]) {
          leaving++;
          dead += e[end];
        }
        end++;
      }
      if (leaving > 0) {
        s *= 1 - (double) dead / atRisk;
        atRisk -= leaving;
      }
      r = end;
    }
    return s;
  }

  private static double[] eventTimes(double[] time, int[] status) {
    return java.util.stream.IntStream.range(0, time.length).filter(i -> status[i] == 1)
        .mapToDouble(i -> time[i]).toArray();
  }

  private static double[] distinctSorted(double[] v) {
    return Arrays.stream(v).sorted().distinct().toArray();
  }
}
