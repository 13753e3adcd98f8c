package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The exact voxel sum {@link VoxelCodec} takes while decoding 16- and 8-bit data equals a plain
 * sum: signed values, both byte orders, lengths around the 4-value reads and the 32768-value
 * chunks, an odd byte offset, and the extremes that would overflow a 32-bit lane.
 */
class VoxelCodecSumTest {
  private static final int[] LENGTHS = {1, 2, 3, 4, 5, 7, 8, 9, 1001, 32767, 32768, 32769,
      65536 + 3, 200_003};

  /** {@code length} int16 values from {@code value}, stored at byte offset 5 in {@code order}. */
  private static byte[] int16Bytes(int length, ByteOrder order, IntUnaryOperator value) {
    ByteBuffer b = ByteBuffer.allocate(5 + 2 * length + 3).order(order);
    for (int i = 0; i < length; i++) {
      b.putShort(5 + 2 * i, (short) value.applyAsInt(i));
    }
    return b.array();
  }

  private static void checkInt16(int length, ByteOrder order, IntUnaryOperator value,
      String what) {
    byte[] data = int16Bytes(length, order, value);
    short[] want = new short[length];
    long sum = 0;
    for (int i = 0; i < length; i++) {
      want[i] = (short) value.applyAsInt(i);
      sum += want[i];
    }
    VoxelCodec.Shorts got = VoxelCodec.decodeShorts(data, 5, length, NiftiDatatype.INT16, order);
    String at = what + ", " + length + " values, " + order;
    assertArrayEquals(want, got.voxels(), at);
    assertEquals(sum, got.sum(), at);
    Image3D img = new Image3D(length, 1, 1, got, new double[] {1, 1, 1}, new double[3],
        Image3D.identity(), "s");
    assertEquals(sum, img.shortSum(), at);
    assertEquals(sum, new Image3D(length, 1, 1, got.voxels(), new double[] {1, 1, 1},
        new double[3], Image3D.identity(), "s").shortSum(), at + " (summed on demand)");
  }

  @Test
  void int16SumIsExactForRandomAndExtremeValues() {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      for (int length : LENGTHS) {
        SplittableRandom rng = new SplittableRandom(length);
        int[] random = rng.ints(length, -32768, 32768).toArray();
        checkInt16(length, order, i -> random[i], "random");
        checkInt16(length, order, i -> -32768, "all -32768");
        checkInt16(length, order, i -> 32767, "all 32767");
        checkInt16(length, order, i -> i % 2 == 0 ? -1 : 1, "alternating -1, 1");
        int[] mri = rng.ints(length, -40, 3000).toArray();
        checkInt16(length, order, i -> mri[i], "MRI-like");
      }
    }
  }

  @Test
  void uint16SumAndTheValuesThatDoNotFit() {
    byte[] data = int16Bytes(9, ByteOrder.LITTLE_ENDIAN, i -> 32767 - i * 1000);
    VoxelCodec.Shorts got = VoxelCodec.decodeShorts(data, 5, 9, NiftiDatatype.UINT16,
        ByteOrder.LITTLE_ENDIAN);
    long want = 0;
    for (int i = 0; i < 9; i++) {
      want += 32767 - i * 1000;
    }
    assertEquals(want, got.sum());
    byte[] big = int16Bytes(9, ByteOrder.LITTLE_ENDIAN, i -> i == 4 ? 40000 : 7);
    assertNull(VoxelCodec.decodeShorts(big, 5, 9, NiftiDatatype.UINT16,
        ByteOrder.LITTLE_ENDIAN), "above 32767: doubles, no shorts");
  }

  @Test
  void eightBitSumCoversSparseBlocks() {
    for (int length : new int[] {1, 127, 128, 129, 1000, 4133}) {
      SplittableRandom rng = new SplittableRandom(length);
      byte[] data = new byte[length + 3];
      for (int i = 3; i < data.length; i++) {
        data[i] = rng.nextDouble() < 0.05 ? (byte) rng.nextInt(1, 256) : 0;
      }
      data[data.length - 1] = (byte) 200;
      for (NiftiDatatype type : new NiftiDatatype[] {NiftiDatatype.UINT8, NiftiDatatype.INT8}) {
        long want = 0;
        for (int i = 3; i < data.length; i++) {
          want += type == NiftiDatatype.UINT8 ? data[i] & 0xff : data[i];
        }
        VoxelCodec.Shorts got = VoxelCodec.decodeShorts(data, 3, length, type,
            ByteOrder.LITTLE_ENDIAN);
        assertEquals(want, got.sum(), type.label() + ", " + length + " values");
      }
    }
  }
}
