package org.deltarad.features;

/**
 * The region of interest after PyRadiomics' preprocessing, as the feature families see it: the
 * image cropped to the mask's bounding box, with each ROI voxel's intensity and its grey level
 * (bin index) after discretisation.
 *
 * <p>Arrays are x-fastest over the bounding box ({@code index = x + nx * (y + ny * z)}). Voxels
 * outside the ROI have level 0 and an intensity that must not be used. This is the contract
 * between preprocessing ({@code Preprocessing}) and the feature classes.
 */
public final class DiscretizedRoi {
  private final int nx;
  private final int ny;
  private final int nz;
  private final int[] levels;
  private final double[] intensities;
  private final double[] spacing;
  private final int voxelCount;
  private final int maxLevel;
  /** Voxels per grey level 0..maxLevel (index 0 holds 0). */
  private final int[] levelCounts;
  /** Per box row (y + ny * z): the x span [rowStart, rowEnd) of its ROI voxels (0, 0: none). */
  private final int[] rowStart;
  private final int[] rowEnd;

  /**
   * @param levels grey level per voxel, 1..maxLevel inside the ROI, 0 outside
   * @param intensities intensity per voxel (after normalisation, before binning)
   * @param spacing voxel spacing in mm (x, y, z)
   */
  public DiscretizedRoi(int nx, int ny, int nz, int[] levels, double[] intensities,
      double[] spacing) {
    this(nx, ny, nz, levels, intensities, countAndMax(nx, ny, nz, levels, intensities), spacing);
  }

  private DiscretizedRoi(int nx, int ny, int nz, int[] levels, double[] intensities,
      int[] countAndMax, double[] spacing) {
    this(nx, ny, nz, levels, intensities, countAndMax[0], countAndMax[1], spacing, null, null,
        null);
  }

  /**
   * For {@link Preprocessing}, which counts the ROI, its largest level and the voxels per level
   * as it discretises, and finds each row's span as it crops; what it passes as null (the spans
   * when some ROI voxel fell outside every bin) is found here, in one pass over the box.
   */
  DiscretizedRoi(int nx, int ny, int nz, int[] levels, double[] intensities, int voxelCount,
      int maxLevel, double[] spacing, int[] levelCounts, int[] rowStart, int[] rowEnd) {
    if (rowStart == null) {
      rowStart = new int[ny * nz];
      rowEnd = new int[ny * nz];
      spans(levels, nx, rowStart, rowEnd);
    }
    this.levelCounts = levelCounts != null ? levelCounts
        : countLevels(levels, nx, rowStart, rowEnd, maxLevel);
    this.rowStart = rowStart;
    this.rowEnd = rowEnd;
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.levels = levels;
    this.intensities = intensities;
    this.spacing = spacing;
    this.voxelCount = voxelCount;
    this.maxLevel = maxLevel;
  }

  /** Checks the arrays; returns {ROI voxel count, largest level}. */
  private static int[] countAndMax(int nx, int ny, int nz, int[] levels, double[] intensities) {
    if ((long) nx * ny * nz != levels.length || levels.length != intensities.length) {
      throw new IllegalArgumentException("ROI arrays do not match size " + nx + "x" + ny + "x" + nz);
    }
    int count = 0;
    int max = 0;
    for (int level : levels) {
      if (level < 0) {
        throw new IllegalArgumentException("grey levels must be >= 0, got " + level);
      }
      if (level > 0) {
        count++;
        max = Math.max(max, level);
      }
    }
    return new int[] {count, max};
  }

  public int nx() { return nx; }
  public int ny() { return ny; }
  public int nz() { return nz; }
  /** Grey level per bounding-box voxel; 0 outside the ROI. Do not modify. */
  public int[] levels() { return levels; }
  /** Intensity per bounding-box voxel; meaningful only where level > 0. Do not modify. */
  public double[] intensities() { return intensities; }
  public double[] spacing() { return spacing; }
  /** Number of voxels in the ROI. */
  public int voxelCount() { return voxelCount; }
  /** Largest grey level in the ROI (PyRadiomics' Ng before empty levels are dropped). */
  public int maxLevel() { return maxLevel; }
  public int index(int x, int y, int z) { return x + nx * (y + ny * z); }

  /**
   * Per row r of width nx, [start[r], end[r]) from its first to its last non-zero level; 0, 0
   * for a row without any. Each row is read from both ends, up to its first and last ROI voxel.
   */
  private static void spans(int[] levels, int nx, int[] start, int[] end) {
    for (int r = 0; r < start.length; r++) {
      int row = r * nx;
      int first = 0;
      while (first < nx && levels[row + first] == 0) {
        first++;
      }
      int last = nx - 1;
      while (last >= first && levels[row + last] == 0) {
        last--;
      }
      start[r] = last < first ? 0 : first;
      end[r] = last < first ? 0 : last + 1;
    }
  }

  /** Voxels per level 1..maxLevel, over the rows' spans (index 0 left 0). */
  private static int[] countLevels(int[] levels, int nx, int[] start, int[] end, int maxLevel) {
    int[] counts = new int[maxLevel + 1];
    for (int r = 0; r < start.length; r++) {
      for (int i = r * nx + start[r], stop = r * nx + end[r]; i < stop; i++) {
        counts[levels[i]]++;
      }
    }
    counts[0] = 0; // the gaps inside spans
    return counts;
  }

  /**
   * Voxels per grey level 0..maxLevel (index 0 holds 0): as preprocessing counted them while
   * binning (from a histogram of the integer intensities, without a pass over the box), or as
   * counted when this ROI was made. Do not modify.
   */
  int[] levelCounts() { return levelCounts; }

  /**
   * Per box row (y + ny * z), the first x of its ROI voxels (0 for a row without any): the
   * families' loops visit only these spans. Do not modify.
   */
  int[] rowStart() { return rowStart; }

  /** The end (exclusive) of each row's span, see {@link #rowStart}. */
  int[] rowEnd() { return rowEnd; }
}
