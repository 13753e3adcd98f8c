package org.deltarad.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.stats.DesignMatrix;
import org.deltarad.stats.ZScore;
import org.deltarad.tables.AnalysisTables;
import org.deltarad.tables.AnalysisTables.Table;
import org.deltarad.tables.ParquetFiles;

/**
 * A {@link Standardization} as the rows of {@code harmonization_design},
 * {@code harmonization_coefficients} and {@code zscore}, and back. Doubles are stored as they
 * are (Parquet keeps every bit); an aliased coefficient is null.
 */
final class StandardizationTables {
  static final String INTERCEPT = "intercept";
  static final String NUMERIC = "numeric";
  static final String LEVEL = "level";
  static final String REFERENCE = "reference";

  private StandardizationTables() {}

  static Map<Table, List<Row>> rows(Standardization s) {
    Map<Table, List<Row>> t = new LinkedHashMap<>();
    List<Row> design = new ArrayList<>();
    List<Row> coefficients = new ArrayList<>();
    if (s.design() != null) {
      DesignMatrix dm = s.design();
      String[] terms = dm.columnNames();
      design.add(RowFactory.create(terms[0], 0, null, INTERCEPT, null));
      String[] num = dm.numericNames();
      for (int i = 0; i < num.length; i++) {
        design.add(RowFactory.create(num[i], 1 + i, num[i], NUMERIC, null));
      }
      int col = 1 + num.length;
      String[] cat = dm.categoricalNames();
      for (int c = 0; c < cat.length; c++) {
        String[] levels = dm.levels(c);
        design.add(RowFactory.create(null, null, cat[c], REFERENCE, levels[0]));
        for (int l = 1; l < levels.length; l++) {
          design.add(RowFactory.create(terms[col], col, cat[c], LEVEL, levels[l]));
          col++;
        }
      }
      s.coefficients().forEach((f, b) -> {
        for (int j = 0; j < b.length; j++) {
          coefficients.add(RowFactory.create(f, terms[j], Double.isNaN(b[j]) ? null : b[j]));
        }
      });
    }
    t.put(AnalysisTables.HARMONIZATION_DESIGN, design);
    t.put(AnalysisTables.HARMONIZATION_COEFFICIENTS, coefficients);
    List<Row> z = new ArrayList<>();
    s.zscores().forEach((f, v) -> z.add(RowFactory.create(f, v.mean(), v.sd())));
    t.put(AnalysisTables.ZSCORE, z);
    return t;
  }

  /** Reads the saved parameters of an analysis output directory. */
  static Standardization read(Configuration conf, String dir, HarmonizationMethod method)
      throws IOException {
    DesignMatrix dm = null;
    Map<String, double[]> coefficients = new TreeMap<>();
    if (method == HarmonizationMethod.OLS) {
      ParquetFiles.Table d = table(conf, dir, AnalysisTables.HARMONIZATION_DESIGN);
      List<String> numeric = new ArrayList<>();
      Map<String, List<String>> levels = new LinkedHashMap<>();
      List<String> terms = new ArrayList<>();
      for (Object[] r : d.rows()) {
        String kind = (String) r[d.column("kind")];
        String cov = (String) r[d.column("covariate")];
        if (NUMERIC.equals(kind)) {
          numeric.add(cov);
        } else if (LEVEL.equals(kind) || REFERENCE.equals(kind)) {
          levels.computeIfAbsent(cov, k -> new ArrayList<>()).add((String) r[d.column("level")]);
        }
        if (r[d.column("position")] != null) {
          terms.add((String) r[d.column("term")]);
        }
      }
      String[][] lv = levels.values().stream().map(l -> l.toArray(new String[0]))
          .toArray(String[][]::new);
      dm = DesignMatrix.of(numeric.toArray(new String[0]), levels.keySet().toArray(
          new String[0]), lv);
      if (!Arrays.asList(dm.columnNames()).equals(terms)) {
        throw new IllegalArgumentException(dir + "/" + AnalysisTables.HARMONIZATION_DESIGN.name()
            + ": terms " + terms + " do not make a design (expected " + Arrays.asList(
            dm.columnNames()) + ")");
      }
      ParquetFiles.Table c = table(conf, dir, AnalysisTables.HARMONIZATION_COEFFICIENTS);
      for (Object[] r : c.rows()) {
        double[] b = coefficients.computeIfAbsent((String) r[c.column("feature")], k -> {
          double[] v = new double[terms.size()];
          Arrays.fill(v, Double.NaN);
          return v;
        });
        Object v = r[c.column("coefficient")];
        b[terms.indexOf((String) r[c.column("term")])] = v == null ? Double.NaN
            : ((Number) v).doubleValue();
      }
    }
    Map<String, ZScore> z = new TreeMap<>();
    ParquetFiles.Table zt = table(conf, dir, AnalysisTables.ZSCORE);
    for (Object[] r : zt.rows()) {
      z.put((String) r[zt.column("feature")], new ZScore(((Number) r[zt.column("mean")])
          .doubleValue(), ((Number) r[zt.column("sd")]).doubleValue()));
    }
    return new Standardization(method, dm, coefficients, z);
  }

  private static ParquetFiles.Table table(Configuration conf, String dir, Table t)
      throws IOException {
    String path = dir + "/" + t.name();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    if (!p.getFileSystem(conf).exists(p)) {
      throw new IllegalArgumentException(dir + " has no " + t.name() + " table (written by"
          + " analyze since scoring was added: run analyze again)");
    }
    return ParquetFiles.read(conf, path);
  }
}
