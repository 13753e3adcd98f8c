package org.deltarad.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.deltarad.image.Image3D;
import org.deltarad.image.ImageReaders;

/**
 * Test resources under /reference: the brain1 NRRD pair, the IBSI phantom NIfTI pair and the
 * reference CSVs.
 */
final class ReferenceData {
  private ReferenceData() {}

  static byte[] resource(String path) {
    try (InputStream in = ReferenceData.class.getResourceAsStream("/reference/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource reference/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An image under /reference, read with the I/O module's readers. */
  static Image3D image(String path) {
    try {
      java.net.URL url = ReferenceData.class.getResource("/reference/" + path);
      if (url == null) {
        throw new IllegalStateException("missing test resource reference/" + path);
      }
      return ImageReaders.read(java.nio.file.Path.of(url.toURI()).toString());
    } catch (IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CSV with a header row, quoted fields allowed; rows as lists. */
  static List<List<String>> csv(String path) {
    String text = new String(resource(path), StandardCharsets.UTF_8);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          f.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        row.add(f.toString());
        f.setLength(0);
      } else if (ch == '\n') {
        row.add(f.toString().replace("\r", ""));
        f.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else {
        f.append(ch);
      }
    }
    if (f.length() > 0 || !row.isEmpty()) {
      row.add(f.toString());
      rows.add(row);
    }
    return rows;
  }
}
