package org.deltarad.analysis;

import java.util.List;

/**
 * The selected features of the patients that enter the models (both time points and a clinical
 * row), rows sorted by patient id: harmonized pre and mid values of the primary reader and their
 * delta (mid - pre).
 */
public record PatientMatrix(String[] patients, String[] features, double[][] pre, double[][] mid,
    double[][] delta) {

  public int size() {
    return patients.length;
  }

  public int column(String feature) {
    return List.of(features).indexOf(feature);
  }

  /** Rows of {@code m} for the given patient positions. */
  static double[][] rows(double[][] m, int[] which) {
    double[][] out = new double[which.length][];
    for (int i = 0; i < which.length; i++) {
      out[i] = m[which[i]];
    }
    return out;
  }
}
