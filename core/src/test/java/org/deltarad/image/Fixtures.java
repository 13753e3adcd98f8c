package org.deltarad.image;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths of test resources and small byte-level helpers for making broken copies. */
final class Fixtures {
  private Fixtures() {}

  static Path path(String resource) {
    URL url = Fixtures.class.getResource("/" + resource);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + resource);
    }
    try {
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String file(String resource) {
    return path(resource).toString();
  }

  static byte[] bytes(String resource) throws IOException {
    return Files.readAllBytes(path(resource));
  }

  static String write(Path dir, String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p.toString();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bos)) {
      gz.write(raw);
    }
    return bos.toByteArray();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }

  static int count(double[] v, double value) {
    int n = 0;
    for (double x : v) {
      if (x == value) {
        n++;
      }
    }
    return n;
  }
}
