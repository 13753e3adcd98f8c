package org.deltarad.stats;

import java.util.Arrays;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/** Mid-ranks as R's {@code rank(ties.method = "average")}, and tie-group sizes. */
final class Ranks {
  private static final NaturalRanking AVERAGE =
      new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);

  private Ranks() {}

  static double[] rank(double[] x) {
    return AVERAGE.rank(x);
  }

  /** sum over tie groups of (t^3 - t), from ranks (equal ranks = one group). */
  static double tieSum(double[] ranks) {
    double[] r = ranks.clone();
    Arrays.sort(r);
    double s = 0;
    int i = 0;
    while (i < r.length) {
      int j = i;
      while (j + 1 < r.length && r[j + 1] == r[i]) {
        j++;
      }
      double t = j - i + 1;
      s += t * t * t - t;
      i = j + 1;
    }
    return s;
  }

  static boolean hasTies(double[] ranks) {
    double[] r = ranks.clone();
    Arrays.sort(r);
    for (int i = 1; i < r.length; i++) {
      if (r[i] == r[i - 1]) {
        return true;
      }
    }
    return false;
  }

  static void requireFinite(String what, double[] x) {
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException(what + ": value " + (i + 1) + " is not finite ("
            + x[i] + ")");
      }
    }
  }
}
