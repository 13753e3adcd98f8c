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
  record Shorts(short[] voxels, long sum) {}

  /**
   * The voxels as 16-bit integers, with their sum, when every value fits one exactly (int8,
   * uint8, int16, and uint16 data up to 32767), else null: {@link Image3D} then holds a quarter
   * of the bytes.
   */
  static Shorts decodeShorts(byte[] data, int off, int count, NiftiDatatype type,
      ByteOrder order) {
    return decodeShorts(data, off, count, type, order, short[]::new);
  }

  /**
   * As {@link #decodeShorts(byte[], int, int, NiftiDatatype, ByteOrder)}, into
   * {@code into.apply(count)}: exactly {@code count} shorts whose old values are all overwritten
   * (a recycled array, say).
   */
  static Shorts decodeShorts(byte[] data, int off, int count, NiftiDatatype type,
      ByteOrder order, IntFunction<short[]> into) {
    switch (type) {
      case UINT8:
      case INT8:
        return bytesToShorts(data, off, into.apply(count), type == NiftiDatatype.UINT8);
      case INT16:
      case UINT16: {
        short[] out = into.apply(count);
        long sum = copyAndSum(data, off, out, order);
        if (type == NiftiDatatype.UINT16) {
          for (short v : out) {
            if (v < 0) {
              return null;  // above 32767: keep as doubles
            }
          }
        }
        return new Shorts(out, sum);
      }
      default:
        return null;
    }
  }

  /** Shorts per step of {@link #copyAndSum}: 64 KB of bytes, summed while still in L1/L2. */
  private static final int COPY_CHUNK = 1 << 15;

  private static final VarHandle LONGS_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /**
   * Copies {@code out.length} 16-bit values of byte order {@code order} from {@code data[off]}
   * into {@code out} (a bulk copy) and returns their exact sum, chunk by chunk: each 64 KB
   * is summed right after it is copied, from the bytes, four values per 8-byte read
   * ({@link #sumChunkLittleEndian}). For 384x384x28 int16 images (20 files, one JVM, load 2-4)
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
      sum += little ? sumChunkLittleEndian(data, from, quads)
          : sumChunkBigEndian(data, from, quads);
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
   * Exact sum of {@code 4 * quads} signed little-endian 16-bit values from {@code data[off]}, at
   * most {@link #COPY_CHUNK} of them, read 8 bytes (four values) at a time (SIMD within a
   * register): flipping each sign bit turns a value v into v + 32768 in [0, 65535]; two masks
   * split the four lanes into two pairs of 32-bit fields, which add up to at most
   * 2 * 8192 * 65535 < 2^32 without carrying into each other; the 32768 per value is taken off
   * at the end. The VarHandle must be a constant here: passed as an argument it is not inlined,
   * and decoding took 7 ms more per volume.
   */
  private static long sumChunkLittleEndian(byte[] data, int off, int quads) {
    long fields = 0;
    for (int q = 0; q < quads; q++) {
      long w = (long) LONGS_LE.get(data, off + 8 * q) ^ SIGN_BITS;
      fields += (w & LOW_LANES) + ((w >>> 16) & LOW_LANES);
    }
    return unbias(fields, quads);
  }

  /** As {@link #sumChunkLittleEndian}, for big-endian values. */
  private static long sumChunkBigEndian(byte[] data, int off, int quads) {
    long fields = 0;
    for (int q = 0; q < quads; q++) {
      long w = (long) LONGS_BE.get(data, off + 8 * q) ^ SIGN_BITS;
      fields += (w & LOW_LANES) + ((w >>> 16) & LOW_LANES);
    }
    return unbias(fields, quads);
  }

  /** The sum of the biased lanes held in the two 32-bit fields, less 32768 per value. */
  private static long unbias(long fields, int quads) {
    return (fields & 0xFFFFFFFFL) + (fields >>> 32) - 32768L * 4 * quads;
  }

  /** Bytes per block of {@link #bytesToShorts}; also the zeros it compares with. */
  private static final byte[] ZERO_BLOCK = new byte[128];

  /**
   * Bytes widened to shorts, into {@code out} (all of it written). A label map is mostly
   * background: blocks of 128 bytes that {@code Arrays.mismatch} (a vectorised intrinsic) finds
   * all zero are filled with zeros (a vectorised fill), the others converted from their first
   * non-zero byte. A 384x384x28 uint8 mask took 3.2 ms per volume converting every byte, in one
   * JVM on the same files. The sum is taken over the converted blocks only.
   */
  private static Shorts bytesToShorts(byte[] data, int off, short[] out, boolean unsigned) {
    int count = out.length;
    int mask = unsigned ? 0xff : -1;
    long sum = 0;
    for (int i = 0; i < count; i += ZERO_BLOCK.length) {
      int end = i + Math.min(ZERO_BLOCK.length, count - i); // no int overflow near 2^31
      int first = Arrays.mismatch(data, off + i, off + end, ZERO_BLOCK, 0, end - i);
      if (first < 0) {
        Arrays.fill(out, i, end, (short) 0);
        continue;
      }
      Arrays.fill(out, i, i + first, (short) 0);
      int blockSum = 0;
      for (int k = i + first; k < end; k++) {
        int v = data[off + k] & mask;
        out[k] = (short) v;
        blockSum += v;
      }
      sum += blockSum;
    }
    return new Shorts(out, sum);
  }

  /** "5x4x4 int16 (160 bytes)", for size mismatch messages. */
  static String describe(long nx, long ny, long nz, NiftiDatatype type) {
    return nx + "x" + ny + "x" + nz + " " + type.label() + " (" + (nx * ny * nz * type.bytes())
        + " bytes)";
  }
}
