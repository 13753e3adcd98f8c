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
    this(nx, ny, nz, levels, intensities, countAndMax[0], countAndMax[1], spacing);
  }

  /** For {@link Preprocessing}, which counts the ROI and its largest level as it discretises. */
  DiscretizedRoi(int nx, int ny, int nz, int[] levels, double[] intensities, int voxelCount,
      int maxLevel, double[] spacing) {
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
}
