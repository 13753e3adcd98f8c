package org.deltarad.synth;

import java.util.Locale;

/**
 * One synthetic patient: clinical variables, the latent tumour biology and what it drives.
 *
 * <p>The latent biology {@code b ~ N(0, 1)} (higher = more aggressive, treatment-resistant)
 * drives, per SD:
 * <ul>
 *   <li>the hazard of progression (log HR {@code biologyLogHr}, 0 in a no-signal cohort);</li>
 *   <li>the texture change pre -> mid: grain (correlation length of the tumour's T2 field)
 *       {@code grain_mid = grain_pre exp(0.10 + grainEffect b + 0.07 e)}, i.e. resistant tumours
 *       coarsen (larger zones and runs: lower GLSZM Zone%, SmallAreaEmphasis, SZNN; higher
 *       LargeAreaEmphasis, GLRLM LongRunEmphasis, GLDM LargeDependenceEmphasis);</li>
 *   <li>heterogeneity (SD of log T2 in the tumour) {@code het_mid = het_pre exp(-0.15
 *       + heterogeneityEffect b + 0.08 e)} with a negative effect: in responders cell kill and
 *       oedema leave a patchy, heterogeneous residue, resistant tumours stay dense and uniform
 *       (both push GLSZM Zone% the same way as coarsening);</li>
 *   <li>weakly, the pre-treatment texture (grain +0.04 b, heterogeneity +0.03 b) and the
 *       shrinkage (diameter ratio mid/pre {@code 0.60 + 0.04 b + 0.11 e}).</li>
 * </ul>
 * FIGO stage and baseline diameter are independent of {@code b} and carry weaker hazard signal.
 * Necrosis fraction and the tumour's T2 drop at mid are nuisance variation unrelated to outcome.
 */
record PatientCase(String id, int index, int age, int figo, double diameterCm,
    double trueDiameterCm, double biology, double grainPreMm,
    double grainMidMm, double heterogeneityPre, double heterogeneityMid, double necrosisPre,
    double necrosisMid, double shrinkRatio, double midT2Factor, double linearPredictor,
    double eventTimeMonths, double censorMonths, double pfsMonths, boolean progression) {

  static final double LOG_DIAMETER_MEAN = StrictMath.log(5.2);
  static final double LOG_DIAMETER_SD = 0.27;
  static final double GRAIN_PRE_MEDIAN_MM = 1.5;
  static final double HETEROGENEITY_PRE_MEDIAN = 0.22;
  /** Weak trace of the biology in the pre-treatment texture (log grain, log heterogeneity). */
  static final double PRE_TRACE_GRAIN = 0.04;
  static final double PRE_TRACE_HETEROGENEITY = 0.03;

  /** The variables that enter the hazard, drawn first so calibration can reuse this. */
  record Clinical(int figo, double diameterCm, double biology) {}

  static Clinical drawClinical(SynthRandom r) {
    int figo = 1 + r.choose(0.07, 0.35, 0.52, 0.06);
    double logD = r.gaussian(LOG_DIAMETER_MEAN + 0.10 * (figo - 2.6), 0.26);
    double d = Math.max(1.5, Math.min(11, StrictMath.exp(logD)));
    double b = r.gaussian();
    return new Clinical(figo, d, b);
  }

  static PatientCase draw(int index, String id, SynthParams p, SurvivalModel survival) {
    SynthRandom r = SynthRandom.of(p.seed(), index, "patient");
    Clinical c = drawClinical(r);
    double b = c.biology();
    int age = (int) Math.round(r.truncatedGaussian(49, 11, 24, 86));
    double grainPre = clamp(GRAIN_PRE_MEDIAN_MM * StrictMath.exp(0.18 * r.gaussian() + PRE_TRACE_GRAIN * b),
        0.4, 5);
    double grainMid = clamp(grainPre * StrictMath.exp(0.10 + p.grainEffect() * b
        + 0.07 * r.gaussian()), 0.4, 6);
    double hetPre = clamp(HETEROGENEITY_PRE_MEDIAN * StrictMath.exp(0.15 * r.gaussian()
        + PRE_TRACE_HETEROGENEITY * b), 0.05, 0.6);
    double hetMid = clamp(hetPre * StrictMath.exp(-0.15 + p.heterogeneityEffect() * b
        + 0.08 * r.gaussian()), 0.04, 0.6);
    double necPre = r.uniform(0, 0.12);
    double necMid = necPre * r.uniform(0.4, 1.3);
    double shrink = clamp(0.60 + 0.04 * b + 0.11 * r.gaussian(), 0.30, 0.95);
    double midT2 = r.uniform(0.82, 0.95);
    double measured = round1(c.diameterCm() * StrictMath.exp(r.gaussian(0, 0.05)));
    // Drawn and not used: this was the mid diameter's noise before the mid diameter was measured
    // on the rendered residual tumour (CohortGenerator); kept so that the event and censoring
    // times drawn after it are unchanged.
    r.gaussian(0, 0.07);
    double lp = survival.linearPredictor(b, c.figo(), c.diameterCm());
    double t = survival.eventTime(lp, r.exponential());
    double cens = SurvivalModel.censoring(r);
    boolean event = t <= cens;
    // Follow-up is recorded to a tenth of a month; never zero.
    double pfs = Math.max(0.1, round1(Math.min(t, cens)));
    return new PatientCase(id, index, age, c.figo(), measured, c.diameterCm(), b,
        grainPre, grainMid, hetPre, hetMid, necPre, necMid, shrink, midT2, lp, t, cens, pfs,
        event);
  }

  static String idFor(int index, int patients) {
    int width = Math.max(4, String.valueOf(patients).length());
    return String.format(Locale.ROOT, "P%0" + width + "d", index + 1);
  }

  static double round1(double x) {
    return Math.rint(x * 10) / 10;
  }

  static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }
}
