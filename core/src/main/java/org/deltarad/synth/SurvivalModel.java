package org.deltarad.synth;

/**
 * Progression-free survival: a Weibull proportional-hazards model
 * {@code S(t | x) = exp(-(t / lambda)^k exp(lp))}, {@code lp = b_bio * biology
 * + b_figo * (figo - 2.6) + b_size * z(log diameter)}, with shape {@code k = 0.75} (hazard falling
 * with time: most recurrences come in the first two years), administrative censoring uniform on
 * 12-125 months (accrual over ~10 years) and loss to follow-up at 0.0015 per month.
 *
 * <p>The scale {@code lambda} is calibrated so that the expected share of observed progressions
 * equals the target on a fixed Monte Carlo sample of 20,000 patients drawn from the
 * same clinical model. The sample is seeded from the cohort seed, so calibration is deterministic
 * too.
 */
final class SurvivalModel {
  static final double SHAPE = 0.75;
  static final double ADMIN_MIN_MONTHS = 12;
  static final double ADMIN_MAX_MONTHS = 125;
  static final double DROPOUT_PER_MONTH = 0.0015;
  static final int CALIBRATION_SAMPLE = 20_000;

  private final SynthParams params;
  private final double scaleMonths;

  private SurvivalModel(SynthParams params, double scaleMonths) {
    this.params = params;
    this.scaleMonths = scaleMonths;
  }

  static SurvivalModel calibrate(SynthParams params) {
    SynthRandom r = SynthRandom.of(params.seed(), -1, "survival-calibration");
    int n = CALIBRATION_SAMPLE;
    double[] lp = new double[n];
    double[] e = new double[n];
    double[] c = new double[n];
    SurvivalModel unit = new SurvivalModel(params, 1);
    for (int i = 0; i < n; i++) {
      PatientCase.Clinical cl = PatientCase.drawClinical(r);
      lp[i] = unit.linearPredictor(cl.biology(), cl.figo(), cl.diameterCm());
      e[i] = r.exponential();
      c[i] = censoring(r);
    }
    // A patient progresses under scale lambda iff lambda <= u = c / (e exp(-lp))^(1/k), so the
    // lambda giving the target share is a quantile of u: no search needed.
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = c[i] / StrictMath.pow(e[i] * StrictMath.exp(-lp[i]), 1 / SHAPE);
    }
    java.util.Arrays.sort(u);
    int keep = (int) Math.round(params.eventFraction() * n);
    double lambda = u[Math.max(0, Math.min(n - 1, n - keep))];
    return new SurvivalModel(params, lambda);
  }

  double scaleMonths() {
    return scaleMonths;
  }

  double linearPredictor(double biology, int figo, double diameterCm) {
    double zSize = (StrictMath.log(diameterCm) - PatientCase.LOG_DIAMETER_MEAN)
        / PatientCase.LOG_DIAMETER_SD;
    return params.effectiveBiologyLogHr() * biology
        + params.effectiveFigoLogHr() * (figo - 2.6)
        + params.effectiveSizeLogHr() * zSize;
  }

  /** Time to progression in months for a unit-exponential draw {@code e}. */
  double eventTime(double lp, double e) {
    return eventTime(scaleMonths, lp, e);
  }

  private static double eventTime(double lambda, double lp, double e) {
    return lambda * StrictMath.pow(e * StrictMath.exp(-lp), 1 / SHAPE);
  }

  /** Censoring time: the earlier of end of study and loss to follow-up. */
  static double censoring(SynthRandom r) {
    double admin = r.uniform(ADMIN_MIN_MONTHS, ADMIN_MAX_MONTHS);
    double dropout = r.exponential() / DROPOUT_PER_MONTH;
    return Math.min(admin, dropout);
  }
}
