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
 * {@link Image3D} owns its own voxel array and may be kept.
 */
public final class ReadBuffers {
  /**
   * Largest array kept for the next volume (a 384x384x28 int16 image inflates to 8.3 MB); a
   * larger volume gets arrays of its own, so one rare huge image does not pin its memory for the
   * rest of the task. A task keeps at most two file arrays and one inflate array per
   * ReadBuffers, 48 MB; it uses two (image and mask).
   */
  static final int KEEP_MAX = 16 << 20;

  /** Files per load whose arrays are kept. */
  private static final int KEPT_FILES = 2;

  private final List<byte[]> stored = new ArrayList<>();
  private byte[] inflated = new byte[0];
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
