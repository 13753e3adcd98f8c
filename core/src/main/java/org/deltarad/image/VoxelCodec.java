package org.deltarad.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.function.IntFunction;

/** Converts raw voxel bytes of any supported type and byte order to doubles, in bulk. */
final class VoxelCodec {
  private VoxelCodec() {}

  /** {@code count} voxels stored from {@code data[off]}. */
  static double[] decode(byte[] data, int off, int count, NiftiDatatype type, ByteOrder order) {
    double[] out = new double[count];
    ByteBuffer bb = ByteBuffer.wrap(data, off, count * type.bytes()).slice().order(order);
    switch (type) {
      case UINT8:
        for (int i = 0; i < count; i++) {
          out[i] = data[off + i] & 0xff;
        }
        break;
      case INT8:
        for (int i = 0; i < count; i++) {
          out[i] = data[off + i];
        }
        break;
      case INT16: {
        ShortBuffer b = bb.asShortBuffer();
        for (int i = 0; i < count; i++) {
          out[i] = b.get(i);
        }
        break;
      }
      case UINT16: {
        ShortBuffer b = bb.asShortBuffer();
        for (int i = 0; i < count; i++) {
          out[i] = b.get(i) & 0xffff;
        }
        break;
      }
      case INT32: {
        IntBuffer b = bb.asIntBuffer();
        for (int i = 0; i < count; i++) {
          out[i] = b.get(i);
        }
        break;
      }
      case UINT32: {
        IntBuffer b = bb.asIntBuffer();
        for (int i = 0; i < count; i++) {
          out[i] = b.get(i) & 0xffffffffL;
        }
        break;
      }
      case INT64: {
        LongBuffer b = bb.asLongBuffer();
        for (int i = 0; i < count; i++) {
          out[i] = b.get(i);
        }
        break;
      }
      case UINT64: {
        LongBuffer b = bb.asLongBuffer();
        for (int i = 0; i < count; i++) {
          long v = b.get(i);
          // Halve with a sticky low bit so the conversion rounds once, correctly.
          out[i] = v >= 0 ? v : (double) ((v >>> 1) | (v & 1)) * 2.0;
        }
        break;
      }
      case FLOAT32: {
        FloatBuffer b = bb.asFloatBuffer();
        for (int i = 0; i < count; i++) {
          out[i] = b.get(i);
        }
        break;
      }
      case FLOAT64: {
        DoubleBuffer b = bb.asDoubleBuffer();
        b.get(out, 0, count);
        break;
      }
      default:
        throw new IllegalStateException("datatype " + type);
    }
    return out;
  }

  /**
   * 16-bit voxels and their exact sum, taken while decoding them: preprocessing needs the sum of
   * the whole image (its normalisation mean), and here the bytes are already in cache.
   */
  record Shorts(short[] voxels, long sum, NonZeroBlocks nonZero) {}

  /**
   * An array of exactly n shorts to decode into, and which of its blocks may still hold non-zero
   * values from earlier use ({@code stale}; null: any, so every voxel is written). A recycled
   * mask's array comes with the blocks its decoding marked: decoding the next mask into it then
   * writes only those and its own non-zero blocks, not 8 MB of zeros.
   */
  record Target(short[] array, NonZeroBlocks stale) {
    Target {
      if (stale != null && stale.voxels() != array.length) {
        throw new IllegalArgumentException("non-zero blocks of " + stale.voxels()
            + " voxels for " + array.length);
      }
    }

    /** A new array: all zeros, nothing stale. */
    static Target fresh(int n) {
      return new Target(new short[n], new NonZeroBlocks(new long[NonZeroBlocks.words(n)], n));
    }
  }

  /**
   * The voxels as 16-bit integers, with their sum, when every value fits one exactly (int8,
   * uint8, int16, and uint16 data up to 32767), else null: {@link Image3D} then holds a quarter
   * of the bytes.
   */
  static Shorts decodeShorts(byte[] data, int off, int count, NiftiDatatype type,
      ByteOrder order) {
    return decodeShorts(data, off, count, type, order, Target::fresh);
  }

  /**
   * As {@link #decodeShorts(byte[], int, int, NiftiDatatype, ByteOrder)}, into
   * {@code into.apply(count)}: exactly {@code count} shorts, a recycled array say, with the
   * blocks that may hold old non-zero values ({@link Target#stale}; null for an array of unknown
   * content, every voxel then written). 16-bit data overwrites every voxel.
   */
  static Shorts decodeShorts(byte[] data, int off, int count, NiftiDatatype type,
      ByteOrder order, IntFunction<Target> into) {
    switch (type) {
      case UINT8:
      case INT8:
        return bytesToShorts(data, off, into.apply(count), type == NiftiDatatype.UINT8);
      case INT16:
      case UINT16: {
        short[] out = into.apply(count).array();
        long sum = copyAndSum(data, off, out, order);
        if (type == NiftiDatatype.UINT16) {
          for (short v : out) {
            if (v < 0) {
              return null;  // above 32767: keep as doubles
            }
          }
        }
        return new Shorts(out, sum, null);
      }
      default:
        return null;
    }
  }

  /** Shorts per step of {@link #copyAndSum}: 64 KB of bytes, summed while still in L1/L2. */
  private static final int COPY_CHUNK = 1 << 15;

  private static final VarHandle LONGS_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Copies {@code out.length} 16-bit values of byte order {@code order} from {@code data[off]}
   * into {@code out} (a bulk copy) and returns their exact sum, chunk by chunk: each 64 KB
   * is summed right after it is copied, from the bytes, four values per 8-byte read
   * ({@link #sumChunk}). For 384x384x28 int16 images (20 files, one JVM, load 2-4)
   * a separate sum pass took 2.1-2.3 ms as a scalar loop over the shorts (what preprocessing
   * did), 0.6-0.7 ms as 8-byte reads; copy and sum in 64 KB chunks took 2.0-3.2 ms against
   * 2.1-2.6 ms for the copy alone.
   */
  static long copyAndSum(byte[] data, int off, short[] out, ByteOrder order) {
    ShortBuffer src = ByteBuffer.wrap(data, off, 2 * out.length).slice().order(order)
        .asShortBuffer();
    boolean little = order == ByteOrder.LITTLE_ENDIAN;
    long sum = 0;
    for (int i = 0; i < out.length; i += COPY_CHUNK) {
      int n = Math.min(COPY_CHUNK, out.length - i);
      src.get(out, i, n);
      int quads = n >>> 2;
      int from = off + 2 * i;
      sum += sumChunk(data, from, quads, !little);
      for (int k = i + 4 * quads; k < i + n; k++) {
        sum += out[k];
      }
    }
    return sum;
  }

  /** The two 16-bit lanes of each 32-bit half of a long. */
  private static final long LOW_LANES = 0x0000FFFF0000FFFFL;
  /** The sign bit of each 16-bit lane. */
  private static final long SIGN_BITS = 0x8000800080008000L;

  /**
   * Exact sum of {@code 4 * quads} signed 16-bit values of either byte order from
   * {@code data[off]}, at most {@link #COPY_CHUNK} of them, read 8 bytes (four values) at a time
   * (SIMD within a register): flipping each sign bit turns a value v into v + 32768 in
   * [0, 65535]; two masks split the four lanes into two pairs of 32-bit fields, which add up to
   * at most 2 * 8192 * 65535 < 2^32 without carrying into each other; the 32768 per value is
   * taken off at the end. Big-endian values are the little-endian read byte-reversed (a sum
   * does not care about lane order); the branch is loop-invariant, and the little-endian path
   * measured as before (1.15-1.41 ms against 1.17-1.34 ms to copy and sum 4.1 M values). The
   * VarHandle must be a constant: passed as an argument it is not inlined, and decoding took
   * 7 ms more per volume.
   */
  private static long sumChunk(byte[] data, int off, int quads, boolean bigEndian) {
    long fields = 0;
    for (int q = 0; q < quads; q++) {
      long w = (long) LONGS_LE.get(data, off + 8 * q);
      // big-endian: the same 8 bytes reversed hold the four values, in the other lane order
      w = (bigEndian ? Long.reverseBytes(w) : w) ^ SIGN_BITS;
      fields += (w & LOW_LANES) + ((w >>> 16) & LOW_LANES);
    }
    return unbias(fields, quads);
  }

  /** The sum of the biased lanes held in the two 32-bit fields, less 32768 per value. */
  private static long unbias(long fields, int quads) {
    return (fields & 0xFFFFFFFFL) + (fields >>> 32) - 32768L * 4 * quads;
  }

  /** Zeros that {@link #firstNonZero} compares with, 32 blocks at a time. */
  private static final byte[] ZEROS = new byte[32 * NonZeroBlocks.SIZE];

  /**
   * Bytes widened to shorts, into the target's array. A label map is mostly background:
   * {@code Arrays.mismatch} (a vectorised intrinsic) finds the next non-zero byte, 4 KB per call;
   * only the blocks of {@link NonZeroBlocks#SIZE} voxels holding one are converted (from that
   * byte on) and marked, and of the all-zero blocks only those the target marks stale are
   * filled with zeros: a new array is zero already, and a recycled mask's array holds non-zero
   * values only where its own mask did. The sum is taken over the converted blocks.
   *
   * <p>384x384x28 uint8 masks (50 files, one JVM, thread CPU time, load 5-6): inflating and
   * decoding took 2.3-2.6 ms when all zero blocks were filled, 2.0-2.1 ms with this, each mask
   * decoded into the previous one's array (converting every byte took 3.2 ms more, earlier).
   */
  private static Shorts bytesToShorts(byte[] data, int off, Target into, boolean unsigned) {
    short[] out = into.array();
    int count = out.length;
    long[] marks = new long[NonZeroBlocks.words(count)];
    int mask = unsigned ? 0xff : -1;
    long sum = 0;
    for (int i = 0; i < count; ) {  // i: the start of a block
      int first = firstNonZero(data, off, i, count);
      int zerosTo = first < count ? first & -NonZeroBlocks.SIZE : count;
      clearStale(out, into.stale(), i, zerosTo);
      if (first == count) {
        break;
      }
      int b = first >>> NonZeroBlocks.SHIFT;
      int blockStart = b << NonZeroBlocks.SHIFT;
      int blockEnd = (int) Math.min(count, (long) blockStart + NonZeroBlocks.SIZE);
      marks[b >>> 6] |= 1L << b;
      Arrays.fill(out, blockStart, first, (short) 0);
      int blockSum = 0;
      for (int k = first; k < blockEnd; k++) {
        int v = data[off + k] & mask;
        out[k] = (short) v;
        blockSum += v;
      }
      sum += blockSum;
      i = blockEnd;
    }
    return new Shorts(out, sum, new NonZeroBlocks(marks, count));
  }

  /** The index in [from, count) of the first voxel whose byte {@code data[off + i]} is not 0. */
  private static int firstNonZero(byte[] data, int off, int from, int count) {
    for (int i = from; i < count; i += ZEROS.length) {
      int end = (int) Math.min(count, (long) i + ZEROS.length);
      int m = Arrays.mismatch(data, off + i, off + end, ZEROS, 0, end - i);
      if (m >= 0) {
        return i + m;
      }
    }
    return count;
  }

  /** Zeros over [from, to) of {@code out} where {@code stale} marks blocks (null: everywhere). */
  private static void clearStale(short[] out, NonZeroBlocks stale, int from, int to) {
    if (stale == null) {
      Arrays.fill(out, from, to, (short) 0);
      return;
    }
    for (int b = stale.nextMarked(from >>> NonZeroBlocks.SHIFT);
        b >= 0 && (long) b << NonZeroBlocks.SHIFT < to; b = stale.nextMarked(b + 1)) {
      int start = Math.max(from, b << NonZeroBlocks.SHIFT);
      int end = (int) Math.min(to, ((long) b + 1) << NonZeroBlocks.SHIFT);
      Arrays.fill(out, start, end, (short) 0);
    }
  }

  /** "5x4x4 int16 (160 bytes)", for size mismatch messages. */
  static String describe(long nx, long ny, long nz, NiftiDatatype type) {
    return nx + "x" + ny + "x" + nz + " " + type.label() + " (" + (nx * ny * nz * type.bytes())
        + " bytes)";
  }
}
