package org.deltarad.analysis;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Output of {@link HarmonizeStage}: the scans of each reader (primary reader at both time points,
 * then the second reader's) and, per usable feature, raw values, residuals after the scanner
 * adjustment and the final (z-scored) values, aligned with those scans; and the fitted
 * parameters that reproduce the values from raw features ({@link Standardization}).
 */
public record Harmonized(List<ScanKey> primary, List<ScanKey> second,
    Map<String, Series> features, List<String> aliased, int designRows,
    Standardization standardization) {

  /** A scan's keys. */
  public record ScanKey(String patient, String timepoint, String reader) implements Serializable {}

  /** One feature over the scans: primary reader (suffix 1), second reader (suffix 2). */
  public record Series(double[] raw1, double[] residual1, double[] value1, double[] raw2,
      double[] residual2, double[] value2) implements Serializable {}

  /** Usable features in table order. */
  public List<String> featureNames() {
    return List.copyOf(features.keySet());
  }
}
