package org.deltarad.stats;

/**
 * Harrell's concordance index with the semantics of R {@code survival::concordance(Surv(time,
 * status) ~ marker)} (default {@code timewt = "n"}), chosen over Hmisc's rcorr.cens because it
 * separates ties in the marker from ties in time.
 *
 * <p>A pair is comparable when the shorter time is an event; a censored time tied with an
 * event time counts as the longer one. Comparable pairs are concordant when the longer survivor
 * has the larger marker (use {@code reverse = true} for a risk score, where larger means
 * shorter), discordant when smaller, tied.x when equal. Pairs of events at the same time are
 * tied.y (tied.xy when the markers tie too) and not used.
 * {@code C = (concordant + tied.x / 2) / (concordant + discordant + tied.x)}.
 * Its variance is the infinitesimal-jackknife one survival reports ({@code var}):
 * {@code sum_i dfbeta_i^2 / 4}, dfbeta_i = (c_i - d_i)/N - somers/N (c_i + d_i + t_i) with c_i,
 * d_i, t_i the concordant, discordant and tied.x pairs subject i belongs to.
 *
 * <p>Written by hand (O(n^2) pair loop; fine for cohorts of a few thousand): no Java library
 * implements it.
 */
public final class HarrellC {
  private HarrellC() {}

  public record Result(
      double concordance,
      double variance,
      double concordant,
      double discordant,
      double tiedX,
      double tiedY,
      double tiedXY) {
    public double standardError() {
      return Math.sqrt(variance);
    }
  }

  public static Result compute(RightCensoredSample sample, double[] marker, boolean reverse) {
    double[] x = sample.checkMarker(marker, "marker");
    int n = sample.size();
    double[] ci = new double[n];
    double[] di = new double[n];
    double[] ti = new double[n];
    double conc = 0;
    double disc = 0;
    double tx = 0;
    double ty = 0;
    double txy = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double tiTime = sample.time(i);
        double tjTime = sample.time(j);
        int early;
        int late;
        if (tiTime < tjTime || (tiTime == tjTime && sample.event(i) > sample.event(j))) {
          early = i;
          late = j;
        } else if (tjTime < tiTime || sample.event(j) > sample.event(i)) {
          early = j;
          late = i;
        } else {
          // same time, same status: two events are tied on y, two censorings not comparable
          if (sample.event(i) == 1) {
            if (x[i] == x[j]) {
              txy++;
            } else {
              ty++;
            }
          }
          continue;
        }
        if (sample.event(early) == 0) {
          continue;
        }
        if (x[late] > x[early]) {
          conc++;
          ci[i]++;
          ci[j]++;
        } else if (x[late] < x[early]) {
          disc++;
          di[i]++;
          di[j]++;
        } else {
          tx++;
          ti[i]++;
          ti[j]++;
        }
      }
    }
    double npair = conc + disc + tx;
    if (npair == 0) {
      throw new IllegalArgumentException(sample.label() + ": no comparable pairs (no event"
          + " before another subject's time), so the concordance is undefined");
    }
    double somers = (conc - disc) / npair;
    double var = 0;
    for (int i = 0; i < n; i++) {
      double dfbeta = (ci[i] - di[i]) / npair - somers / npair * (ci[i] + di[i] + ti[i]);
      var += dfbeta * dfbeta;
    }
    var /= 4;
    double c = (somers + 1) / 2;
    if (reverse) {
      return new Result(1 - c, var, disc, conc, tx, ty, txy);
    }
    return new Result(c, var, conc, disc, tx, ty, txy);
  }
}
