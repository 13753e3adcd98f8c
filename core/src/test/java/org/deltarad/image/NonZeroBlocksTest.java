package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 8-bit label maps decoded with the blocks found non-zero: into new arrays and into recycled
 * ones (a previous mask's, an int16 image's, one of unknown content), the voxels, counts and
 * zero ranges are those of a voxel-by-voxel decoding.
 */
class NonZeroBlocksTest {
  /** A sparse label map: a few clusters of labels 1-3 on zeros, some at block edges. */
  private static byte[] labelMap(int length, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] data = new byte[length + 7];
    for (int c = 0; c < 1 + length / 3000; c++) {
      int at = rng.nextInt(length);
      int run = rng.nextInt(1, 400);
      for (int i = at; i < Math.min(length, at + run); i++) {
        data[7 + i] = (byte) (rng.nextInt(10) == 0 ? 0 : rng.nextInt(1, 4));
      }
    }
    if (length > 300) {
      data[7 + 127] = 2;
      data[7 + 256] = (byte) 255;
    }
    return data;
  }

  private static short[] plain(byte[] data, int length) {
    short[] want = new short[length];
    for (int i = 0; i < length; i++) {
      want[i] = (short) (data[7 + i] & 0xff);
    }
    return want;
  }

  private static Image3D image(VoxelCodec.Shorts s) {
    return new Image3D(s.voxels().length, 1, 1, s, new double[] {1, 1, 1}, new double[3],
        Image3D.identity(), "m");
  }

  private static void check(short[] want, Image3D got, String what) {
    assertArrayEquals(want, got.shortVoxels(), what);
    for (int value : new int[] {0, 1, 2, 3, 255, 7}) {
      long n = 0;
      for (short v : want) {
        n += v == value ? 1 : 0;
      }
      assertEquals(n, got.count(value), what + ", count of " + value);
    }
    SplittableRandom rng = new SplittableRandom(want.length);
    for (int t = 0; t < 200; t++) {
      int from = rng.nextInt(want.length + 1);
      int to = rng.nextInt(from, want.length + 1);
      // the decoder marks exactly the blocks holding a non-zero voxel
      boolean anyInBlocks = false;
      int blocksFrom = from / NonZeroBlocks.SIZE * NonZeroBlocks.SIZE;
      int blocksTo = Math.min(want.length, (to + NonZeroBlocks.SIZE - 1) / NonZeroBlocks.SIZE
          * NonZeroBlocks.SIZE);
      for (int i = blocksFrom; i < blocksTo && from < to; i++) {
        anyInBlocks |= want[i] != 0;
      }
      assertEquals(anyInBlocks, got.mayHoldNonZero(from, to), what + " [" + from + ", " + to
          + ")");
    }
    assertEquals(false, got.mayHoldNonZero(3, 3), what + ", empty range");
  }

  @Test
  void decodesIntoNewAndRecycledArraysAsVoxelByVoxel() {
    for (int length : new int[] {1, 127, 128, 129, 4096, 4097, 60_001, 384 * 384 * 3}) {
      byte[] first = labelMap(length, length);
      byte[] second = labelMap(length, length + 1);
      byte[] empty = new byte[length + 7];
      short[] firstWant = plain(first, length);
      VoxelCodec.Shorts a = VoxelCodec.decodeShorts(first, 7, length, NiftiDatatype.UINT8,
          ByteOrder.LITTLE_ENDIAN);
      Image3D ia = image(a);
      check(firstWant, ia, length + " voxels, new array");
      // the next masks into the same array, told which of its blocks the first one marked
      VoxelCodec.Shorts b = VoxelCodec.decodeShorts(second, 7, length, NiftiDatatype.UINT8,
          ByteOrder.LITTLE_ENDIAN, n -> new VoxelCodec.Target(a.voxels(), a.nonZero()));
      check(plain(second, length), image(b), length + " voxels, recycled mask array");
      VoxelCodec.Shorts c = VoxelCodec.decodeShorts(empty, 7, length, NiftiDatatype.UINT8,
          ByteOrder.LITTLE_ENDIAN, n -> new VoxelCodec.Target(b.voxels(), b.nonZero()));
      check(new short[length], image(c), length + " voxels, empty mask into a recycled array");
      // an array of unknown content (an int16 image's) is written everywhere
      short[] noise = new short[length];
      SplittableRandom rng = new SplittableRandom(4);
      for (int i = 0; i < length; i++) {
        noise[i] = (short) rng.nextInt(-32768, 32768);
      }
      VoxelCodec.Shorts d = VoxelCodec.decodeShorts(first, 7, length, NiftiDatatype.UINT8,
          ByteOrder.LITTLE_ENDIAN, n -> new VoxelCodec.Target(noise, null));
      check(firstWant, image(d), length + " voxels, array of unknown content");
    }
  }

  @Test
  void recycledMaskArrayThroughReadBuffers() {
    int length = 384 * 50;
    ReadBuffers buffers = new ReadBuffers();
    byte[] first = labelMap(length, 1);
    VoxelCodec.Shorts a = VoxelCodec.decodeShorts(first, 7, length, NiftiDatatype.UINT8,
        ByteOrder.LITTLE_ENDIAN, buffers::voxels);
    buffers.recycle(image(a));
    byte[] second = labelMap(length, 2);
    VoxelCodec.Shorts b = VoxelCodec.decodeShorts(second, 7, length, NiftiDatatype.UINT8,
        ByteOrder.LITTLE_ENDIAN, buffers::voxels);
    assertEquals(a.voxels(), b.voxels(), "the recycled array");
    check(plain(second, length), image(b), "second mask");
    // an int16 image given back, then a mask decoded into its array: written everywhere
    short[] noisy = new short[length];
    java.util.Arrays.fill(noisy, (short) -5);
    buffers.recycle(new Image3D(length, 1, 1, noisy, new double[] {1, 1, 1}, new double[3],
        Image3D.identity(), "img"));
    VoxelCodec.Shorts c = VoxelCodec.decodeShorts(first, 7, length, NiftiDatatype.UINT8,
        ByteOrder.LITTLE_ENDIAN, buffers::voxels);
    assertEquals(noisy, c.voxels(), "the recycled array");
    check(plain(first, length), image(c), "mask into an image's array");
  }
}
