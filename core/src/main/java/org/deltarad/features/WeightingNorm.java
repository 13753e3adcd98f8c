package org.deltarad.features;

/**
 * PyRadiomics' {@code weightingNorm}: how the per-direction matrices are merged into one,
 * weighted by a function of the direction's offset (in mm): GLCM by {@link #glcmWeight}, GLRLM
 * by the norm itself ({@link #distance}).
 */
public enum WeightingNorm {
  /** GLCM w = exp(-(sum |d|)^2). */
  MANHATTAN("manhattan"),
  /** w = exp(-sum d^2). */
  EUCLIDEAN("euclidean"),
  /** w = exp(-max |d|^2). */
  INFINITY("infinity"),
  /** w = 1 (the directions summed). */
  NO_WEIGHTING("no_weighting");

  private final String key;

  WeightingNorm(String key) {
    this.key = key;
  }

  /** The parameter file's spelling. */
  public String key() {
    return key;
  }

  /** The norm named by the parameter file, or null for none (PyRadiomics' default). */
  public static WeightingNorm parse(String value) {
    if (value == null) {
      return null;
    }
    for (WeightingNorm w : values()) {
      if (w.key.equals(value)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unsupported weightingNorm '" + value
        + "' (supported: manhattan, euclidean, infinity, no_weighting, null)");
  }

  /** The offset's length in this norm (1 for no_weighting): GLRLM's weight. */
  double distance(double inf, double sumSq, double sumAbs) {
    return switch (this) {
      case INFINITY -> inf;
      case EUCLIDEAN -> Math.sqrt(sumSq);
      case MANHATTAN -> sumAbs;
      case NO_WEIGHTING -> 1;
    };
  }

  /** GLCM's weight of a direction from its largest, squared-sum and absolute-sum offset. */
  double glcmWeight(double inf, double sumSq, double sumAbs) {
    return switch (this) {
      case INFINITY -> Math.exp(-inf * inf);
      case EUCLIDEAN -> Math.exp(-sumSq);
      case MANHATTAN -> Math.exp(-sumAbs * sumAbs);
      case NO_WEIGHTING -> 1;
    };
  }
}
