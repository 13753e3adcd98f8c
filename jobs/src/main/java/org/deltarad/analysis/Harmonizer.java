package org.deltarad.analysis;

import java.io.Serializable;
import java.util.List;
import org.deltarad.stats.ComBat;
import org.deltarad.stats.DesignMatrix;

/**
 * Removes scanner effects from every feature: fitted on the primary reader's scans, applied
 * unchanged to the second reader's (both readers outlined the same scan, so they share its
 * scanner and the same correction). Implementations: {@link OlsScannerHarmonizer} (the paper),
 * {@link ComBatScannerHarmonizer} and {@link #identity()}.
 */
public interface Harmonizer {
  /** A feature's values to adjust, [scan] of each reader. */
  record Input(String feature, double[] primary, double[] second) implements Serializable {}

  /**
   * The adjusted values, or why the feature could not be adjusted, and the feature's fitted
   * scanner model ({@code score} applies it to other cohorts): {@code coefficients} in design
   * order (NaN = aliased) where it is a linear one, else null; {@code combat} where it is
   * ComBat's, else null.
   */
  record Output(double[] primary, double[] second, String problem, double[] coefficients,
      ComBat.FeatureFit combat) implements Serializable {
    Output(double[] primary, double[] second, String problem) {
      this(primary, second, problem, null, null);
    }

    static Output failed(String problem) {
      return new Output(null, null, problem);
    }
  }

  /** Adjusts the features, one output per input in the same order. */
  List<Output> adjust(List<Input> features, WorkPool pool);

  /** The encoding of the covariates the model uses (null: none). */
  default DesignMatrix encoding() {
    return null;
  }

  /** Covariate columns of the design dropped as aliased (R's lm NA coefficients). */
  default List<String> aliased() {
    return List.of();
  }

  /** No adjustment (raw values). */
  static Harmonizer identity() {
    return (features, pool) -> features.stream()
        .map(f -> new Output(f.primary(), f.second(), null)).toList();
  }
}
