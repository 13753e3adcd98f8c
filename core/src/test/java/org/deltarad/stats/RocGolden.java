package org.deltarad.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the R golden fixtures under golden/roc and golden/survival (see roc_golden.R). */
final class RocGolden {
  static final String[] SETS = {"cont_n73", "cont_n37", "figo_n73", "size_n37", "ties_n110",
      "heavycens_n73", "degenerate_nocases", "degenerate_nocontrols"};
  static final String[] REGULAR = {"cont_n73", "cont_n37", "figo_n73", "size_n37", "ties_n110",
      "heavycens_n73"};

  /** One data set: columns time, status, marker, marker2, group. */
  record Data(String name, double[] time, int[] status, double[] marker, double[] marker2,
      int[] group) {
    RightCensoredSample sample() {
      return new RightCensoredSample(time, status, name);
    }
  }

  private RocGolden() {}

  static Data data(String name) {
    String text = resource("/golden/roc/" + name + ".csv");
    String[] lines = text.strip().split("\n");
    int n = lines.length - 1;
    double[] time = new double[n];
    int[] status = new int[n];
    double[] marker = new double[n];
    double[] marker2 = new double[n];
    int[] group = new int[n];
    for (int i = 0; i < n; i++) {
      String[] f = lines[i + 1].split(",");
      time[i] = Double.parseDouble(f[0]);
      status[i] = (int) Double.parseDouble(f[1]);
      marker[i] = Double.parseDouble(f[2]);
      marker2[i] = Double.parseDouble(f[3]);
      group[i] = (int) Double.parseDouble(f[4]);
    }
    return new Data(name, time, status, marker, marker2, group);
  }

  static JsonNode json(String path) {
    try {
      return new ObjectMapper().readTree(resource(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double num(JsonNode node) {
    if (node == null || node.isNull()) {
      return Double.NaN;
    }
    if (node.isTextual()) {
      return Double.parseDouble(node.asText());
    }
    return node.asDouble();
  }

  static double[] nums(JsonNode node) {
    List<Double> out = new ArrayList<>();
    node.forEach(v -> out.add(num(v)));
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static String resource(String path) {
    try (InputStream in = RocGolden.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
