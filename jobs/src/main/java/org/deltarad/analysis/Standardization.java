package org.deltarad.analysis;

import java.util.List;
import java.util.Map;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.stats.ComBat;
import org.deltarad.stats.DesignMatrix;
import org.deltarad.stats.OlsHarmonizer;
import org.deltarad.stats.ZScore;

/**
 * What turns a scan's raw feature value into the value the signatures were fitted on, as
 * fitted by the analysis: the scanner model ({@code ols}: the covariate encoding and, per
 * feature, its coefficients; {@code combat}: the encoding of the protected covariates and, per
 * feature, the fitted batch adjustment) and the z-scoring (per feature, mean and SD of the
 * harmonized values). Saved as the {@code harmonization_design},
 * {@code harmonization_coefficients}, {@code harmonization_combat} and {@code zscore} tables so
 * that {@code score} applies the training cohort's parameters to another cohort; the arithmetic
 * is the analysis' own, so the training cohort's values come out bit for bit.
 *
 * @param design the encoding of the covariates ({@code ols}) or of the protected ones
 *     ({@code combat}, null when none is protected); else null
 * @param coefficients feature -> coefficients in design order, NaN where aliased ({@code ols})
 * @param zscores feature -> its z-scoring (empty when {@code harmonization.zscore} is false)
 * @param combat feature -> its fitted ComBat adjustment ({@code combat}; empty otherwise)
 */
public record Standardization(HarmonizationMethod method, DesignMatrix design,
    Map<String, double[]> coefficients, Map<String, ZScore> zscores,
    Map<String, ComBat.FeatureFit> combat) {

  public Standardization(HarmonizationMethod method, DesignMatrix design,
      Map<String, double[]> coefficients, Map<String, ZScore> zscores) {
    this(method, design, coefficients, zscores, Map.of());
  }

  /**
   * The batch levels ComBat was fitted on (joint values of {@code harmonization.batch},
   * sorted; the same for every feature), empty without ComBat.
   */
  public List<String> combatBatches() {
    return combat.isEmpty() ? List.of() : combat.values().iterator().next().batches();
  }

  /**
   * The standardised value of one feature on scans with the given design rows
   * ({@code design.encode} of their covariates; unused without a scanner model) and, for
   * {@code combat}, batches (each one of {@link #combatBatches()}).
   */
  public double[] apply(String feature, double[][] designRows, String[] batches, double[] raw) {
    double[] r = raw;
    if (method == HarmonizationMethod.OLS) {
      r = new OlsHarmonizer.Fit(coefficients.get(feature), null).residuals(designRows, raw);
    } else if (method == HarmonizationMethod.COMBAT) {
      ComBat.FeatureFit fit = combat.get(feature);
      r = new double[raw.length];
      for (int i = 0; i < raw.length; i++) {
        r[i] = fit.adjust(raw[i], batches[i], design == null ? null : designRows[i]);
      }
    } else if (method != HarmonizationMethod.NONE) {
      throw new IllegalStateException("no saved model for harmonization " + method);
    }
    ZScore z = zscores.get(feature);
    return z == null ? r : z.apply(r);
  }
}
