package org.deltarad.extract;

import org.deltarad.extract.StageException.Stage;
import org.deltarad.image.Image3D;

/**
 * Two readers' outlines of one scan, counted voxel by voxel: |A|, |B| and |A n B| of the voxels
 * holding each reader's label, and the Dice similarity coefficient 2 |A n B| / (|A| + |B|)
 * (Dice 1945; the paper's inter-reader agreement, 0.85 pre and 0.57 mid treatment). The counts
 * are exact integers, so the coefficient is one division of two longs.
 */
public record MaskOverlap(long voxelsA, long voxelsB, long both) {

  public double dice() {
    return 2.0 * both / (voxelsA + voxelsB);
  }

  /**
   * Counts the overlap. The masks must occupy the same physical space (ITK's check, as for an
   * image and its mask: size, then origin and spacing within 1e-6 x spacing, direction within
   * 1e-6); whether each holds its label is {@link #requireLabel}'s check.
   *
   * @param what the case, e.g. "P0001 pre", for messages
   */
  public static MaskOverlap of(String what, Image3D a, int labelA, Image3D b, int labelB)
      throws StageException {
    String mismatch = a.geometryMismatch(b, Image3D.GEOMETRY_TOLERANCE);
    if (mismatch != null) {
      throw new StageException(Stage.VALIDATE, "GeometryMismatch", what + ": the readers' masks "
          + a.source() + " and " + b.source() + " differ in geometry (" + mismatch + ")");
    }
    double[] va = a.voxels();
    double[] vb = b.voxels();
    long na = 0;
    long nb = 0;
    long nab = 0;
    for (int i = 0; i < va.length; i++) {
      boolean inA = va[i] == labelA;
      boolean inB = vb[i] == labelB;
      na += inA ? 1 : 0;
      nb += inB ? 1 : 0;
      nab += inA && inB ? 1 : 0;
    }
    return new MaskOverlap(na, nb, nab);
  }

  /** Throws when a mask has no voxel of its label (Dice would be 0 or 0/0, not agreement). */
  static void requireLabel(String what, Image3D m, int label, long n) throws StageException {
    if (n == 0) {
      throw new StageException(Stage.VALIDATE, "EmptyRoi", what + ": mask " + m.source()
          + " has no voxel with label " + label + " ("
          + MaskValidator.describeLabels(m.voxels()) + ")");
    }
  }
}
