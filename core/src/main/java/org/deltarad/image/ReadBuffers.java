package org.deltarad.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Caller-owned scratch arrays for reading volumes one after another in one thread: the stored
 * files' bytes ({@link ImageBytes#load(String, org.apache.hadoop.conf.Configuration, long,
 * ReadBuffers)}) and the decompressed data the voxels are decoded from, kept from one volume to
 * the next instead of allocated anew. A 384x384x28 int16 {@code .nii.gz} otherwise allocates (and
 * the JVM zeroes) 3.6 MB for the file and 8.3 MB for the inflated data, about 1 ms of a 50 ms
 * volume in one thread, and the humongous arrays cost the garbage collector more when both
 * cores read (measurements in docs/benchmarks.md).
 *
 * <p>Not thread-safe. An {@link ImageBytes} loaded with these buffers holds views of them: it
 * must be decoded before the same buffers load another volume. It checks that, and fails with
 * an {@link IllegalStateException} instead of decoding another volume's bytes. The decoded
 * {@link Image3D} owns its voxel array and may be kept, unless the caller gives it back with
 * {@link #recycle}: then the next volume of the same size is decoded into that array.
 */
public final class ReadBuffers {
  /**
   * Largest array kept for the next volume (a 384x384x28 int16 image inflates to 8.3 MB); a
   * larger volume gets arrays of its own, so one rare huge image does not pin its memory for the
   * rest of the task. A task keeps at most two file arrays, one inflate array and one recycled
   * voxel array per ReadBuffers, 64 MB; it uses two (image and mask).
   */
  static final int KEEP_MAX = 16 << 20;

  /** Files per load whose arrays are kept. */
  private static final int KEPT_FILES = 2;

  private final List<byte[]> stored = new ArrayList<>();
  private byte[] inflated = new byte[0];
  /** The 16-bit voxel array last given back through {@link #recycle}, or null. */
  private short[] voxels;
  /** The blocks of {@link #voxels} that may hold non-zero values; null: any of them. */
  private NonZeroBlocks voxelsNonZero;
  private long loads;

  /** A new load begins: views handed out by earlier loads become invalid. Returns its number. */
  long claim() {
    return ++loads;
  }

  /** Whether the load numbered {@code load} still owns the arrays. */
  boolean owns(long load) {
    return load == loads;
  }

  /**
   * An array of at least {@code n} bytes for the {@code file}-th file of the current load; only
   * the first two files (a NIfTI pair's header and image, an NRRD header and its data) get
   * arrays that are kept.
   */
  byte[] stored(int file, int n) {
    if (file >= KEPT_FILES) {
      return new byte[n];
    }
    while (stored.size() <= file) {
      stored.add(new byte[0]);
    }
    byte[] b = stored.get(file);
    if (b.length >= n) {
      return b;
    }
    b = new byte[n];
    if (n <= KEEP_MAX) {
      stored.set(file, b);
    }
    return b;
  }

  /**
   * An array of exactly {@code n} shorts to decode 16-bit voxels into: the recycled one when it
   * has that length (still holding its old values, which the decoder overwrites; with the blocks
   * of them that may be non-zero, when its image knew them), else a new one,
   * and a recycled array of another size is let go rather than kept beside it. A recycled array
   * is handed out once: a decode that fails half way leaves it to no one else.
   */
  VoxelCodec.Target voxels(int n) {
    short[] v = voxels;
    NonZeroBlocks nonZero = voxelsNonZero;
    voxels = null;
    voxelsNonZero = null;
    return v != null && v.length == n ? new VoxelCodec.Target(v, nonZero)
        : VoxelCodec.Target.fresh(n);
  }

  /**
   * The caller is done with {@code image}: its 16-bit voxel array (if it has one and it is at
   * most {@link #KEEP_MAX} bytes) is kept, and the next volume of the same size that these
   * buffers decode is written into it. The image, and anything sharing its array, must not be
   * used afterwards. Saves the allocation and zeroing of a new 8.3 MB array per volume, about
   * 2-3 ms for a 384x384x28 int16 image (new array plus copy 2.6-4.5 ms against 0.8 ms for the
   * copy alone, one JVM, same bytes; docs/benchmarks.md).
   */
  public void recycle(Image3D image) {
    short[] v = image.shortVoxels();
    if (v != null && 2L * v.length <= KEEP_MAX) {
      voxels = v;
      voxelsNonZero = image.nonZeroBlocks();
    }
  }

  /** An array of at least {@code n} bytes for decompressed data of the current load. */
  byte[] inflated(int n) {
    if (inflated.length >= n) {
      return inflated;
    }
    byte[] b = new byte[n];
    if (n <= KEEP_MAX) {
      inflated = b;
    }
    return b;
  }
}
