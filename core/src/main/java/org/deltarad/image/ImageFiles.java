package org.deltarad.image;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Opens image files through Hadoop {@link FileSystem}, so one code path serves plain local
 * paths, {@code file://}, {@code hdfs://} and {@code s3a://}.
 *
 * <p>On the local file system the raw (checksum-free) implementation is used: Hadoop's default
 * local file system would write {@code .crc} side files next to every image and verify them on
 * read, which is noise in a cohort directory and fails when a file is replaced by other tools.
 */
public final class ImageFiles {
  static final int BUFFER = 1 << 16;

  private ImageFiles() {}

  private static volatile Configuration defaultConf;

  /**
   * The configuration used when callers give none: Hadoop's defaults plus whatever
   * core-site.xml is on the classpath. Built once, because each new Configuration re-parses
   * the default resources on first use; treat it as read-only.
   */
  public static Configuration defaultConf() {
    Configuration c = defaultConf;
    if (c == null) {
      synchronized (ImageFiles.class) {
        if (defaultConf == null) {
          defaultConf = new Configuration();
        }
        c = defaultConf;
      }
    }
    return c;
  }

  static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof ChecksumFileSystem) {
      return ((ChecksumFileSystem) fs).getRawFileSystem();
    }
    return fs;
  }

  /**
   * A buffered input stream; a missing file gives "name: file not found". Only regular files
   * are opened: on the local file system a FIFO, device or socket is refused before opening
   * (opening a FIFO blocks until a writer comes, which would hang the batch) and a symbolic
   * link loop is named as such.
   */
  public static InputStream open(String uri, Configuration conf) throws IOException {
    Path path = toPath(uri);
    FileSystem fs;
    try {
      fs = fileSystem(path, conf);
    } catch (IOException | RuntimeException e) {
      throw new ImageIoException(uri, "cannot access file system (" + e.getMessage() + ")", e);
    }
    if (fs instanceof RawLocalFileSystem) {
      checkLocalRegularFile(uri, ((RawLocalFileSystem) fs).pathToFile(path).toPath());
    }
    try {
      // Open first and look closer only on failure: one file-system call in the common case.
      return new BufferedInputStream(fs.open(path, BUFFER), BUFFER);
    } catch (FileNotFoundException e) {
      boolean dir = false;
      try {
        dir = fs.getFileStatus(path).isDirectory();
      } catch (IOException ignored) {
        // does not exist
      }
      throw new ImageIoException(uri, dir ? "is a directory, not an image file" : "file not found",
          e);
    }
  }

  /**
   * A local path that is not a regular file, as one message: a missing file (or a link to one),
   * a symbolic link loop, a directory, or a FIFO, device or socket. One stat; the file's
   * attributes follow links, as opening would.
   */
  private static void checkLocalRegularFile(String uri, java.nio.file.Path p)
      throws ImageIoException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new ImageIoException(uri, Files.isSymbolicLink(p)
          ? "symbolic link to a missing file" : "file not found", e);
    } catch (FileSystemException e) {
      String reason = String.valueOf(e.getReason());
      throw new ImageIoException(uri, reason.contains("symbolic links")
          ? "symbolic link loop (" + reason + ")" : "cannot access file (" + reason + ")", e);
    } catch (IOException e) {
      throw new ImageIoException(uri, "cannot access file (" + e.getMessage() + ")", e);
    }
    if (a.isDirectory()) {
      throw new ImageIoException(uri, "is a directory, not an image file");
    }
    if (!a.isRegularFile()) {
      throw new ImageIoException(uri, "not a regular file (a FIFO, device or socket); only "
          + "regular files are read");
    }
  }

  /** True if the file exists (used to pick between .img and .img.gz). */
  public static boolean exists(String uri, Configuration conf) throws IOException {
    Path path = toPath(uri);
    return fileSystem(path, conf).exists(path);
  }

  /** A buffered output stream that creates (or overwrites) the file and its parent directories. */
  public static OutputStream create(String uri, Configuration conf) throws IOException {
    Path path = toPath(uri);
    try {
      FileSystem fs = fileSystem(path, conf);
      return new BufferedOutputStream(fs.create(path, true, BUFFER), BUFFER);
    } catch (ImageIoException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageIoException(uri, "cannot create file (" + e.getMessage() + ")", e);
    }
  }

  static Path toPath(String uri) throws ImageIoException {
    if (uri == null || uri.isBlank()) {
      throw new ImageIoException(uri, "empty file name");
    }
    try {
      return new Path(uri);
    } catch (IllegalArgumentException e) {
      throw new ImageIoException(uri, "invalid path or URI (" + e.getMessage() + ")", e);
    }
  }

  /** Lower-case name without directories, for choosing the format by extension. */
  static String lowerName(String uri) {
    return ImageIoException.fileName(uri).toLowerCase(java.util.Locale.ROOT);
  }
}
