package org.deltarad.synth;

/**
 * The second radiologist's tumour mask: the tumour boundary moved by a smooth random
 * displacement, {@code F2 = F + A (beta + W)}, where {@code F} is the tumour's implicit function
 * (negative inside), {@code W} a unit Gaussian random field with a 2.5 mm correlation length
 * (local disagreement along the outline) and {@code beta ~ N(0, 0.7)} a systematic tendency to
 * draw tighter or looser. The amplitude {@code A} is found by bisection so that the Dice overlap
 * with reader 1 hits a per-patient target: {@code N(0.85, 0.03)} before treatment and
 * {@code N(0.60, 0.07)} at mid-treatment (the paper reports 0.85 and 0.57; the residual tumour
 * is smaller and its border blurred by treatment effects).
 */
final class SecondReader {
  static final double DICE_PRE_MEAN = 0.85;
  static final double DICE_PRE_SD = 0.03;
  static final double DICE_MID_MEAN = 0.60;
  static final double DICE_MID_SD = 0.07;

  private SecondReader() {}

  /** A reader-2 mask and its Dice with reader 1. */
  record Result(double[] mask, double dice, double targetDice) {}

  static Result perturb(double[] implicit, double[] mask1, int nx, int ny, int nz,
      double[] spacing, boolean mid, SynthRandom r) {
    double target = mid
        ? r.truncatedGaussian(DICE_MID_MEAN, DICE_MID_SD, 0.42, 0.78)
        : r.truncatedGaussian(DICE_PRE_MEAN, DICE_PRE_SD, 0.76, 0.93);
    double beta = r.gaussian(0, 0.7);
    double[] w = GaussianField.field(nx, ny, nz, 2.5 / spacing[0], 2.5 / spacing[1],
        2.5 / spacing[2], r);
    for (int i = 0; i < w.length; i++) {
      w[i] += beta;
    }
    double lo = 0;
    double hi = 0.05;
    for (int it = 0; it < 30 && dice(implicit, w, hi, mask1) > target; it++) {
      hi *= 2;
    }
    for (int it = 0; it < 30; it++) {
      double a = 0.5 * (lo + hi);
      if (dice(implicit, w, a, mask1) > target) {
        lo = a;
      } else {
        hi = a;
      }
    }
    // Of the bracket's ends, keep the one closer to the target (Dice is a step function of A).
    double dLo = dice(implicit, w, lo, mask1);
    double dHi = dice(implicit, w, hi, mask1);
    double a = Math.abs(dLo - target) <= Math.abs(dHi - target) ? lo : hi;
    double[] mask2 = new double[implicit.length];
    for (int i = 0; i < implicit.length; i++) {
      mask2[i] = implicit[i] + a * w[i] < 0 ? 1 : 0;
    }
    return new Result(mask2, dice(mask1, mask2), target);
  }

  private static double dice(double[] implicit, double[] w, double a, double[] mask1) {
    long both = 0;
    long n1 = 0;
    long n2 = 0;
    for (int i = 0; i < implicit.length; i++) {
      boolean in2 = implicit[i] + a * w[i] < 0;
      boolean in1 = mask1[i] != 0;
      if (in1) {
        n1++;
      }
      if (in2) {
        n2++;
        if (in1) {
          both++;
        }
      }
    }
    return n1 + n2 == 0 ? 1 : 2.0 * both / (n1 + n2);
  }

  /** Dice similarity of two binary masks (non-zero = inside); 1 when both are empty. */
  static double dice(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("masks differ in size: " + a.length + " vs " + b.length);
    }
    long both = 0;
    long na = 0;
    long nb = 0;
    for (int i = 0; i < a.length; i++) {
      boolean ia = a[i] != 0;
      boolean ib = b[i] != 0;
      na += ia ? 1 : 0;
      nb += ib ? 1 : 0;
      both += ia && ib ? 1 : 0;
    }
    return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
  }
}
