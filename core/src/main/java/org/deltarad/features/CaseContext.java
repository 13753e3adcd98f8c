package org.deltarad.features;

import java.util.Arrays;

/**
 * One case as the feature families see it: the discretised ROI, the {@link Workspace} its
 * per-voxel arrays come from, and the work one family leaves for the next on the same ROI (the
 * table of grey levels present, the padded grid, the neighbour scan that GLCM, GLDM, GLSZM and
 * GLRLM share). All of it is here, explicit: the families take a context, and what they share
 * depends only on the context they are given, not on what ran before on the thread.
 *
 * <p>Not thread-safe: one thread extracts one case through its context. Making a context on a
 * workspace retires the previous context on that workspace; a retired context's families fail
 * with an {@link IllegalStateException} rather than read arrays another case has overwritten.
 */
public final class CaseContext {
  private final DiscretizedRoi roi;
  private final Workspace work;
  private TextureSupport.Levels levels;
  private NeighbourScan scan;

  /** A context for {@code roi} with arrays from {@code work}, which it now owns. */
  public CaseContext(DiscretizedRoi roi, Workspace work) {
    this.roi = roi;
    this.work = work;
    work.attach(this);
  }

  /** A context with a workspace of its own (for a single case; no reuse of arrays). */
  public static CaseContext of(DiscretizedRoi roi) {
    return new CaseContext(roi, new Workspace());
  }

  public DiscretizedRoi roi() {
    return roi;
  }

  /**
   * The grey levels present in the ROI, made on first use. Refuses ROIs of fewer than two voxels
   * as PyRadiomics does (imageoperations.checkMask); {@code family} names the caller in the
   * message.
   */
  TextureSupport.Levels levels(String family) {
    if (roi.voxelCount() < 2) {
      throw new IllegalArgumentException(family + ": the ROI has " + roi.voxelCount()
          + " voxel(s); texture features need at least 2 (as PyRadiomics)");
    }
    owned(); // the padded grid lives in the workspace
    if (levels == null) {
      levels = TextureSupport.Levels.of(roi, this);
    }
    return levels;
  }

  /**
   * The neighbour scan for these distances, reused if the last scan of this case had them.
   * GLCM does not depend on alpha: pass null to accept a scan made for any alpha.
   */
  NeighbourScan scan(String family, int[] distances, Integer alpha) {
    if (scan != null && Arrays.equals(scan.distances, distances)
        && (alpha == null || alpha == scan.alpha)) {
      return scan;
    }
    scan = NeighbourScan.of(levels(family), distances, alpha == null ? 0 : alpha, true,
        this);
    return scan;
  }

  /**
   * Per padded ROI voxel, bit a set iff its neighbour at -directions[a] has its grey level (and
   * with at most 16 directions bit 16 + a iff the one at +directions[a] has it), if
   * this case's last neighbour scan was made for exactly these directions (GLRLM, GLSZM: the 13
   * of distance 1) on {@code grid}; else null, and the caller finds out itself. A scan on an
   * earlier grid does not count: a family with a larger pad (NGTDM at distance 2, say) replaces
   * the grid, and the scan's bits are indexed by the old one.
   */
  int[] sameLevelBefore(int[][] directions, TextureSupport.Grid grid) {
    owned(); // the bits live in the workspace
    return scan != null && scan.sameBefore() != null && scan.grid == grid
        && Arrays.deepEquals(scan.angles, directions) ? scan.sameBefore() : null;
  }

  /**
   * This case's last neighbour scan if it was made for exactly these directions and kept the
   * same-level bits (see {@link #sameLevelBefore}); else null.
   */
  NeighbourScan scanOf(int[][] directions, TextureSupport.Grid grid) {
    return sameLevelBefore(directions, grid) != null ? scan : null;
  }

  /** The workspace's int array for {@code slot}; see {@link Workspace#ints}. */
  int[] ints(Workspace.Slot slot, int length) {
    return owned().ints(slot, length);
  }

  /** As {@link #ints}, doubles. */
  double[] doubles(Workspace.Slot slot, int length) {
    return owned().doubles(slot, length);
  }

  /** As {@link #ints}, longs. */
  long[] longs(Workspace.Slot slot, int length) {
    return owned().longs(slot, length);
  }

  private Workspace owned() {
    if (!work.usedBy(this)) {
      throw new IllegalStateException("this case's workspace has been given to another case");
    }
    return work;
  }
}
