package org.deltarad.image;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
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

  /** A file's bytes: the first {@code length} of {@code array} (a reused buffer may be longer). */
  private record Stored(byte[] array, int length) {}

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

  /**
   * As {@link #load(String, Configuration, long)}, reading into and decompressing into
   * {@code buffers} instead of new arrays: decode (or ask the shape of) the result before the
   * same buffers load another volume.
   */
  public static ImageBytes load(String uri, Configuration conf, long maxBytes,
      ReadBuffers buffers) throws IOException {
    return load(uri, FileOpener.of(conf), maxBytes, buffers);
  }

  static ImageBytes load(String uri, FileOpener files, long maxBytes) throws IOException {
    return load(uri, files, maxBytes, null);
  }

  static ImageBytes load(String uri, FileOpener files, long maxBytes, ReadBuffers buffers)
      throws IOException {
    Cache cache = new Cache(files, Math.min(maxBytes, Integer.MAX_VALUE - 16), buffers);
    MessageDigest md = ContentHash.newDigest();
    for (String f : ImageReaders.files(uri, cache)) {
      Stored b = cache.bytes(f);
      md.update(b.array(), 0, b.length());
    }
    return new ImageBytes(uri, cache, HexFormat.of().formatHex(md.digest()));
  }

  /** Hex SHA-256 of the files' bytes, concatenated header first. */
  public String sha256() {
    return sha256;
  }

  /** The voxel block's sizes and type from the header in memory; nothing else is inflated. */
  public VolumeShape shape() throws IOException {
    cache.checkOwner(uri);
    return ImageReaders.shape(uri, cache);
  }

  /** The image, decoded from the bytes in memory. */
  public Image3D decode() throws IOException {
    cache.checkOwner(uri);
    return ImageReaders.read(uri, cache);
  }

  /** Total bytes held. */
  public long size() {
    long n = 0;
    for (Stored b : cache.files.values()) {
      n += b.length();
    }
    return n;
  }

  /** Serves each file from memory after its first read. */
  private static final class Cache implements FileOpener {
    private final FileOpener storage;
    private final Map<String, Stored> files = new LinkedHashMap<>();
    private final Map<String, Boolean> exists = new HashMap<>();
    /** Where files are read and inflated to; null: new arrays. */
    private final ReadBuffers buffers;
    /** This load's number with {@link #buffers}. */
    private final long load;
    /** Bytes the cache may still hold. */
    private long room;

    Cache(FileOpener storage, long maxBytes, ReadBuffers buffers) {
      this.storage = storage;
      this.room = maxBytes;
      this.buffers = buffers;
      this.load = buffers == null ? 0 : buffers.claim();
    }

    Stored bytes(String uri) throws IOException {
      Stored b = files.get(uri);
      if (b == null) {
        checkOwner(uri);
        IntFunction<byte[]> target = buffers == null ? byte[]::new
            : n -> buffers.stored(files.size(), n);
        try (InputStream in = storage.open(uri);
            ReadDeadline deadline = ReadDeadline.of(in, storage.readTimeoutMillis())) {
          b = readAll(in, uri, room, deadline, target);
        }
        room -= b.length();
        files.put(uri, b);
      }
      return b;
    }

    /** Fails when the buffers this image was read into have since been given to another. */
    void checkOwner(String uri) {
      if (buffers != null && !buffers.owns(load)) {
        throw new IllegalStateException(uri + ": its read buffers were reused by a later load"
            + " before it was decoded");
      }
    }

    @Override
    public InputStream open(String uri) throws IOException {
      Stored b = bytes(uri);
      return buffers == null ? new MemoryFile(b.array(), b.length(), null, null)
          : new MemoryFile(b.array(), b.length(), buffers::inflated, buffers::voxels);
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
  private static Stored readAll(InputStream in, String uri, long limit, ReadDeadline deadline,
      IntFunction<byte[]> target) throws IOException {
    Chunks chunks = new Chunks(uri, limit, deadline);
    try {
      long hint = lengthHint(in);
      if (hint > 0 && hint <= limit) {
        int n = (int) hint;
        byte[] whole = target.apply(n);
        int got = chunks.read(in, whole, n);
        if (got < n) {
          chunks.add(whole, got);
          return chunks.join();
        }
        int next = in.read();
        deadline.check(uri);
        if (next < 0) {
          // the usual case, kept without a copy: adding a reused buffer, longer than this file,
          // to the chunks first copied it, 0.57 ms per 384x384x28 volume (perf, 350 volumes)
          return new Stored(whole, n);
        }
        chunks.add(whole, n);
        chunks.add(new byte[] {(byte) next}, 1);
      }
      for (int size = 1 << 16; ; size = Math.min(size * 2, 1 << 24)) {
        if (chunks.fill(in, new byte[size], size) < size) {
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
    int fill(InputStream in, byte[] chunk, int len) throws IOException {
      int n = read(in, chunk, len);
      add(chunk, n);
      return n;
    }

    /** Reads into {@code chunk} as far as the stream goes, without keeping it; returns it. */
    int read(InputStream in, byte[] chunk, int len) throws IOException {
      int n = in.readNBytes(chunk, 0, len);
      deadline.check(uri);
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
        // a partly filled chunk is copied (a reused buffer read short of its length hint); a
        // full reused buffer (a file that grew past its hint) is kept, and join copies it, as
        // it does every part when there are two or more
        parts.add(n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
      }
    }

    Stored join() {
      if (parts.size() == 1) {
        return new Stored(parts.get(0), (int) total);
      }
      byte[] all = new byte[(int) total];
      int at = 0;
      for (byte[] c : parts) {
        System.arraycopy(c, 0, all, at, c.length);
        at += c.length;
      }
      return new Stored(all, all.length);
    }
  }
}
