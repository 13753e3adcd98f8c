package org.deltarad.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.stats.ComBat;
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
    List<Row> combat = new ArrayList<>();
    s.combat().forEach((f, fit) -> {
      int[] cols = fit.covariateColumns();
      for (int i = 0; i < cols.length; i++) {
        coefficients.add(RowFactory.create(f, s.design().columnNames()[cols[i]],
            fit.covariateBeta()[i]));
      }
      for (int b = 0; b < fit.batches().size(); b++) {
        combat.add(RowFactory.create(f, fit.batches().get(b), fit.alpha(), fit.sigma(),
            fit.gammaStar()[b], fit.deltaStar()[b]));
      }
    });
    t.put(AnalysisTables.HARMONIZATION_DESIGN, design);
    t.put(AnalysisTables.HARMONIZATION_COEFFICIENTS, coefficients);
    t.put(AnalysisTables.HARMONIZATION_COMBAT, combat);
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
    if (method == HarmonizationMethod.OLS || method == HarmonizationMethod.COMBAT) {
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
      // ComBat without protected covariates has no design
      boolean none = d.rows().isEmpty() && method == HarmonizationMethod.COMBAT;
      dm = none ? null : DesignMatrix.of(numeric.toArray(new String[0]),
          levels.keySet().toArray(new String[0]), lv);
      if (dm != null && !Arrays.asList(dm.columnNames()).equals(terms)) {
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
        String term = (String) r[c.column("term")];
        int at = terms.indexOf(term);
        if (at < 0) {
          throw new IllegalArgumentException(dir + "/"
              + AnalysisTables.HARMONIZATION_COEFFICIENTS.name() + ": term '" + term + "' of "
              + r[c.column("feature")] + " is not a column of "
              + AnalysisTables.HARMONIZATION_DESIGN.name());
        }
        b[at] = v == null ? Double.NaN : ((Number) v).doubleValue();
      }
    }
    Map<String, ComBat.FeatureFit> combat = Map.of();
    if (method == HarmonizationMethod.COMBAT) {
      combat = combat(conf, dir, coefficients);
      coefficients = new TreeMap<>(); // ComBat's coefficients live in its fits
    }
    Map<String, ZScore> z = new TreeMap<>();
    ParquetFiles.Table zt = table(conf, dir, AnalysisTables.ZSCORE);
    for (Object[] r : zt.rows()) {
      z.put((String) r[zt.column("feature")], new ZScore(((Number) r[zt.column("mean")])
          .doubleValue(), ((Number) r[zt.column("sd")]).doubleValue()));
    }
    return new Standardization(method, dm, coefficients, z, combat);
  }

  /**
   * The ComBat fit from harmonization_combat and the protected covariates' coefficients (in
   * design order, the used columns: those with a coefficient, the same for every feature).
   */
  private static Map<String, ComBat.FeatureFit> combat(Configuration conf, String dir,
      Map<String, double[]> coefficients) throws IOException {
    String where = dir + "/" + AnalysisTables.HARMONIZATION_COMBAT.name();
    int[] cols = usedColumns(coefficients, where);
    ParquetFiles.Table c = table(conf, dir, AnalysisTables.HARMONIZATION_COMBAT);
    TreeSet<String> batchSet = new TreeSet<>();
    for (Object[] r : c.rows()) {
      batchSet.add((String) r[c.column("batch")]);
    }
    List<String> batches = new ArrayList<>(batchSet);
    Map<String, double[][]> perBatch = new TreeMap<>();
    Map<String, double[]> alphaSigma = new TreeMap<>();
    for (Object[] r : c.rows()) {
      String f = (String) r[c.column("feature")];
      double[][] gd = perBatch.computeIfAbsent(f, k -> nanPair(batches.size()));
      int b = batches.indexOf((String) r[c.column("batch")]);
      gd[0][b] = number(r[c.column("gamma_star")]);
      gd[1][b] = number(r[c.column("delta_star")]);
      double[] as = {number(r[c.column("alpha")]), number(r[c.column("sigma")])};
      double[] seen = alphaSigma.putIfAbsent(f, as);
      if (seen != null && !Arrays.equals(seen, as)) {
        throw new IllegalArgumentException(where + ": feature " + f + " has different alpha or"
            + " sigma on its batch rows");
      }
    }
    Map<String, ComBat.FeatureFit> fits = new TreeMap<>();
    perBatch.forEach((f, gd) -> {
      for (double[] v : gd) {
        if (Arrays.stream(v).anyMatch(Double::isNaN)) {
          throw new IllegalArgumentException(where + ": feature " + f + " lacks a batch of "
              + batches);
        }
      }
      double[] beta = new double[cols.length];
      double[] all = coefficients.get(f);
      for (int i = 0; i < cols.length; i++) {
        beta[i] = all == null ? Double.NaN : all[cols[i]];
      }
      if (Arrays.stream(beta).anyMatch(Double::isNaN)) {
        throw new IllegalArgumentException(where + ": feature " + f + " has no coefficient of"
            + " a protected covariate in " + AnalysisTables.HARMONIZATION_COEFFICIENTS.name());
      }
      double[] as = alphaSigma.get(f);
      fits.put(f, new ComBat.FeatureFit(batches, cols, as[0], as[1], beta, gd[0], gd[1]));
    });
    return fits;
  }

  /** Design columns with a coefficient; every feature must have the same ones. */
  private static int[] usedColumns(Map<String, double[]> coefficients, String where) {
    int[] cols = null;
    for (Map.Entry<String, double[]> e : coefficients.entrySet()) {
      double[] b = e.getValue();
      int[] used = IntStream.range(0, b.length).filter(j -> !Double.isNaN(b[j])).toArray();
      if (cols != null && !Arrays.equals(cols, used)) {
        throw new IllegalArgumentException(where + ": feature " + e.getKey() + " has"
            + " coefficients of other protected covariates than the others");
      }
      cols = used;
    }
    return cols == null ? new int[0] : cols;
  }

  private static double[][] nanPair(int n) {
    double[][] v = new double[2][n];
    Arrays.fill(v[0], Double.NaN);
    Arrays.fill(v[1], Double.NaN);
    return v;
  }

  private static double number(Object v) {
    return v == null ? Double.NaN : ((Number) v).doubleValue();
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
