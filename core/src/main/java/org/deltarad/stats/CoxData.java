package org.deltarad.stats;

/**
 * Validated right-censored data in the layout the Cox solvers use: covariates by column, times
 * with glmnet's tie shift ({@code y = time + (1 - event) * 100 * eps}, meant to keep a censored time
 * tied with an event time in that event's risk set) and the rows in glmnet's sort order.
 */
final class CoxData {
  final String name;
  final int n;
  final int p;
  final double[][] cols;
  final double[] time;
  final double[] y;
  final double[] d;
  final int[] event;
  final int[] sorted;
  final String[] names;

  private CoxData(String name, double[][] cols, double[] time, double[] y, double[] d,
      int[] event, int[] sorted, String[] names) {
    this.name = name;
    this.n = time.length;
    this.p = cols.length;
    this.cols = cols;
    this.time = time;
    this.y = y;
    this.d = d;
    this.event = event;
    this.sorted = sorted;
    this.names = names;
  }

  static CoxData of(double[][] x, double[] time, int[] event, String name) {
    if (x == null || time == null || event == null) {
      throw new IllegalArgumentException(name + ": x, time and event must not be null");
    }
    int n = time.length;
    if (n < 2) {
      throw new IllegalArgumentException(name + ": need at least 2 observations, got " + n);
    }
    if (x.length != n || event.length != n) {
      throw new IllegalArgumentException(name + ": x has " + x.length + " rows, time " + n
          + ", event " + event.length + "; they must agree");
    }
    int p = x[0] == null ? 0 : x[0].length;
    if (p < 1) {
      throw new IllegalArgumentException(name + ": x has no covariate columns");
    }
    double[][] cols = new double[p][n];
    double[] y = new double[n];
    double[] d = new double[n];
    int events = 0;
    for (int i = 0; i < n; i++) {
      if (x[i] == null || x[i].length != p) {
        throw new IllegalArgumentException(name + ": row " + (i + 1) + " has "
            + (x[i] == null ? 0 : x[i].length) + " covariates, expected " + p);
      }
      for (int j = 0; j < p; j++) {
        double v = x[i][j];
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(name + ": covariate " + (j + 1) + " of row "
              + (i + 1) + " is " + v + " (missing values are not allowed)");
        }
        cols[j][i] = v;
      }
      if (!Double.isFinite(time[i])) {
        throw new IllegalArgumentException(name + ": time of row " + (i + 1) + " is " + time[i]);
      }
      if (event[i] != 0 && event[i] != 1) {
        throw new IllegalArgumentException(name + ": event of row " + (i + 1) + " is " + event[i]
            + " (must be 0 or 1)");
      }
      y[i] = time[i] + (1 - event[i]) * 100.0 * CoxNet.EPS;
      if (y[i] <= 0) {
        throw new IllegalArgumentException(name + ": time of row " + (i + 1) + " is " + time[i]
            + " (times must be positive)");
      }
      d[i] = event[i];
      events += event[i];
    }
    if (events == 0) {
      throw new IllegalArgumentException(name + ": no events (all observations censored)");
    }
    String[] names = new String[p];
    for (int j = 0; j < p; j++) {
      names[j] = "V" + (j + 1);
    }
    return new CoxData(name, cols, time.clone(), y, d, event.clone(), sortRows(y, d), names);
  }

  CoxData withNames(String[] columnNames) {
    if (columnNames.length != p) {
      throw new IllegalArgumentException(name + ": " + columnNames.length + " names for " + p
          + " columns");
    }
    return new CoxData(name, cols, time, y, d, event, sorted, columnNames.clone());
  }

  /** Rows by ascending y in glmnet's (unstable) sort order - see {@link GlmnetSortOrder}. */
  static int[] sortRows(double[] y, double[] d) {
    return GlmnetSortOrder.order(y);
  }

  /** The rows not in {@code drop} (a boolean mask), in their original order. */
  CoxData subset(boolean[] drop, String subsetName) {
    int[] newIndex = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      newIndex[i] = drop[i] ? -1 : m++;
    }
    double[][] c = new double[p][m];
    double[] t = new double[m];
    double[] yy = new double[m];
    double[] dd = new double[m];
    int[] ev = new int[m];
    for (int i = 0; i < n; i++) {
      int k = newIndex[i];
      if (k < 0) {
        continue;
      }
      t[k] = time[i];
      yy[k] = y[i];
      dd[k] = d[i];
      ev[k] = event[i];
    }
    for (int j = 0; j < p; j++) {
      double[] src = cols[j];
      double[] dst = c[j];
      for (int i = 0; i < n; i++) {
        int k = newIndex[i];
        if (k >= 0) {
          dst[k] = src[i];
        }
      }
    }
    // glmnet sorts each subset afresh; its tie order is not the full order minus the dropped rows.
    return new CoxData(subsetName, c, t, yy, dd, ev, sortRows(yy, dd), names);
  }
}
