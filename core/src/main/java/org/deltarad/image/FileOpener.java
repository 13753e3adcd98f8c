package org.deltarad.image;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * Where the readers get file contents from: Hadoop FileSystem ({@link #of}), or the bytes an
 * {@link ImageBytes} has already read, so that one storage read serves both the content hash and
 * the decoding.
 */
interface FileOpener {
  /**
   * Hadoop setting that lets a detached NRRD header's {@code data file} lie outside the
   * header's directory (default false; through Spark: {@code spark.hadoop.} before it).
   */
  String NRRD_DATA_ANYWHERE = "deltarad.nrrd.data-file.anywhere";

  /**
   * Hadoop setting: seconds a job may spend reading one file before it fails with a timeout
   * (default {@value #DEFAULT_READ_TIMEOUT_SECONDS}; 0: no limit).
   */
  String READ_TIMEOUT = "deltarad.read.timeout-seconds";
  long DEFAULT_READ_TIMEOUT_SECONDS = 600;

  /** A stream over the file's bytes; a missing file is an {@link ImageIoException}. */
  InputStream open(String uri) throws IOException;

  boolean exists(String uri) throws IOException;

  /** Whether a detached header may name data outside its own directory tree. */
  default boolean dataFilesAnywhere() {
    return false;
  }

  /** Most milliseconds to read one file whole (0: no limit). */
  default long readTimeoutMillis() {
    return 0;
  }

  /** Files through Hadoop FileSystem with {@code conf}. */
  static FileOpener of(Configuration conf) {
    return new FileOpener() {
      @Override
      public InputStream open(String uri) throws IOException {
        return ImageFiles.open(uri, conf);
      }

      @Override
      public boolean exists(String uri) throws IOException {
        return ImageFiles.exists(uri, conf);
      }

      @Override
      public boolean dataFilesAnywhere() {
        return conf.getBoolean(NRRD_DATA_ANYWHERE, false);
      }

      @Override
      public long readTimeoutMillis() {
        return 1000 * conf.getLong(READ_TIMEOUT, DEFAULT_READ_TIMEOUT_SECONDS);
      }
    };
  }
}
