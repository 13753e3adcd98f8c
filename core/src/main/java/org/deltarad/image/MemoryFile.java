package org.deltarad.image;

import java.io.ByteArrayInputStream;
import java.util.function.IntFunction;

/**
 * A file's bytes in memory as a stream ({@link ImageBytes} serves its files so); the readers'
 * gunzip step decompresses such a stream in one piece ({@link Gunzip#whole}) instead of through
 * {@code GZIPInputStream}'s 64 KB steps, into a new MemoryFile, from which the reader takes the
 * voxel block in place ({@link #take}) rather than copying it out.
 */
final class MemoryFile extends ByteArrayInputStream {
  /** Where a one-piece gunzip puts its output (an array of at least n bytes); null: new arrays. */
  private final IntFunction<byte[]> inflateInto;
  /** Where 16-bit voxels decoded from this file go (exactly n shorts); null: new arrays. */
  private final IntFunction<VoxelCodec.Target> voxelsInto;

  MemoryFile(byte[] bytes) {
    this(bytes, bytes.length, null, null);
  }

  /**
   * The first {@code length} bytes of {@code bytes}; {@code inflateInto} and
   * {@code voxelsInto} as above, null for new arrays.
   */
  MemoryFile(byte[] bytes, int length, IntFunction<byte[]> inflateInto,
      IntFunction<VoxelCodec.Target> voxelsInto) {
    super(bytes, 0, length);
    this.inflateInto = inflateInto;
    this.voxelsInto = voxelsInto;
  }

  /**
   * The rest of the file decompressed, consuming it, if it is one gzip member that
   * {@link Gunzip#whole} accepts; else null, and the stream is unchanged.
   */
  synchronized MemoryFile gunzipRest(long maxBytes) {
    IntFunction<byte[]> into = inflateInto == null ? byte[]::new : inflateInto;
    Gunzip.Result plain = Gunzip.whole(buf, pos, count - pos, maxBytes, into);
    if (plain == null) {
      return null;
    }
    pos = count;
    return new MemoryFile(plain.bytes(), plain.length(), null, voxelsInto);
  }

  /** The next {@code n} bytes (fewer at the end) as a view of the buffer, no copy; consumed. */
  synchronized ImageStreams.Block take(int n) {
    int k = Math.max(0, Math.min(n, count - pos));
    ImageStreams.Block b = new ImageStreams.Block(buf, pos, k,
        voxelsInto == null ? VoxelCodec.Target::fresh : voxelsInto);
    pos += k;
    return b;
  }
}
