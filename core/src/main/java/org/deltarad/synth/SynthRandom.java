package org.deltarad.synth;

import java.util.SplittableRandom;

/**
 * The generator's random source: a {@link SplittableRandom} seeded from (cohort seed, patient
 * index, stream name), so every patient and every purpose (scanner, texture, noise, reader 2)
 * has its own reproducible stream, independent of how many patients are generated or in which
 * order.
 *
 * <p>Gaussians are drawn here with Marsaglia's polar method rather than with the JDK's
 * {@code nextGaussian()}, whose algorithm is not specified and has changed between JDK releases;
 * byte-identical output for a seed needs a fixed algorithm. Transcendentals go through
 * {@link StrictMath} for the same reason.
 */
final class SynthRandom {
  private final SplittableRandom random;
  private double spare;
  private boolean hasSpare;

  private SynthRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The stream for one patient (index from 0) and one purpose. */
  static SynthRandom of(long cohortSeed, long patientIndex, String stream) {
    return new SynthRandom(mix(mix(mix(cohortSeed) ^ patientIndex) ^ stream.hashCode()));
  }

  /** SplitMix64's finaliser: spreads nearby seeds (1, 2, 3 ...) over unrelated streams. */
  static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform on [0, 1). */
  double uniform() {
    return random.nextDouble();
  }

  double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  boolean bernoulli(double p) {
    return random.nextDouble() < p;
  }

  /** Standard normal (Marsaglia polar method). */
  double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * StrictMath.log(s) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }

  double gaussian(double mean, double sd) {
    return mean + sd * gaussian();
  }

  /** Normal truncated to [lo, hi] by redrawing (only used with wide bounds). */
  double truncatedGaussian(double mean, double sd, double lo, double hi) {
    for (int i = 0; i < 1000; i++) {
      double x = gaussian(mean, sd);
      if (x >= lo && x <= hi) {
        return x;
      }
    }
    return Math.min(hi, Math.max(lo, mean));
  }

  /** Unit exponential. */
  double exponential() {
    return -StrictMath.log(1 - random.nextDouble());
  }

  /** An index drawn with the given (not necessarily normalised) weights. */
  int choose(double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length - 1; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
