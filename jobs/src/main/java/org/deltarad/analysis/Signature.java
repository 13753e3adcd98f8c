package org.deltarad.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deltarad.stats.CoxNetCvResult;
import org.deltarad.stats.CoxNetModel;

/**
 * A LASSO-Cox signature: its candidate features, the cross-validation curve, the model at the
 * configured lambda, every patient's risk score (linear predictor, {@link PatientMatrix} order)
 * and the Youden cut-off of the training cohort (NaN when none could be found).
 */
public record Signature(String name, String[] features, CoxNetCvResult cv, CoxNetModel model,
    double[] scores, double cutoff) {
  public static final String DELTA = Kind.DELTA_RAD.label();
  public static final String PRE = Kind.PRE_RAD.label();

  /** The paper's two signatures and the values each is fitted on. */
  public enum Kind {
    /** On the deltas (mid - pre). */
    DELTA_RAD("Delta_rad"),
    /** On the pre-treatment values. */
    PRE_RAD("Pre_rad");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The patient x feature values this signature is fitted on. */
    public double[][] values(PatientMatrix pm) {
      return this == DELTA_RAD ? pm.delta() : pm.pre();
    }
  }

  /** Features with a non-zero coefficient, in candidate order. */
  public Map<String, Double> coefficients() {
    Map<String, Double> m = new LinkedHashMap<>();
    double[] b = model.coefficients();
    for (int j = 0; j < b.length; j++) {
      if (b[j] != 0) {
        m.put(features[j], b[j]);
      }
    }
    return m;
  }

  /** LASSO-Cox kept no feature: every score is 0, so the signature predicts nothing. */
  public boolean empty() {
    return model != null && model.df() == 0;
  }

  public boolean hasCutoff() {
    return Double.isFinite(cutoff);
  }

  /** "high" above the cut-off, else "low"; null without a cut-off. */
  public String group(int i) {
    return !hasCutoff() ? null : scores[i] > cutoff ? "high" : "low";
  }
}
