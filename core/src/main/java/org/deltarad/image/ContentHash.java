package org.deltarad.image;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * SHA-256 content hashes of files read through Hadoop FileSystem, so a job can tell whether an
 * image or mask changed without trusting names or modification times.
 */
public final class ContentHash {
  private ContentHash() {}

  /** Hex SHA-256 of the file's bytes as stored (not decompressed): equals {@code sha256sum}. */
  public static String sha256(String uri, Configuration conf) throws IOException {
    return sha256(List.of(uri), conf);
  }

  /** Hex SHA-256 of the files' bytes, concatenated in the given order. */
  public static String sha256(List<String> uris, Configuration conf) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[ImageFiles.BUFFER];
    for (String uri : uris) {
      try (InputStream in = ImageFiles.open(uri, conf)) {
        int r;
        while ((r = in.read(buf)) >= 0) {
          md.update(buf, 0, r);
        }
      } catch (ImageIoException e) {
        throw e;
      } catch (IOException e) {
        throw new ImageIoException(uri, "read failed while hashing (" + e.getMessage() + ")", e);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Hex SHA-256 of byte arrays, concatenated in the given order. */
  static String sha256(List<byte[]> contents) {
    MessageDigest md = newDigest();
    for (byte[] b : contents) {
      md.update(b);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
