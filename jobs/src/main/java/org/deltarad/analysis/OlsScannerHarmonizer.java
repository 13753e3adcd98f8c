package org.deltarad.analysis;

import java.io.Serializable;
import java.util.List;
import org.deltarad.stats.DesignMatrix;
import org.deltarad.stats.OlsHarmonizer;

/**
 * The paper's harmonisation: per feature, a linear regression on the scanner covariates
 * (numeric ones as they are, categorical ones one-hot with the first sorted level as reference,
 * as R's {@code lm} with factors), fitted on the primary reader's pre and mid scans together;
 * the residuals are kept. The second reader's residuals use the same coefficients.
 *
 * <p>The design is decomposed once per JVM (driver or executor) and shared by every feature,
 * so a feature costs one back-substitution.
 *
 * <p>Every scan's residual, the fitted ones included, is {@code y - X b} (R's
 * {@code y - predict(lm)}) rather than the in-sample {@code residuals(lm)} ({@code y - Q Q' y}):
 * the two agree to rounding, and one formula for every scan is what lets a saved model
 * ({@link Standardization}) score the training cohort again bit for bit.
 */
final class OlsScannerHarmonizer implements Harmonizer, Serializable {
  private static final long serialVersionUID = 1L;
  private final double[][] design;
  private final String[] names;
  private final double[][] secondDesign;
  private transient OlsHarmonizer.Model model;
  /** The covariate encoding (driver side only: saved with the analysis' tables). */
  private transient DesignMatrix encoding;

  OlsScannerHarmonizer(double[][] design, String[] names, double[][] secondDesign) {
    this.design = design;
    this.names = names;
    this.secondDesign = secondDesign;
  }

  /**
   * Learns the encoding from the primary scans (covariates as columns: [covariate][scan]); when
   * the second reader's scans cannot be encoded (a level the primary scans lack) the reason goes
   * to {@code unusable} and the harmonizer has no second design.
   */
  static OlsScannerHarmonizer learn(String[] numeric, String[] categorical, double[][] num1,
      String[][] cat1, double[][] num2, String[][] cat2, int secondRows,
      java.util.function.Consumer<String> unusable) {
    DesignMatrix dm = DesignMatrix.learn(numeric, categorical, cat1);
    double[][] second = null;
    if (secondRows > 0) {
      try {
        second = dm.encode(num2, cat2);
      } catch (IllegalArgumentException ex) {
        unusable.accept(ex.getMessage());
      }
    }
    OlsScannerHarmonizer h = new OlsScannerHarmonizer(dm.encode(num1, cat1), dm.columnNames(),
        second);
    h.encoding = dm;
    return h;
  }

  @Override
  public DesignMatrix encoding() {
    return encoding;
  }

  synchronized OlsHarmonizer.Model model() {
    if (model == null) {
      model = OlsHarmonizer.fit(design, names);
    }
    return model;
  }

  boolean hasSecondDesign() {
    return secondDesign != null;
  }

  @Override
  public List<String> aliased() {
    return model().aliased();
  }

  @Override
  public List<Output> adjust(List<Input> features, WorkPool pool) {
    return pool.map(features, this::adjustOne);
  }

  private Output adjustOne(Input in) {
    try {
      OlsHarmonizer.Fit fit = model().fit(in.primary());
      double[] r2 = secondDesign == null ? new double[0]
          : fit.residuals(secondDesign, in.second());
      return new Output(fit.residuals(design, in.primary()), r2, null, fit.coefficients(),
          null);
    } catch (IllegalArgumentException ex) {
      return Output.failed(ex.getMessage());
    }
  }
}
