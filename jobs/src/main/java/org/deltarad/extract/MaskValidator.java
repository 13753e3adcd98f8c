package org.deltarad.extract;

import java.util.Map;
import java.util.TreeMap;
import org.deltarad.extract.StageException.Stage;
import org.deltarad.image.Image3D;

/**
 * The checks a volume passes before feature extraction (stage {@code validate}): mask and image
 * of the same size, every image voxel finite (normalisation uses the whole image, so one NaN
 * anywhere spoils every feature), and the requested label present in the mask. Spacing, origin
 * and direction are checked by the feature engine with PyRadiomics' tolerance.
 */
public final class MaskValidator {
  private MaskValidator() {}

  /** The ROI: a mask holding {@code engineLabel} where the row's label is, and its size. */
  public record Roi(Image3D mask, long voxels) {}

  public static Roi check(Image3D image, Image3D mask, int label, int engineLabel)
      throws StageException {
    if (image.nx() != mask.nx() || image.ny() != mask.ny() || image.nz() != mask.nz()) {
      throw new StageException(Stage.VALIDATE, "GeometryMismatch", "mask " + mask.source()
          + " is " + dims(mask) + " but image " + image.source() + " is " + dims(image));
    }
    // on the stored values: an int16 image or uint8 mask is not converted to doubles here
    int bad = image.nonFinite();
    if (bad > 0) {
      throw new StageException(Stage.VALIDATE, "NonFiniteImage", "image " + image.source()
          + " has " + bad + " NaN or infinite voxel(s)");
    }
    long count = mask.count(label);
    if (count == 0) {
      throw new StageException(Stage.VALIDATE, "EmptyRoi", "mask " + mask.source()
          + " has no voxel with label " + label + " (" + describeLabels(mask.voxels()) + ")");
    }
    if (label == engineLabel) {
      return new Roi(mask, count); // the engine selects mask == label itself
    }
    double[] m = mask.voxels();
    double[] roi = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      if (m[i] == label) {
        roi[i] = engineLabel;
      }
    }
    return new Roi(mask.withVoxels(roi, mask.source() + "#label=" + label), count);
  }

  private static String dims(Image3D i) {
    return i.nx() + "x" + i.ny() + "x" + i.nz();
  }

  /** "labels present: 0 (1000 voxels), 2 (31 voxels)" for the message, at most 5 labels. */
  static String describeLabels(double[] m) {
    Map<Double, Integer> counts = new TreeMap<>();
    for (double x : m) {
      counts.merge(x, 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder(counts.size() == 1 && counts.containsKey(0.0)
        ? "the mask is empty: " : "labels present: ");
    int shown = 0;
    for (Map.Entry<Double, Integer> e : counts.entrySet()) {
      if (shown++ == 5) {
        sb.append(", ...");
        break;
      }
      if (shown > 1) {
        sb.append(", ");
      }
      double k = e.getKey();
      sb.append(k == Math.rint(k) ? String.valueOf((long) k) : String.valueOf(k))
          .append(" (").append(e.getValue()).append(" voxels)");
    }
    return sb.toString();
  }
}
