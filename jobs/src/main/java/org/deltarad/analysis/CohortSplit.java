package org.deltarad.analysis;

import java.util.Map;

/**
 * Output of {@link SplitStage}: per patient of the {@link PatientMatrix} (same order) training
 * or validation, its stratum and field strength; survival times and events alongside.
 */
public record CohortSplit(boolean[] training, Map<String, String> stratum,
    Map<String, String> fieldStrength, double[] time, int[] event) {
  public static final String TRAIN = Cohort.TRAINING.label();
  public static final String VALID = Cohort.VALIDATION.label();

  /** The two cohorts, with the label the tables and the clinical split column use. */
  public enum Cohort {
    TRAINING("training"), VALIDATION("validation");

    private final String label;

    Cohort(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The cohort of a label, or null. */
    public static Cohort of(String label) {
      for (Cohort c : values()) {
        if (c.label.equals(label)) {
          return c;
        }
      }
      return null;
    }
  }

  public int[] trainingRows() {
    return rows(true);
  }

  public int[] validationRows() {
    return rows(false);
  }

  public String cohort(int i) {
    return training[i] ? TRAIN : VALID;
  }

  /** Row positions of a cohort. */
  public int[] rows(Cohort cohort) {
    return rows(cohort == Cohort.TRAINING);
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
