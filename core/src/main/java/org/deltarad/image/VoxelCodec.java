package org.deltarad.image;

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
   * The voxels as 16-bit integers when every value fits one exactly (int8, uint8, int16, and
   * uint16 data up to 32767), else null: {@link Image3D} then holds a quarter of the bytes.
   */
  static short[] decodeShorts(byte[] data, int off, int count, NiftiDatatype type,
      ByteOrder order) {
    return decodeShorts(data, off, count, type, order, short[]::new);
  }

  /**
   * As {@link #decodeShorts(byte[], int, int, NiftiDatatype, ByteOrder)}, into
   * {@code into.apply(count)}: exactly {@code count} shorts whose old values are all overwritten
   * (a recycled array, say).
   */
  static short[] decodeShorts(byte[] data, int off, int count, NiftiDatatype type,
      ByteOrder order, IntFunction<short[]> into) {
    switch (type) {
      case UINT8:
      case INT8:
        return bytesToShorts(data, off, into.apply(count), type == NiftiDatatype.UINT8);
      case INT16:
      case UINT16: {
        short[] out = into.apply(count);
        ByteBuffer.wrap(data, off, 2 * count).slice().order(order).asShortBuffer().get(out);
        if (type == NiftiDatatype.UINT16) {
          for (short v : out) {
            if (v < 0) {
              return null;  // above 32767: keep as doubles
            }
          }
        }
        return out;
      }
      default:
        return null;
    }
  }

  /** Bytes per block of {@link #bytesToShorts}; also the zeros it compares with. */
  private static final byte[] ZERO_BLOCK = new byte[128];

  /**
   * Bytes widened to shorts, into {@code out} (all of it written). A label map is mostly
   * background: blocks of 128 bytes that {@code Arrays.mismatch} (a vectorised intrinsic) finds
   * all zero are filled with zeros (a vectorised fill), the others converted from their first
   * non-zero byte. A 384x384x28 uint8 mask took 3.2 ms per volume converting every byte, in one
   * JVM on the same files.
   */
  private static short[] bytesToShorts(byte[] data, int off, short[] out, boolean unsigned) {
    int count = out.length;
    int mask = unsigned ? 0xff : -1;
    for (int i = 0; i < count; i += ZERO_BLOCK.length) {
      int end = i + Math.min(ZERO_BLOCK.length, count - i); // no int overflow near 2^31
      int first = Arrays.mismatch(data, off + i, off + end, ZERO_BLOCK, 0, end - i);
      if (first < 0) {
        Arrays.fill(out, i, end, (short) 0);
        continue;
      }
      Arrays.fill(out, i, i + first, (short) 0);
      for (int k = i + first; k < end; k++) {
        out[k] = (short) (data[off + k] & mask);
      }
    }
    return out;
  }

  /** "5x4x4 int16 (160 bytes)", for size mismatch messages. */
  static String describe(long nx, long ny, long nz, NiftiDatatype type) {
    return nx + "x" + ny + "x" + nz + " " + type.label() + " (" + (nx * ny * nz * type.bytes())
        + " bytes)";
  }
}
