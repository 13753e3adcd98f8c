package org.deltarad.image;

/**
 * Which blocks of {@link #SIZE} consecutive voxels of a 16-bit image hold a non-zero value, as
 * the decoder found them. A label map is mostly background (a 384x384x28 mask: 4.1 M voxels,
 * its ROI a few thousand): the passes over a mask (label count, bounding-box scan, decoding the
 * next mask into the same recycled array) skip the unmarked blocks instead of reading them.
 * Immutable; a marked block may still be all zeros, an unmarked one never holds anything else.
 */
final class NonZeroBlocks {
  /** log2 of {@link #SIZE}. */
  static final int SHIFT = 7;
  /** Voxels per block: 128, 256 bytes of shorts (and of the uint8 bytes decoded, 128). */
  static final int SIZE = 1 << SHIFT;

  /** Bit b of word b / 64: block b is marked. */
  private final long[] bits;
  /** Voxels covered (the last block may be partial). */
  private final int voxels;

  /** Takes ownership of {@code bits}, at least {@link #words(int)} longs for {@code voxels}. */
  NonZeroBlocks(long[] bits, int voxels) {
    if (bits.length < words(voxels)) {
      throw new IllegalArgumentException(bits.length + " words for " + voxels + " voxels");
    }
    this.bits = bits;
    this.voxels = voxels;
  }

  /** Words of bits {@code voxels} voxels need. */
  static int words(int voxels) {
    return (blocks(voxels) + 63) >>> 6;
  }

  /** Blocks covering {@code voxels} voxels. */
  static int blocks(int voxels) {
    return (int) ((voxels + (long) SIZE - 1) >>> SHIFT);
  }

  /** Voxels covered. */
  int voxels() {
    return voxels;
  }

  /** The first marked block at or after {@code b}, or -1. */
  int nextMarked(int b) {
    int w = b >>> 6;
    if (w >= bits.length) {
      return -1;
    }
    long word = bits[w] & (-1L << b);
    while (word == 0) {
      if (++w == bits.length) {
        return -1;
      }
      word = bits[w];
    }
    return (w << 6) + Long.numberOfTrailingZeros(word);
  }

  /**
   * Whether some voxel in [from, to) may be non-zero (false: all of them are zero). Reads only
   * the words of the range's blocks: a scan asks this of every row of a mask.
   */
  boolean mayHoldNonZero(int from, int to) {
    if (from >= to) {
      return false;
    }
    int first = from >>> SHIFT;
    int last = (to - 1) >>> SHIFT;
    int w = first >>> 6;
    int lastWord = last >>> 6;
    long word = bits[w] & (-1L << first);
    while (w < lastWord) {
      if (word != 0) {
        return true;
      }
      word = bits[++w];
    }
    return (word & (-1L >>> (63 - (last & 63)))) != 0;
  }
}
