package org.deltarad.image;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Byte-level helpers shared by the readers: gzip detection by magic number (so a mislabelled
 * {@code .nii.gz} still reads), exact reads that turn a short file or a cut gzip stream into a
 * one-line {@link ImageIoException}, and skipping.
 */
final class ImageStreams {
  private ImageStreams() {}

  /**
   * The stream itself, or a gunzipping view of it if it starts with the gzip magic bytes. The
   * gzip view reports truncation and corruption as ImageIoException with the byte count.
   *
   * @param declared the decompressed size the file's header declares (header, extensions and
   *     voxel block), which bounds the one-piece gunzip (see {@link #gunzip}); negative when not
   *     known: then the file is read through {@code GZIPInputStream} only
   */
  static InputStream maybeGunzip(InputStream in, String name, long declared) throws IOException {
    return maybeGunzip(in, name, declared, true);
  }

  /**
   * As {@link #maybeGunzip(InputStream, String, long)}, but never decompressing the whole file
   * in one piece: for reading a header only (348 bytes of a NIfTI file), where the one-piece path
   * would inflate, and allocate, every voxel just to look at the header.
   */
  static InputStream maybeGunzipHeader(InputStream in, String name) throws IOException {
    return maybeGunzip(in, name, -1, false);
  }

  private static InputStream maybeGunzip(InputStream in, String name, long declared,
      boolean whole) throws IOException {
    InputStream buffered = in.markSupported() ? in : new java.io.BufferedInputStream(in, ImageFiles.BUFFER);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return whole ? gunzip(buffered, name, declared) : streaming(buffered, name);
    }
    return buffered;
  }

  /**
   * Most bytes a gzip stream held in memory may decompress to on the fast path ({@link Gunzip});
   * larger or malformed streams go through {@code GZIPInputStream}.
   */
  static final long WHOLE_GUNZIP_MAX = Integer.MAX_VALUE - 16;

  /**
   * Bytes beyond the header's declared size that the one-piece gunzip still takes in (data
   * some writer left after the voxel block); a file with more goes through the stream.
   */
  static final long TRAILING_SLACK = 1 << 16;

  /**
   * A gunzipping view; errors name the file and how many bytes came out before them. A file in
   * memory ({@link MemoryFile}) is decompressed in one piece when it is a plain single-member
   * stream: the same bytes, 2-3x faster with the native inflater (see {@link Gunzip}). That path
   * allocates what the gzip trailer claims, so it is taken only when the claim is within what
   * the header declares ({@code declared}, plus {@link #TRAILING_SLACK}): a lying trailer (a
   * 1.9 MB file claiming 2 GB) cannot make it allocate beyond the size the memory budget priced
   * from the header; such a file is read through {@code GZIPInputStream} instead.
   */
  static InputStream gunzip(InputStream in, String name, long declared) throws IOException {
    if (in instanceof MemoryFile && declared >= 0) {
      long cap = Math.min(WHOLE_GUNZIP_MAX, declared + TRAILING_SLACK);
      MemoryFile plain = ((MemoryFile) in).gunzipRest(cap);
      if (plain != null) {
        return plain;
      }
    }
    return streaming(in, name);
  }

  /** A gunzipping view through {@code GZIPInputStream}, 64 KB at a time. */
  private static InputStream streaming(InputStream in, String name) throws IOException {
    GZIPInputStream gz;
    try {
      gz = new GZIPInputStream(in, ImageFiles.BUFFER);
    } catch (EOFException e) {
      throw new ImageIoException(name, "truncated gzip stream after 0 bytes", e);
    } catch (ZipException e) {
      throw new ImageIoException(name, "corrupt gzip stream (" + e.getMessage() + ")", e);
    }
    return new GzipGuard(gz, name);
  }

  /**
   * Reads exactly {@code len} bytes, or returns how many could be read before the end of the
   * stream (so callers can say "data size X does not match dims").
   */
  static int readUpTo(InputStream in, byte[] buf, int off, int len) throws IOException {
    int n = 0;
    while (n < len) {
      int r = in.read(buf, off + n, len - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  /** First allocation when reading a block whose size only the (unverified) header claims. */
  static final int FIRST_CHUNK = 1 << 26;

  /**
   * Reads {@code bytes} bytes, or fewer at end of stream (the result is then shorter). The
   * buffer grows as data arrives, so a header that claims gigabytes over a tiny file costs
   * at most 64 MB before the short read is noticed, not an OutOfMemoryError.
   */
  static byte[] readBlock(InputStream in, int bytes) throws IOException {
    byte[] buf = new byte[Math.min(bytes, FIRST_CHUNK)];
    int n = 0;
    while (true) {
      n += readUpTo(in, buf, n, buf.length - n);
      if (n < buf.length || buf.length == bytes) {
        return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
      }
      buf = java.util.Arrays.copyOf(buf, (int) Math.min(bytes, 2L * buf.length));
    }
  }

  /**
   * {@code length} bytes of {@code bytes} from {@code offset}: a voxel block, maybe in place;
   * 16-bit voxels decoded from it go into {@code voxelsInto.apply(n)} (exactly n shorts, maybe a
   * recycled array: see {@link ReadBuffers#recycle}).
   */
  record Block(byte[] bytes, int offset, int length,
      IntFunction<VoxelCodec.Target> voxelsInto) {}

  /**
   * Like {@link #readBlock}, but from a file in memory (the decompressed image, say) the block
   * is a view of its buffer: an 8 MB image is then not copied once more before decoding.
   */
  static Block readBlockInPlace(InputStream in, int bytes) throws IOException {
    if (in instanceof MemoryFile) {
      return ((MemoryFile) in).take(bytes);
    }
    byte[] b = readBlock(in, bytes);
    return new Block(b, 0, b.length, VoxelCodec.Target::fresh);
  }

  /**
   * Checks that sizes times the bytes per voxel fit the 2 GB a Java array can hold; the product
   * is formed in floating point so huge NIfTI-2/NRRD sizes cannot overflow into a small number.
   */
  static void checkSize(long nx, long ny, long nz, NiftiDatatype type, String name)
      throws ImageIoException {
    double total = (double) nx * ny * nz * type.bytes();
    if (total > Integer.MAX_VALUE - 8) {
      throw new ImageIoException(name, "image too large: " + nx + "x" + ny + "x" + nz + " "
          + type.label() + " exceeds 2 GB");
    }
  }

  /** Skips exactly n bytes; returns the number skipped (less than n only at end of stream). */
  static long skipUpTo(InputStream in, long n) throws IOException {
    long done = 0;
    byte[] scratch = null;
    while (done < n) {
      long s = in.skip(n - done);
      if (s > 0) {
        done += s;
        continue;
      }
      // skip() may return 0 without being at the end; read to find out.
      if (scratch == null) {
        scratch = new byte[(int) Math.min(ImageFiles.BUFFER, n - done)];
      }
      int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  /** Most bytes read past the voxel block: beyond it the file is not what its header says. */
  static final long MAX_TRAILING = 64L << 20;

  /**
   * Reads to the end so a gzip stream's CRC and length trailer get checked (a flipped bit or a
   * stream cut inside the trailer is then reported, not ignored). Returns the bytes drained.
   * Stops with an error after {@link #MAX_TRAILING} bytes: a small gzip file can inflate to
   * gigabytes after the declared voxels, which would cost minutes of inflating for nothing.
   */
  static long drain(InputStream in, String name) throws IOException {
    byte[] scratch = new byte[8192];
    long total = 0;
    int r;
    while ((r = in.read(scratch)) >= 0) {
      total += r;
      if (total > MAX_TRAILING) {
        throw new ImageIoException(name, "more than " + (MAX_TRAILING >> 20) + " MiB of data "
            + "after the voxels the header declares");
      }
    }
    return total;
  }

  /** Turns java.util.zip's exceptions into messages that name the file and the byte count. */
  private static final class GzipGuard extends FilterInputStream {
    private final String name;
    private long count;

    GzipGuard(InputStream in, String name) {
      super(in);
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = in.read();
        if (b >= 0) {
          count++;
        }
        return b;
      } catch (EOFException e) {
        throw truncated(e);
      } catch (ZipException e) {
        throw corrupt(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int r = in.read(b, off, len);
        if (r > 0) {
          count += r;
        }
        return r;
      } catch (EOFException e) {
        throw truncated(e);
      } catch (ZipException e) {
        throw corrupt(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      // Through read(), so the count and the error translation stay right.
      byte[] scratch = new byte[(int) Math.min(8192, Math.max(1, n))];
      long done = 0;
      while (done < n) {
        int r = read(scratch, 0, (int) Math.min(scratch.length, n - done));
        if (r < 0) {
          break;
        }
        done += r;
      }
      return done;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private ImageIoException truncated(EOFException e) {
      return new ImageIoException(name, "truncated gzip stream after " + count + " bytes", e);
    }

    private ImageIoException corrupt(ZipException e) {
      return new ImageIoException(name, "corrupt gzip stream after " + count + " bytes ("
          + e.getMessage() + ")", e);
    }
  }
}
