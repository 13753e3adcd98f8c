package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deltarad.stats.ComBat;
import org.deltarad.stats.DesignMatrix;

/**
 * ComBat (Johnson et al. 2007; {@code sva::ComBat}, parametric priors) by scanner batch: the
 * batch of a scan is the joint value of the configured columns (manufacturer x field strength
 * by default), and the configured categorical columns (the time point by default) are
 * protected, i.e. in ComBat's {@code mod}, so that a batch met mostly at one time point does
 * not absorb the treatment effect. Fitted on the primary reader's scans of all usable features
 * at once (the empirical Bayes priors pool the features, so this runs on the driver); the same
 * fitted batch effects are then applied to the second reader's scans.
 */
final class ComBatScannerHarmonizer implements Harmonizer {
  private final String[] batch1;
  private final double[][] protect1;
  private final String[] batch2;
  private final double[][] protect2;
  private final DesignMatrix protect;

  /**
   * @param batch1 batch of each primary scan
   * @param protect1 protected covariates of each primary scan, [scan][column], or null
   * @param protect their encoding (null when none is protected)
   */
  ComBatScannerHarmonizer(String[] batch1, double[][] protect1, String[] batch2,
      double[][] protect2, DesignMatrix protect) {
    this.batch1 = batch1;
    this.protect1 = protect1;
    this.batch2 = batch2;
    this.protect2 = protect2;
    this.protect = protect;
  }

  /** The protected covariates' encoding, or null. */
  @Override
  public DesignMatrix encoding() {
    return protect;
  }

  @Override
  public List<Output> adjust(List<Input> features, WorkPool pool) {
    int nf = features.size();
    double[][] y1 = new double[nf][];
    double[][] y2 = new double[nf][];
    for (int f = 0; f < nf; f++) {
      y1[f] = features.get(f).primary();
      // a second-reader value may be missing: ComBat adjusts each value on its own, so a
      // placeholder is adjusted and then put back to NaN
      y2[f] = features.get(f).second().clone();
      for (int j = 0; j < y2[f].length; j++) {
        if (!Double.isFinite(y2[f][j])) {
          y2[f][j] = 0;
        }
      }
    }
    ComBat.Model model;
    double[][] a1;
    double[][] a2;
    try {
      model = ComBat.fit(y1, batch1, protect1, false);
      a1 = model.apply(y1, batch1, protect1);
      a2 = batch2.length == 0 ? new double[nf][0] : model.apply(y2, batch2, protect2);
    } catch (IllegalArgumentException | IllegalStateException ex) {
      // the priors pool every feature: when the fit fails, no feature is harmonized
      throw new AnalysisException("harmonization (ComBat) failed: " + ex.getMessage());
    }
    List<Output> out = new ArrayList<>(nf);
    for (int f = 0; f < nf; f++) {
      if (!model.adjusts(f)) {
        out.add(Output.failed("constant within a scanner batch, so ComBat cannot adjust it"));
        continue;
      }
      double[] s = features.get(f).second();
      for (int j = 0; j < s.length; j++) {
        if (!Double.isFinite(s[j])) {
          a2[f][j] = Double.NaN;
        }
      }
      out.add(new Output(a1[f], a2[f], null, null, model.feature(f)));
    }
    return out;
  }

  /** "GE x 1.5": the joint value of the batch columns, null when one is missing. */
  static String batchOf(Scan s, List<String> columns) {
    String[] parts = new String[columns.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = s.label(columns.get(i));
      if (parts[i] == null || parts[i].isBlank()) {
        return null;
      }
    }
    return String.join(" x ", Arrays.asList(parts));
  }
}
