package org.deltarad.features;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.deltarad.image.Image3D;

/**
 * Test resources under /reference: the brain1 NRRD pair, the IBSI phantom NIfTI pair and the
 * reference CSVs. The image decoding here is deliberately minimal (gzip NRRD/NIfTI-1 as these
 * files are) so the feature tests do not depend on the I/O module's readers.
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

  static byte[] gunzip(byte[] data) {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A gzip-encoded little-endian 3-D NRRD (short or int) with LPS space directions. */
  static Image3D nrrd(String path) {
    byte[] all = resource(path);
    int end = 0;
    while (!(all[end] == '\n' && all[end + 1] == '\n')) {
      end++;
    }
    String header = new String(all, 0, end, StandardCharsets.US_ASCII);
    Map<String, String> h = new LinkedHashMap<>();
    for (String line : header.split("\n")) {
      int c = line.indexOf(": ");
      if (c > 0 && !line.startsWith("#")) {
        h.put(line.substring(0, c), line.substring(c + 2).trim());
      }
    }
    String[] sizes = h.get("sizes").split(" ");
    int nx = Integer.parseInt(sizes[0]);
    int ny = Integer.parseInt(sizes[1]);
    int nz = Integer.parseInt(sizes[2]);
    double[][] dirs = new double[3][];
    String[] vecs = h.get("space directions").replace("(", "").split("\\)\\s*");
    for (int i = 0; i < 3; i++) {
      String[] p = vecs[i].split(",");
      dirs[i] = new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1]),
          Double.parseDouble(p[2])};
    }
    String[] o = h.get("space origin").replace("(", "").replace(")", "").split(",");
    double[] origin = {Double.parseDouble(o[0]), Double.parseDouble(o[1]),
        Double.parseDouble(o[2])};
    double[] spacing = new double[3];
    double[] direction = new double[9];
    for (int c = 0; c < 3; c++) {
      double n = Math.sqrt(dirs[c][0] * dirs[c][0] + dirs[c][1] * dirs[c][1]
          + dirs[c][2] * dirs[c][2]);
      spacing[c] = n;
      for (int r = 0; r < 3; r++) {
        direction[3 * r + c] = dirs[c][r] / n;
      }
    }
    byte[] raw = new byte[all.length - end - 2];
    System.arraycopy(all, end + 2, raw, 0, raw.length);
    ByteBuffer b = ByteBuffer.wrap(gunzip(raw)).order(ByteOrder.LITTLE_ENDIAN);
    double[] v = new double[nx * ny * nz];
    String type = h.get("type");
    for (int i = 0; i < v.length; i++) {
      v[i] = type.equals("short") ? b.getShort() : b.getInt();
    }
    return new Image3D(nx, ny, nz, v, spacing, origin, direction, path);
  }

  /** A gzip NIfTI-1 (int16/float32/float64) with axis-aligned pixdim geometry. */
  static Image3D nifti(String path) {
    ByteBuffer b = ByteBuffer.wrap(gunzip(resource(path))).order(ByteOrder.LITTLE_ENDIAN);
    int nx = b.getShort(42);
    int ny = b.getShort(44);
    int nz = b.getShort(46);
    int datatype = b.getShort(70);
    double[] spacing = {b.getFloat(80), b.getFloat(84), b.getFloat(88)};
    int offset = (int) b.getFloat(108);
    double[] v = new double[nx * ny * nz];
    b.position(offset);
    for (int i = 0; i < v.length; i++) {
      switch (datatype) {
        case 4: v[i] = b.getShort(); break;
        case 16: v[i] = b.getFloat(); break;
        case 64: v[i] = b.getDouble(); break;
        default: throw new IllegalStateException("datatype " + datatype);
      }
    }
    return new Image3D(nx, ny, nz, v, spacing, new double[3], Image3D.identity(), path);
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
