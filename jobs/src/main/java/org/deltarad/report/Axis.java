package org.deltarad.report;

/** A linear mapping from data to pixels with "nice" tick marks (1, 2, 5 x 10^k steps). */
final class Axis {
  final double lo;
  final double hi;
  final double pixLo;
  final double pixHi;

  Axis(double lo, double hi, double pixLo, double pixHi) {
    if (!(hi > lo)) {
      double c = Double.isFinite(lo) ? lo : 0;
      lo = c - 1;
      hi = c + 1;
    }
    this.lo = lo;
    this.hi = hi;
    this.pixLo = pixLo;
    this.pixHi = pixHi;
  }

  double map(double v) {
    return pixLo + (v - lo) / (hi - lo) * (pixHi - pixLo);
  }

  double[] ticks(int target) {
    double step = niceStep((hi - lo) / Math.max(1, target));
    double first = Math.ceil(lo / step - 1e-9) * step;
    int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
    double[] t = new double[Math.max(0, n)];
    for (int i = 0; i < t.length; i++) {
      t[i] = first + i * step;
      if (Math.abs(t[i]) < step * 1e-9) {
        t[i] = 0;
      }
    }
    return t;
  }

  static double niceStep(double raw) {
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / mag;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * mag;
  }

  /** Data range padded by a fraction on both sides, for axes that should not touch the data. */
  static double[] padded(double min, double max, double fraction) {
    double span = max - min;
    if (!(span > 0)) {
      span = Math.max(1e-9, Math.abs(min));
    }
    return new double[] {min - fraction * span, max + fraction * span};
  }
}
