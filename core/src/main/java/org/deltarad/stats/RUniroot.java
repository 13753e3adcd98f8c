package org.deltarad.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * Brent's root finder with exactly the iterate sequence of R's {@code uniroot} (the
 * {@code R_zeroin2} routine: Brent 1973 with inverse quadratic interpolation, tolerance
 * {@code 2 eps |b| + tol/2}, at most {@code maxiter} steps).
 *
 * <p>Written by hand rather than using Commons Math's {@code BrentSolver} because R calls
 * {@code uniroot} with a loose tolerance ({@code tol = 1e-4} in {@code wilcox.test}, about
 * {@code 1.2e-4} in {@code fisher.test}) and, in {@code wilcox.test}, on a step function: the
 * value R reports is wherever its iteration stops, so only the same sequence of steps reproduces
 * it to 1e-9. Commons Math's solver uses a different stopping and step rule.
 */
final class RUniroot {
  /** R's default {@code tol = .Machine$double.eps^0.25}. */
  static final double DEFAULT_TOL = Math.pow(Math.ulp(1.0), 0.25);
  private static final double EPSILON = Math.ulp(1.0);

  private RUniroot() {}

  static double solve(DoubleUnaryOperator f, double lower, double upper, double tol) {
    return solve(f, lower, upper, f.applyAsDouble(lower), f.applyAsDouble(upper), tol, 1000);
  }

  /** As {@code uniroot(f, c(lower, upper), f.lower = fa, f.upper = fb, tol = tol)$root}. */
  static double solve(DoubleUnaryOperator f, double ax, double bx, double fa, double fb,
      double tol, int maxiter) {
    if (Double.isNaN(fa) || Double.isNaN(fb)) {
      throw new ArithmeticException("uniroot: function is NaN at an end point");
    }
    if (fa * fb > 0) {
      throw new ArithmeticException("uniroot: values at end points not of opposite sign");
    }
    double a = ax;
    double b = bx;
    double c = a;
    double fc = fa;
    if (fa == 0) {
      return a;
    }
    if (fb == 0) {
      return b;
    }
    int left = maxiter + 1;
    while (left-- > 0) {
      double prevStep = b - a;
      if (Math.abs(fc) < Math.abs(fb)) {
        a = b;
        b = c;
        c = a;
        fa = fb;
        fb = fc;
        fc = fa;
      }
      double tolAct = 2 * EPSILON * Math.abs(b) + tol / 2;
      double newStep = (c - b) / 2;
      if (Math.abs(newStep) <= tolAct || fb == 0) {
        return b;
      }
      if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
        double p;
        double q;
        double cb = c - b;
        if (a == c) {
          double t1 = fb / fa;
          p = cb * t1;
          q = 1.0 - t1;
        } else {
          q = fa / fc;
          double t1 = fb / fc;
          double t2 = fb / fa;
          p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
          q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
        }
        if (p > 0) {
          q = -q;
        } else {
          p = -p;
        }
        if (p < (0.75 * cb * q - Math.abs(tolAct * q) / 2) && p < Math.abs(prevStep * q / 2)) {
          newStep = p / q;
        }
      }
      if (Math.abs(newStep) < tolAct) {
        newStep = newStep > 0 ? tolAct : -tolAct;
      }
      a = b;
      fa = fb;
      b += newStep;
      fb = f.applyAsDouble(b);
      if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
        c = a;
        fc = fa;
      }
    }
    return b; // R warns "iteration limit reached" and returns the last iterate
  }
}
