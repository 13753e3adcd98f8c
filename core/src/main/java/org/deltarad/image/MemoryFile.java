package org.deltarad.image;

import java.io.ByteArrayInputStream;

/**
 * A file's bytes in memory as a stream ({@link ImageBytes} serves its files so); the readers'
 * gunzip step decompresses such a stream in one piece ({@link Gunzip#whole}) instead of through
 * {@code GZIPInputStream}'s 64 KB steps, into a new MemoryFile, from which the reader takes the
 * voxel block in place ({@link #take}) rather than copying it out.
 */
final class MemoryFile extends ByteArrayInputStream {
  MemoryFile(byte[] bytes) {
    super(bytes);
  }

  /**
   * The rest of the file decompressed, consuming it, if it is one gzip member that
   * {@link Gunzip#whole} accepts; else null, and the stream is unchanged.
   */
  synchronized byte[] gunzipRest(long maxBytes) {
    byte[] plain = Gunzip.whole(buf, pos, count - pos, maxBytes);
    if (plain != null) {
      pos = count;
    }
    return plain;
  }

  /** The next {@code n} bytes (fewer at the end) as a view of the buffer, no copy; consumed. */
  synchronized ImageStreams.Block take(int n) {
    int k = Math.max(0, Math.min(n, count - pos));
    ImageStreams.Block b = new ImageStreams.Block(buf, pos, k);
    pos += k;
    return b;
  }
}
