package org.deltarad.image;

import java.util.Locale;
import java.util.function.IntFunction;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import com.intel.gkl.compression.IntelInflater;

/**
 * Whole-buffer gunzip of a gzip file held in memory, with the fastest inflater that loads: Intel
 * GKL's ISA-L inflater (native code for linux-x86_64 in its jar) where it loads, else
 * {@code java.util.zip}. Decompressing a 384x384x28 int16 {@code .nii.gz} (3.6 MB to 8.3 MB) took
 * 44-70 ms with ISA-L against 114-200 ms with {@code java.util.zip} in the same JVM, same bytes
 * (2-core host under load 15; see docs/benchmarks.md).
 *
 * <p>The fast path covers the common file, one gzip member with its CRC-32 and length trailer at
 * the end (what ITK, nibabel, dcm2niix and {@link NiftiWriter} write): the output array is sized
 * from the trailer's ISIZE, filled by one inflate call, and accepted only when the inflater
 * finished with exactly ISIZE bytes whose CRC-32 matches the trailer. Anything else (several
 * members, a cut or corrupt stream, a size beyond the caller's cap) returns null and the caller
 * reads the file through {@link java.util.zip.GZIPInputStream}, whose errors name the file and
 * byte count as before; so both paths give the same image or the same error.
 *
 * <p>System property {@code deltarad.inflater=jdk} forces {@code java.util.zip} (tests and
 * benchmarks compare the two).
 */
final class Gunzip {
  /** Which inflater the fast path uses in this JVM. */
  enum Implementation { ISAL, JDK }

  static final String PROPERTY = "deltarad.inflater";
  private static final Implementation NATIVE = probe();

  private Gunzip() {}

  /** The inflater in use: ISA-L if it loaded (and is not switched off), else the JDK's. */
  static Implementation implementation() {
    return "jdk".equals(System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT))
        ? Implementation.JDK : NATIVE;
  }

  private static Implementation probe() {
    try {
      IntelInflater probe = new IntelInflater(true);
      if (probe.load(null)) {
        probe.end();
        return Implementation.ISAL;
      }
    } catch (LinkageError | RuntimeException e) {
      // no native code for this platform, or it cannot be loaded: java.util.zip it is
    }
    return Implementation.JDK;
  }

  /**
   * The decompressed bytes of the single-member gzip stream in {@code gz[off, off + len)}, or
   * null when the fast path does not apply (see the class comment) and the stream must be read
   * by {@code GZIPInputStream}.
   *
   * @param maxBytes the largest decompressed size accepted here; a trailer claiming more
   *     returns null, so a caller's memory budget applies to the streaming path alone
   */
  static byte[] whole(byte[] gz, int off, int len, long maxBytes) {
    Result r = whole(gz, off, len, maxBytes, byte[]::new);
    return r == null ? null : r.bytes();
  }

  /** Decompressed data: the first {@code length} bytes of {@code bytes}. */
  record Result(byte[] bytes, int length) {}

  /**
   * As {@link #whole(byte[], int, int, long)}, into {@code into.apply(n)}, an array of at least
   * the n bytes the trailer declares (a caller's reused buffer, say); null as there.
   */
  static Result whole(byte[] gz, int off, int len, long maxBytes, IntFunction<byte[]> into) {
    int start = dataStart(gz, off, len);
    if (start < 0) {
      return null;
    }
    int end = off + len;
    long isize = littleEndianInt(gz, end - 4) & 0xffffffffL;
    if (isize == 0 || isize > maxBytes || isize > Integer.MAX_VALUE - 16) {
      return null;
    }
    int size = (int) isize;
    byte[] out = into.apply(size);
    Inflater inf = newInflater();
    try {
      inf.setInput(gz, start, end - 8 - start);
      int n = 0;
      while (n < size && !inf.finished()) {
        int r = inf.inflate(out, n, size - n);
        if (r <= 0) {
          break;
        }
        n += r;
      }
      if (n != size || !inf.finished()) {
        return null;
      }
    } catch (DataFormatException | RuntimeException e) {
      return null;
    } finally {
      inf.end();
    }
    CRC32 crc = new CRC32();
    crc.update(out, 0, size);
    return crc.getValue() == (littleEndianInt(gz, end - 8) & 0xffffffffL)
        ? new Result(out, size) : null;
  }

  private static Inflater newInflater() {
    if (implementation() == Implementation.ISAL) {
      IntelInflater inf = new IntelInflater(true);
      if (inf.load(null)) {
        return inf;
      }
    }
    return new Inflater(true);
  }

  /**
   * Offset of the deflate data after the gzip member header (RFC 1952: magic, CM = 8, flags,
   * mtime, xfl, os, then the optional extra field, name and comment), or -1. A header with its
   * own CRC (FHCRC, rare) is left to GZIPInputStream, which checks it.
   */
  private static int dataStart(byte[] g, int off, int len) {
    int end = off + len;
    if (len < 18 || (g[off] & 0xff) != 0x1f || (g[off + 1] & 0xff) != 0x8b || g[off + 2] != 8
        || (g[off + 3] & 0xe2) != 0) {
      return -1;
    }
    int flags = g[off + 3];
    int p = off + 10;
    if ((flags & 4) != 0) {
      if (p + 2 > end) {
        return -1;
      }
      p += 2 + ((g[p] & 0xff) | (g[p + 1] & 0xff) << 8);
    }
    for (int bit : new int[] {8, 16}) {
      if ((flags & bit) != 0) {
        while (p < end && g[p] != 0) {
          p++;
        }
        p++;
      }
    }
    return p + 8 <= end ? p : -1;
  }

  private static int littleEndianInt(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }
}
