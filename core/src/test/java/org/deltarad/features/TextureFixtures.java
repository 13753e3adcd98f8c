package org.deltarad.features;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the texture test fixtures (see core/src/test/python/make_texture_fixtures.py). */
final class TextureFixtures {
  private TextureFixtures() {
  }

  static BufferedReader open(String resource) {
    InputStream in = TextureFixtures.class.getResourceAsStream("/texture/" + resource);
    if (in == null) {
      throw new IllegalStateException("missing test resource texture/" + resource);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** A discretised ROI fixture: header "nx ny nz sx sy sz", then levels x fastest. */
  static DiscretizedRoi roi(String resource) {
    try (BufferedReader r = open(resource)) {
      String[] head = r.readLine().trim().split("\\s+");
      int nx = Integer.parseInt(head[0]);
      int ny = Integer.parseInt(head[1]);
      int nz = Integer.parseInt(head[2]);
      double[] spacing = {Double.parseDouble(head[3]), Double.parseDouble(head[4]),
          Double.parseDouble(head[5])};
      int[] levels = new int[nx * ny * nz];
      int k = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        for (String t : line.trim().split("\\s+")) {
          if (!t.isEmpty()) {
            levels[k++] = Integer.parseInt(t);
          }
        }
      }
      if (k != levels.length) {
        throw new IllegalStateException(resource + ": " + k + " levels, expected " + levels.length);
      }
      return new DiscretizedRoi(nx, ny, nz, levels, new double[levels.length], spacing);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ROI from a levels array (x fastest), unit spacing. */
  static DiscretizedRoi roi(int nx, int ny, int nz, int... levels) {
    return new DiscretizedRoi(nx, ny, nz, levels, new double[levels.length],
        new double[] {1, 1, 1});
  }

  /** One configuration column of a PyRadiomics baseline CSV: feature name -> value. */
  static Map<String, Double> baseline(String resource, String column) {
    Map<String, Double> out = new LinkedHashMap<>();
    try (BufferedReader r = open(resource)) {
      List<String> header = splitCsv(r.readLine());
      int c = header.indexOf(column);
      if (c < 0) {
        throw new IllegalStateException(resource + ": no column " + column);
      }
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        List<String> cells = splitCsv(line);
        if (cells.get(0).startsWith("original_") && c < cells.size()
            && !cells.get(c).isEmpty()) {
          out.put(cells.get(0), Double.parseDouble(cells.get(c)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<String> splitCsv(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char ch : line.toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        cells.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    cells.add(cur.toString());
    return cells;
  }

  /** All texture families' features of an ROI, prefixed "original_family_". */
  static Map<String, Double> allTexture(DiscretizedRoi roi) {
    Map<String, Double> out = new LinkedHashMap<>();
    new GlcmFeatures().compute(roi).forEach((k, v) -> out.put("original_glcm_" + k, v));
    new GlrlmFeatures().compute(roi).forEach((k, v) -> out.put("original_glrlm_" + k, v));
    new GlszmFeatures().compute(roi).forEach((k, v) -> out.put("original_glszm_" + k, v));
    new GldmFeatures().compute(roi).forEach((k, v) -> out.put("original_gldm_" + k, v));
    new NgtdmFeatures().compute(roi).forEach((k, v) -> out.put("original_ngtdm_" + k, v));
    return out;
  }

  static double relativeError(double actual, double expected) {
    if (actual == expected) {
      return 0;
    }
    return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  }
}
