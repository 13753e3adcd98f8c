package org.deltarad.image;

import java.util.Arrays;

/**
 * A scalar 3-D image (or label map) in physical space, with ITK/SimpleITK geometry in LPS.
 *
 * <p>Voxels are stored x-fastest: {@code index = x + nx * (y + ny * z)}, the order NIfTI and NRRD
 * keep on disk. The physical position of voxel (i, j, k) is {@code origin + D * diag(spacing) *
 * (i, j, k)}, where {@code D} is the 3x3 direction matrix (columns are the unit axis
 * directions), stored row-major in {@link #direction()}, as {@code sitk.Image.GetDirection()}
 * returns it. This is the convention PyRadiomics sees, so geometry checks match its own.
 *
 * <p>Instances are immutable views: the arrays passed in are not copied and must not be changed
 * afterwards; accessors return the live arrays for speed in feature loops, do not write to them.
 */
public final class Image3D {
  private final int nx;
  private final int ny;
  private final int nz;
  private final double[] voxels;
  private final double[] spacing;
  private final double[] origin;
  private final double[] direction;
  private final String source;

  public Image3D(int nx, int ny, int nz, double[] voxels, double[] spacing, double[] origin,
      double[] direction, String source) {
    if (nx <= 0 || ny <= 0 || nz <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + nx + "x" + ny + "x" + nz);
    }
    if ((long) nx * ny * nz != voxels.length) {
      throw new IllegalArgumentException("voxel count " + voxels.length + " does not match size "
          + nx + "x" + ny + "x" + nz);
    }
    if (spacing.length != 3 || origin.length != 3 || direction.length != 9) {
      throw new IllegalArgumentException("spacing and origin need 3 values, direction 9");
    }
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.voxels = voxels;
    this.spacing = spacing;
    this.origin = origin;
    this.direction = direction;
    this.source = source == null ? "<memory>" : source;
  }

  /** An image with unit spacing, zero origin and identity direction. */
  public static Image3D of(int nx, int ny, int nz, double[] voxels) {
    return new Image3D(nx, ny, nz, voxels, new double[] {1, 1, 1}, new double[3],
        identity(), null);
  }

  public static double[] identity() {
    return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
  }

  public int nx() { return nx; }
  public int ny() { return ny; }
  public int nz() { return nz; }
  public int size() { return voxels.length; }
  public double[] voxels() { return voxels; }
  public double[] spacing() { return spacing; }
  public double[] origin() { return origin; }
  public double[] direction() { return direction; }
  /** Where the image came from (a path or URI), for error messages. */
  public String source() { return source; }

  public int index(int x, int y, int z) { return x + nx * (y + ny * z); }
  public double get(int x, int y, int z) { return voxels[index(x, y, z)]; }

  /** The same geometry with other voxel values (for example a resampled mask or a label map). */
  public Image3D withVoxels(double[] newVoxels, String newSource) {
    return new Image3D(nx, ny, nz, newVoxels, spacing, origin, direction, newSource);
  }

  /** Volume of one voxel in mm^3. */
  public double voxelVolume() { return spacing[0] * spacing[1] * spacing[2]; }

  /** ITK's default tolerance for "same physical space" checks (SimpleITK and PyRadiomics too). */
  public static final double GEOMETRY_TOLERANCE = 1e-6;

  /**
   * Null if {@code other} occupies the same physical space as this image, checked as ITK checks
   * the inputs of a filter (and so as PyRadiomics checks a mask against its image): equal size;
   * origin and spacing equal within {@code tolerance * spacing[0]} per component; direction
   * within {@code tolerance} per element. Otherwise a one-line description of the first
   * difference, for error messages.
   */
  public String geometryMismatch(Image3D other, double tolerance) {
    if (nx != other.nx || ny != other.ny || nz != other.nz) {
      return "size " + nx + "x" + ny + "x" + nz + " vs " + other.nx + "x" + other.ny + "x"
          + other.nz;
    }
    double coordinateTolerance = tolerance * spacing[0];
    if (!close(origin, other.origin, coordinateTolerance)) {
      return "origin " + Arrays.toString(origin) + " vs " + Arrays.toString(other.origin);
    }
    if (!close(spacing, other.spacing, coordinateTolerance)) {
      return "spacing " + Arrays.toString(spacing) + " vs " + Arrays.toString(other.spacing);
    }
    if (!close(direction, other.direction, tolerance)) {
      return "direction " + Arrays.toString(direction) + " vs "
          + Arrays.toString(other.direction);
    }
    return null;
  }

  private static boolean close(double[] a, double[] b, double tol) {
    for (int i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - b[i]) <= tol)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Image3D[" + nx + "x" + ny + "x" + nz + ", spacing=" + Arrays.toString(spacing)
        + ", origin=" + Arrays.toString(origin) + ", source=" + source + "]";
  }
}
