package org.deltarad.image;

/**
 * What an image's header says about its voxel block, read before any voxel is inflated: sizes,
 * stored type, and whether values get scaled (then they are held as doubles). Used to price a
 * volume in memory before paying for it ({@link #decodedBytes}, {@link #heldBytes}).
 *
 * <p>{@code warnings}: header fields the reader ignores or fills in although the file set them
 * (an infinite {@code scl_inter}, no orientation at all), one line each, for the volume's row.
 */
public record VolumeShape(int nx, int ny, int nz, NiftiDatatype type, boolean scaled,
    boolean text, java.util.List<String> warnings) {
  public VolumeShape {
    warnings = java.util.List.copyOf(warnings);
  }

  public long voxels() {
    return (long) nx * ny * nz;
  }

  /**
   * The voxel block as decoded from the file, before conversion: sizes times the type's bytes
   * (8 a value for ASCII NRRD, parsed straight to doubles).
   */
  public long decodedBytes() {
    return voxels() * (text ? 8 : type.bytes());
  }

  /**
   * What {@link Image3D} holds: 2 bytes a voxel for unscaled 8- and 16-bit integers
   * ({@link Image3D#shortVoxels()}), else 8; uint16 is tried as shorts first (2 + 8 at worst).
   */
  public long heldBytes() {
    if (scaled || text) {
      return 8 * voxels();
    }
    return switch (type) {
      case INT8, UINT8, INT16 -> 2 * voxels();
      case UINT16 -> 10 * voxels();
      default -> 8 * voxels();
    };
  }

  /** "800x800x765 float32". */
  @Override
  public String toString() {
    return nx + "x" + ny + "x" + nz + " " + type.label();
  }
}
