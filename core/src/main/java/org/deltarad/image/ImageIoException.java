package org.deltarad.image;

import java.io.IOException;

/**
 * An image file could not be read or written. The message always starts with the file name
 * followed by the cause, e.g. {@code "brain1.nii.gz: truncated gzip stream after 1234 bytes"}.
 */
public class ImageIoException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;

  public ImageIoException(String file, String cause) {
    super(fileName(file) + ": " + cause);
    this.file = file;
  }

  public ImageIoException(String file, String cause, Throwable throwable) {
    super(fileName(file) + ": " + cause, throwable);
    this.file = file;
  }

  /** The path or URI as given by the caller. */
  public String file() {
    return file;
  }

  /** Last path segment, so messages stay one short line even for long s3a:// URIs. */
  static String fileName(String file) {
    if (file == null || file.isEmpty()) {
      return "<stream>";
    }
    String f = file;
    while (f.length() > 1 && f.endsWith("/")) {
      f = f.substring(0, f.length() - 1);
    }
    int slash = f.lastIndexOf('/');
    return slash >= 0 && slash < f.length() - 1 ? f.substring(slash + 1) : f;
  }
}
