package org.deltarad.features;

/**
 * Feature extraction refused its input: empty mask, absent label, image/mask geometry mismatch,
 * NaN voxels, a too small ROI, or invalid settings. The message is one line naming the image
 * and/or mask (or settings file) and the cause.
 *
 * <p>Unchecked, because it signals bad input data rather than a recoverable I/O condition; the
 * Spark job catches it per case and records the message.
 */
public class FeatureExtractionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FeatureExtractionException(String message) {
    super(message);
  }

  public FeatureExtractionException(String message, Throwable cause) {
    super(message, cause);
  }
}
