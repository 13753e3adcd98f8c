package org.deltarad.analysis;

import java.util.Map;

/**
 * Output of {@link SplitStage}: per patient of the {@link PatientMatrix} (same order) training
 * or validation, its stratum and field strength; survival times and events alongside.
 */
public record CohortSplit(boolean[] training, Map<String, String> stratum,
    Map<String, String> fieldStrength, double[] time, int[] event) {
  public static final String TRAIN = "training";
  public static final String VALID = "validation";

  public int[] trainingRows() {
    return rows(true);
  }

  public int[] validationRows() {
    return rows(false);
  }

  public String cohort(int i) {
    return training[i] ? TRAIN : VALID;
  }

  /** Row positions of a cohort by name. */
  public int[] rows(String cohort) {
    return rows(cohort.equals(TRAIN));
  }

  private int[] rows(boolean train) {
    int n = 0;
    for (boolean b : training) {
      n += b == train ? 1 : 0;
    }
    int[] out = new int[n];
    for (int i = 0, k = 0; i < training.length; i++) {
      if (training[i] == train) {
        out[k++] = i;
      }
    }
    return out;
  }

  static double[] pick(double[] v, int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = v[idx[i]];
    }
    return out;
  }

  static int[] pick(int[] v, int[] idx) {
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = v[idx[i]];
    }
    return out;
  }
}
