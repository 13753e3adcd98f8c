package org.deltarad.analysis;

import java.util.Map;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.stats.DesignMatrix;
import org.deltarad.stats.OlsHarmonizer;
import org.deltarad.stats.ZScore;

/**
 * What turns a scan's raw feature value into the value the signatures were fitted on, as
 * fitted by the analysis: the scanner model ({@code ols}: the covariate encoding and, per
 * feature, its coefficients) and the z-scoring (per feature, mean and SD of the fitted
 * residuals). Saved as the {@code harmonization_design}, {@code harmonization_coefficients} and
 * {@code zscore} tables so that {@code score} applies the training cohort's parameters to
 * another cohort; the arithmetic is the analysis' own, so the training cohort's values come out
 * bit for bit.
 *
 * @param design the encoding of the covariates (null unless {@code ols})
 * @param coefficients feature -> coefficients in design order, NaN where aliased ({@code ols})
 * @param zscores feature -> its z-scoring (empty when {@code harmonization.zscore} is false)
 */
public record Standardization(HarmonizationMethod method, DesignMatrix design,
    Map<String, double[]> coefficients, Map<String, ZScore> zscores) {

  /**
   * The standardised value of one feature on scans with the given design rows
   * ({@code design.encode} of their covariates; unused without a scanner model).
   */
  public double[] apply(String feature, double[][] designRows, double[] raw) {
    double[] r = raw;
    if (method == HarmonizationMethod.OLS) {
      r = new OlsHarmonizer.Fit(coefficients.get(feature), null).residuals(designRows, raw);
    } else if (method != HarmonizationMethod.NONE) {
      throw new IllegalStateException("no saved model for harmonization " + method);
    }
    ZScore z = zscores.get(feature);
    return z == null ? r : z.apply(r);
  }
}
