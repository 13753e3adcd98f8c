package org.deltarad.synth;

/**
 * Settings of one synthetic cohort. Defaults are the committed {@code data-samples/} cohort's
 * strengths (its size, matrix and event share are set on the command line, see its README);
 * every strength is written to {@code ground_truth.json} so tests can check recovery.
 *
 * @param patients number of patients (>= 1)
 * @param seed cohort seed; patient i uses streams seeded from (seed, i, purpose)
 * @param nx image columns; @param ny rows; @param nz slices
 * @param noSignal when true, biology, FIGO and size do not drive the hazard (null cohort)
 * @param reader2Fraction share of patients with a second reader's masks
 * @param eventFraction target share of patients who progress during follow-up
 * @param biologyLogHr log hazard ratio per SD of the latent biology
 * @param figoLogHr log hazard ratio per FIGO stage step
 * @param sizeLogHr log hazard ratio per SD of log baseline diameter
 * @param grainEffect log grain-size change pre->mid per SD of biology (the planted texture)
 * @param heterogeneityEffect log heterogeneity change pre->mid per SD of biology
 * @param tumourScale factor on the tumour's rendered size before it is fitted to the image
 *     (1 = clinical size; 2 gives 25k-80k-voxel tumours, median ~35k, on 192x192x24)
 */
public record SynthParams(int patients, long seed, int nx, int ny, int nz, boolean noSignal,
    double reader2Fraction, double eventFraction, double biologyLogHr, double figoLogHr,
    double sizeLogHr, double grainEffect, double heterogeneityEffect, double tumourScale) {

  public static final int DEFAULT_NX = 96;
  public static final int DEFAULT_NY = 96;
  public static final int DEFAULT_NZ = 16;
  /**
   * Log HR per SD of biology. Strong on purpose: with 15-25 training events, a 2:1 split and the
   * paper's LOO LASSO-Cox, weaker links (1.2-2.0) let chance combinations of nuisance-laden
   * features win in training and fail in validation on some seeds (conf/synth-model.md).
   */
  public static final double DEFAULT_BIOLOGY_LOG_HR = 2.5;

  public SynthParams {
    if (patients < 1) {
      throw new IllegalArgumentException("--patients must be at least 1, got " + patients);
    }
    if (nx < 32 || ny < 32 || nz < 8) {
      throw new IllegalArgumentException("image size " + nx + "x" + ny + "x" + nz
          + " is too small: need at least 32x32x8");
    }
    if ((long) nx * ny * nz > 64L * 1024 * 1024) {
      throw new IllegalArgumentException("image size " + nx + "x" + ny + "x" + nz
          + " is too large: at most 64 Mi voxels");
    }
    if (!(reader2Fraction >= 0 && reader2Fraction <= 1)) {
      throw new IllegalArgumentException("reader-2 fraction must be in [0, 1], got "
          + reader2Fraction);
    }
    if (!(eventFraction >= 0.05 && eventFraction <= 0.8)) {
      throw new IllegalArgumentException("event fraction must be in [0.05, 0.8], got "
          + eventFraction);
    }
    if (!(tumourScale >= 0.2 && tumourScale <= 5)) {
      throw new IllegalArgumentException("tumour scale must be in [0.2, 5], got " + tumourScale);
    }
    for (double v : new double[] {biologyLogHr, figoLogHr, sizeLogHr, grainEffect,
        heterogeneityEffect}) {
      if (!Double.isFinite(v) || Math.abs(v) > 5) {
        throw new IllegalArgumentException("effect strengths must be finite and at most 5 in"
            + " magnitude, got " + v);
      }
    }
  }

  /** The defaults (the data-samples cohort) for a number of patients and a seed. */
  public static SynthParams defaults(int patients, long seed) {
    return new SynthParams(patients, seed, DEFAULT_NX, DEFAULT_NY, DEFAULT_NZ, false, 0.25,
        0.30, DEFAULT_BIOLOGY_LOG_HR, 0.15, 0.15, 0.70, -0.30, 1.0);
  }

  public SynthParams withSize(int nx, int ny, int nz) {
    return new SynthParams(patients, seed, nx, ny, nz, noSignal, reader2Fraction, eventFraction,
        biologyLogHr, figoLogHr, sizeLogHr, grainEffect, heterogeneityEffect, tumourScale);
  }

  public SynthParams withNoSignal(boolean none) {
    return new SynthParams(patients, seed, nx, ny, nz, none, reader2Fraction, eventFraction,
        biologyLogHr, figoLogHr, sizeLogHr, grainEffect, heterogeneityEffect, tumourScale);
  }

  public SynthParams withReader2Fraction(double f) {
    return new SynthParams(patients, seed, nx, ny, nz, noSignal, f, eventFraction,
        biologyLogHr, figoLogHr, sizeLogHr, grainEffect, heterogeneityEffect, tumourScale);
  }

  public SynthParams withEventFraction(double f) {
    return new SynthParams(patients, seed, nx, ny, nz, noSignal, reader2Fraction, f,
        biologyLogHr, figoLogHr, sizeLogHr, grainEffect, heterogeneityEffect, tumourScale);
  }

  public SynthParams withBiologyLogHr(double b) {
    return new SynthParams(patients, seed, nx, ny, nz, noSignal, reader2Fraction, eventFraction,
        b, figoLogHr, sizeLogHr, grainEffect, heterogeneityEffect, tumourScale);
  }

  public SynthParams withTumourScale(double t) {
    return new SynthParams(patients, seed, nx, ny, nz, noSignal, reader2Fraction, eventFraction,
        biologyLogHr, figoLogHr, sizeLogHr, grainEffect, heterogeneityEffect, t);
  }

  /** Hazard coefficients in force: all zero for a no-signal cohort. */
  double effectiveBiologyLogHr() { return noSignal ? 0 : biologyLogHr; }
  double effectiveFigoLogHr() { return noSignal ? 0 : figoLogHr; }
  double effectiveSizeLogHr() { return noSignal ? 0 : sizeLogHr; }

  /** True for the patients (index from 0) who get a second reader: evenly spread, exact share. */
  boolean hasReader2(int index) {
    return Math.floor((index + 1) * reader2Fraction) > Math.floor(index * reader2Fraction);
  }
}
