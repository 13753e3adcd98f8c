package org.deltarad.extract;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.deltarad.image.Image3D;

/**
 * Computes the features of one (image, mask) pair with one fixed configuration. Instances are
 * shipped to executors, so they carry the configuration as plain data and build heavy state
 * lazily.
 */
public interface FeatureEngine extends Serializable {
  /**
   * Features by PyRadiomics name ({@code original_glcm_Contrast}, ...).
   *
   * @param mask the ROI as {@link #defaultLabel()} inside and 0 outside, with the image's
   *     size (the job maps a manifest row's own {@code label} onto it)
   */
  Map<String, Double> extract(Image3D image, Image3D mask) throws Exception;

  /**
   * As {@link #extract(Image3D, Image3D)}, refusing work whose memory grows with settings (a
   * resampled grid) beyond {@code memoryBudget} bytes; this default does not check.
   */
  default Map<String, Double> extract(Image3D image, Image3D mask, long memoryBudget)
      throws Exception {
    return extract(image, mask);
  }

  /**
   * The names {@link #extract} returns, known from the configuration alone: the job's columns
   * (an extraction that returns other names is an error of that volume).
   */
  List<String> featureNames();

  /** Hash of the effective settings; outputs of different settings never mix. */
  String settingsHash();

  /** The mask value the engine treats as the ROI (PyRadiomics' {@code label} setting). */
  int defaultLabel();
}
