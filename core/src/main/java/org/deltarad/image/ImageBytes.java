package org.deltarad.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * An image's files as read from storage, once: their SHA-256 (the same as
 * {@link ImageReaders#sha256}) and the image decoded from the same bytes. A re-processing job
 * hashes every volume to decide whether it changed; reading the files into memory first means
 * the decision costs no decoding, and an extraction costs no second read of the file.
 *
 * <p>Holds the stored (possibly gzipped) bytes, so its size is that of the files.
 */
public final class ImageBytes {
  private final String uri;
  private final Cache cache;
  private final String sha256;

  private ImageBytes(String uri, Cache cache, String sha256) {
    this.uri = uri;
    this.cache = cache;
    this.sha256 = sha256;
  }

  /** Reads every file of the image at {@code uri} (one or two: {@link ImageReaders#files}). */
  public static ImageBytes load(String uri, Configuration conf) throws IOException {
    return load(uri, conf, Integer.MAX_VALUE - 16);
  }

  /**
   * As {@link #load(String, Configuration)}, stopping with an error as soon as the files hold
   * more than {@code maxBytes} together (nothing larger is buffered).
   */
  public static ImageBytes load(String uri, Configuration conf, long maxBytes)
      throws IOException {
    return load(uri, FileOpener.of(conf), maxBytes);
  }

  static ImageBytes load(String uri, FileOpener files, long maxBytes) throws IOException {
    Cache cache = new Cache(files, Math.min(maxBytes, Integer.MAX_VALUE - 16));
    List<byte[]> contents = new ArrayList<>();
    for (String f : ImageReaders.files(uri, cache)) {
      contents.add(cache.bytes(f));
    }
    return new ImageBytes(uri, cache, ContentHash.sha256(contents));
  }

  /** Hex SHA-256 of the files' bytes, concatenated header first. */
  public String sha256() {
    return sha256;
  }

  /** The voxel block's sizes and type from the header in memory; nothing else is inflated. */
  public VolumeShape shape() throws IOException {
    return ImageReaders.shape(uri, cache);
  }

  /** The image, decoded from the bytes in memory. */
  public Image3D decode() throws IOException {
    return ImageReaders.read(uri, cache);
  }

  /** Total bytes held. */
  public long size() {
    long n = 0;
    for (byte[] b : cache.files.values()) {
      n += b.length;
    }
    return n;
  }

  /** Serves each file from memory after its first read. */
  private static final class Cache implements FileOpener {
    private final FileOpener storage;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Boolean> exists = new HashMap<>();
    /** Bytes the cache may still hold. */
    private long room;

    Cache(FileOpener storage, long maxBytes) {
      this.storage = storage;
      this.room = maxBytes;
    }

    byte[] bytes(String uri) throws IOException {
      byte[] b = files.get(uri);
      if (b == null) {
        try (InputStream in = storage.open(uri);
            ReadDeadline deadline = ReadDeadline.of(in, storage.readTimeoutMillis())) {
          b = readAll(in, uri, room, deadline);
        }
        room -= b.length;
        files.put(uri, b);
      }
      return b;
    }

    @Override
    public InputStream open(String uri) throws IOException {
      return new MemoryFile(bytes(uri));
    }

    @Override
    public boolean dataFilesAnywhere() {
      return storage.dataFilesAnywhere();
    }

    @Override
    public boolean exists(String uri) throws IOException {
      if (files.containsKey(uri)) {
        return true;
      }
      Boolean e = exists.get(uri);
      if (e == null) {
        e = storage.exists(uri);
        exists.put(uri, e);
      }
      return e;
    }
  }

  /**
   * All of a stream; a file beyond {@code limit} bytes (at most Java's array limit) is a clear
   * error, not an OutOfMemoryError.
   *
   * <p>Where the stream tells its length ({@code available()}: local files and HDFS do), one
   * array of that size takes the whole file and a one-byte read confirms the end; else, or if
   * the file grew, chunks doubling from 64 KB are joined. For a 4 MB image the chunks cost
   * 8 MB of arrays and two copies more than the one exact read.
   */
  private static byte[] readAll(InputStream in, String uri, long limit, ReadDeadline deadline)
      throws IOException {
    Chunks chunks = new Chunks(uri, limit, deadline);
    try {
      long hint = lengthHint(in);
      if (hint > 0 && hint <= limit) {
        byte[] whole = new byte[(int) hint];
        if (chunks.fill(in, whole) < whole.length) {
          return chunks.join();
        }
        int next = in.read();
        deadline.check(uri);
        if (next < 0) {
          return whole;
        }
        chunks.add(new byte[] {(byte) next}, 1);
      }
      for (int size = 1 << 16; ; size = Math.min(size * 2, 1 << 24)) {
        if (chunks.fill(in, new byte[size]) < size) {
          return chunks.join();
        }
      }
    } catch (ImageIoException e) {
      throw e;
    } catch (IOException e) {
      deadline.check(uri); // a stream closed by the deadline fails its read
      throw new ImageIoException(uri, "read failed after " + chunks.total + " bytes ("
          + e.getMessage() + ")", e);
    }
  }

  /** What the stream says is left to read, or 0 when it cannot say (a hint, never trusted). */
  private static long lengthHint(InputStream in) {
    try {
      return in.available();
    } catch (IOException e) {
      return 0; // the reads below report a stream that really fails
    }
  }

  /** The pieces of a file read so far, within the byte limit. */
  private static final class Chunks {
    private final String uri;
    private final long limit;
    private final ReadDeadline deadline;
    private final List<byte[]> parts = new ArrayList<>();
    private long total;

    Chunks(String uri, long limit, ReadDeadline deadline) {
      this.uri = uri;
      this.limit = limit;
      this.deadline = deadline;
    }

    /** Reads into {@code chunk} as far as the stream goes; keeps what was read; returns it. */
    int fill(InputStream in, byte[] chunk) throws IOException {
      int n = in.readNBytes(chunk, 0, chunk.length);
      deadline.check(uri);
      add(chunk, n);
      return n;
    }

    void add(byte[] chunk, int n) throws ImageIoException {
      total += n;
      if (total > limit) {
        throw new ImageIoException(uri, limit >= Integer.MAX_VALUE - 16
            ? "file larger than 2 GiB; not supported"
            : "files larger than " + MemorySize.format(limit) + ", the memory budget of one "
                + "volume");
      }
      if (n > 0) {
        parts.add(n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
      }
    }

    byte[] join() {
      if (parts.size() == 1) {
        return parts.get(0);
      }
      byte[] all = new byte[(int) total];
      int at = 0;
      for (byte[] c : parts) {
        System.arraycopy(c, 0, all, at, c.length);
        at += c.length;
      }
      return all;
    }
  }
}
