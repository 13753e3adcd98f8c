package org.deltarad.features;

/**
 * Reusable per-voxel work arrays for extracting one case at a time, owned by the caller: one per
 * thread (it is not thread-safe), kept across cases. Allocating and zeroing the families'
 * per-voxel arrays anew for each case cost about as much as a family's work on them (megabytes
 * per case, in memory no longer in cache), hence the reuse.
 *
 * <p>Each use has its own array ({@link Slot}), so arrays that live across families (the
 * neighbour scan's) are not overwritten by another family. Contents are left over from earlier
 * cases: users write each cell before reading it. A workspace serves one {@link CaseContext} at
 * a time: making a context on it retires the previous context on it, whose later use of the
 * arrays fails (see {@link CaseContext}).
 */
public final class Workspace {
  /** The uses of work arrays, one array each. */
  enum Slot {
    GLRLM_RUN, GLRLM_FOUND, GLSZM_LABEL, GLSZM_PARENT, GLSZM_PAIRS,
    GLSZM_LABEL_LEVEL, GLSZM_LABEL_VOXELS, SCAN_SAME_BEFORE, NGTDM_PACKED, NGTDM_SUM_A, NGTDM_SUM_B,
    NGTDM_INT_PLANES, PREPROCESSING_ROI, FIRSTORDER_VALUES,
    PERCENTILES_SCRATCH, GRID_INDEX
  }

  private final Object[] arrays = new Object[Slot.values().length];
  /** The context now using this workspace (null before the first). */
  private CaseContext user;

  /** An empty workspace; arrays are made on first use and grown as cases need. */
  public Workspace() {
  }

  /** Makes {@code context} this workspace's only user. */
  void attach(CaseContext context) {
    user = context;
  }

  /** Whether {@code context} is this workspace's current user. */
  boolean usedBy(CaseContext context) {
    return user == context;
  }

  /** The int array of {@code slot}, at least {@code length} long, contents undefined. */
  int[] ints(Slot slot, int length) {
    Object a = arrays[slot.ordinal()];
    if (a instanceof int[] && ((int[]) a).length >= length) {
      return (int[]) a;
    }
    int[] fresh = new int[length];
    arrays[slot.ordinal()] = fresh;
    return fresh;
  }

  /** As {@link #ints}, doubles. */
  double[] doubles(Slot slot, int length) {
    Object a = arrays[slot.ordinal()];
    if (a instanceof double[] && ((double[]) a).length >= length) {
      return (double[]) a;
    }
    double[] fresh = new double[length];
    arrays[slot.ordinal()] = fresh;
    return fresh;
  }

  /** As {@link #ints}, longs. */
  long[] longs(Slot slot, int length) {
    Object a = arrays[slot.ordinal()];
    if (a instanceof long[] && ((long[]) a).length >= length) {
      return (long[]) a;
    }
    long[] fresh = new long[length];
    arrays[slot.ordinal()] = fresh;
    return fresh;
  }
}
