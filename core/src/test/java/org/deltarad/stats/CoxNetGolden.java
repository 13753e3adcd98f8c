package org.deltarad.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads one golden case written by core/src/test/r/coxnet_golden.R. */
final class CoxNetGolden {
  final String name;
  final double[][] x;
  final double[] time;
  final int[] status;
  final String[] names;
  final int[] foldId;
  final double[][] path;     // rows: lambda, dev_ratio, df, betas...
  final double[][] cv;       // rows: lambda, cvm, cvsd, nzero
  final Map<String, String> summary = new HashMap<>();
  final double[] coefMin;
  final double[] coef1se;

  CoxNetGolden(String name) {
    this.name = name;
    List<String[]> data = read("data.csv");
    String[] head = data.get(0);
    int n = data.size() - 1;
    int p = head.length - 2;
    names = Arrays.copyOfRange(head, 2, head.length);
    x = new double[n][p];
    time = new double[n];
    status = new int[n];
    for (int i = 0; i < n; i++) {
      String[] r = data.get(i + 1);
      time[i] = Double.parseDouble(r[0]);
      status[i] = Integer.parseInt(r[1]);
      for (int j = 0; j < p; j++) {
        x[i][j] = Double.parseDouble(r[j + 2]);
      }
    }
    List<String[]> f = read("foldid.csv");
    foldId = new int[n];
    for (int i = 0; i < n; i++) {
      foldId[i] = Integer.parseInt(f.get(i + 1)[0]);
    }
    path = numbers(read("path.csv"));
    cv = numbers(read("cv.csv"));
    for (String[] r : read("summary.csv").subList(1, read("summary.csv").size())) {
      summary.put(r[0], r.length > 1 ? r[1] : "");
    }
    double[][] c = numbers(read("coef.csv"), 1);
    coefMin = new double[p];
    coef1se = new double[p];
    for (int j = 0; j < p; j++) {
      coefMin[j] = c[j][0];
      coef1se[j] = c[j][1];
    }
  }

  /** An extra path file of the case (same layout as path.csv). */
  double[][] pathFile(String file) {
    return numbers(read(file));
  }

  double num(String key) {
    return Double.parseDouble(summary.get(key));
  }

  private static double[][] numbers(List<String[]> rows) {
    return numbers(rows, 0);
  }

  private static double[][] numbers(List<String[]> rows, int skipCols) {
    double[][] out = new double[rows.size() - 1][];
    for (int i = 1; i < rows.size(); i++) {
      String[] r = rows.get(i);
      out[i - 1] = new double[r.length - skipCols];
      for (int j = skipCols; j < r.length; j++) {
        out[i - 1][j - skipCols] = Double.parseDouble(r[j]);
      }
    }
    return out;
  }

  private List<String[]> read(String file) {
    String res = "/golden/coxnet/" + name + "/" + file;
    try (InputStream in = CoxNetGolden.class.getResourceAsStream(res)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + res);
      }
      List<String[]> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
