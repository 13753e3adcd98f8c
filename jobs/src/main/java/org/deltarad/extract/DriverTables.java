package org.deltarad.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deltarad.runtime.Version;
import org.deltarad.tables.FeaturesTable;
import org.deltarad.tables.OutputStore;
import org.deltarad.tables.ParquetFiles;

/**
 * The extraction job's tables written on the driver with {@link ParquetFiles}, for runs whose
 * results were gathered there: the same rows, columns, types and layout as the job's Spark
 * writes (features: one file per {@code timepoint=<value>} directory, rows sorted by
 * patient_id then reader; errors: one file sorted by patient_id, timepoint, reader,
 * manifest_row; nulls first and strings in UTF-8 byte order, as Spark sorts).
 */
final class DriverTables {
  private final Configuration conf;
  private final String hash;
  private final String runId;
  private final List<String> engineNames;
  private static final StructType RESULT = VolumeResult.schema();

  DriverTables(Configuration conf, String hash, String runId, List<String> engineNames) {
    this.conf = conf;
    this.hash = hash;
    this.runId = runId;
    this.engineNames = engineNames;
  }

  /**
   * Writes the merged features table (previous rows of keys not processed now, then this run's
   * successes) to {@code dir}; adds the previous table's feature columns to {@code names}.
   * Returns the number of rows.
   */
  long writeFeatures(List<Row> results, ParquetFiles.Table existing, TreeSet<String> names,
      Path dir, OutputStore store) throws IOException {
    if (existing != null) {
      for (String c : existing.columns()) {
        if (FeaturesTable.isFeatureColumn(c)) {
          names.add(c);
        }
      }
    }
    List<String> columns = new ArrayList<>(FeaturesTable.FIXED_COLUMNS);
    columns.addAll(names);
    int tp = columns.indexOf("timepoint");
    List<Object[]> rows = new ArrayList<>();
    if (existing != null) {
      Set<List<String>> processed = new HashSet<>();
      for (Row r : results) {
        if (!VolumeResult.isSkipped(r)) {
          // result rows carry no schema: by position
          processed.add(Arrays.asList(r.getString(RESULT.fieldIndex("patient_id")),
              r.getString(RESULT.fieldIndex("timepoint")),
              r.getString(RESULT.fieldIndex("reader"))));
        }
      }
      int[] from = columns.stream().mapToInt(existing::column).toArray();
      int pi = existing.column("patient_id");
      int ti = existing.column("timepoint");
      int ri = existing.column("reader");
      for (Object[] e : existing.rows()) {
        // an anti join: a key with a null never matches
        if (e[pi] != null && e[ti] != null && e[ri] != null
            && processed.contains(Arrays.asList(e[pi], e[ti], e[ri]))) {
          continue;
        }
        Object[] v = new Object[columns.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = from[i] < 0 ? null : e[from[i]];
        }
        rows.add(v);
      }
    }
    int featuresAt = RESULT.fieldIndex("features");
    for (Row r : results) {
      if (!VolumeResult.isOk(r)) {
        continue;
      }
      Object[] v = new Object[columns.size()];
      for (int i = 0; i < FeaturesTable.FIXED_COLUMNS.size(); i++) {
        String c = columns.get(i);
        v[i] = switch (c) {
          case "settings_hash" -> hash;
          case "deltarad_version" -> Version.current();
          default -> r.get(RESULT.fieldIndex(c));
        };
      }
      List<Object> values = r.getList(featuresAt);
      for (int f = 0; f < engineNames.size(); f++) {
        v[columns.indexOf(engineNames.get(f))] = values.get(f);
      }
      rows.add(v);
    }
    // timepoint is the directory, not a column of the files
    List<StructField> fields = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (i != tp) {
        fields.add(DataTypes.createStructField(columns.get(i), type(columns.get(i)), true));
      }
    }
    StructType fileSchema = DataTypes.createStructType(fields);
    int pi = columns.indexOf("patient_id");
    int ri = columns.indexOf("reader");
    Map<String, List<Object[]>> byTimepoint = new TreeMap<>();
    for (Object[] v : rows) {
      String t = (String) v[tp];
      byTimepoint.computeIfAbsent(t == null ? ExternalCatalogUtils.DEFAULT_PARTITION_NAME()
          : ExternalCatalogUtils.escapePathName(t), k -> new ArrayList<>()).add(v);
    }
    store.fs().mkdirs(dir);
    for (Map.Entry<String, List<Object[]>> e : byTimepoint.entrySet()) {
      List<Object[]> part = e.getValue();
      part.sort(Comparator.<Object[], String>comparing(v -> (String) v[pi], DriverTables::utf8)
          .thenComparing(v -> (String) v[ri], DriverTables::utf8));
      List<Row> out = new ArrayList<>(part.size());
      for (Object[] v : part) {
        Object[] w = new Object[v.length - 1];
        System.arraycopy(v, 0, w, 0, tp);
        System.arraycopy(v, tp + 1, w, tp, v.length - tp - 1);
        out.add(RowFactory.create(w));
      }
      ParquetFiles.writeFile(conf, new Path(new Path(dir, "timepoint=" + e.getKey()),
          "part-00000.snappy.parquet"), fileSchema, out);
    }
    store.writeString(new Path(dir, "_SUCCESS"), "");
    return rows.size();
  }

  /**
   * Writes the merged errors table (previous errors of keys absent from the manifest, then this
   * run's failures and duplicate rows) to {@code dir}; returns its number of rows.
   */
  long writeErrors(List<Row> results, List<Row> duplicateErrors, List<Row> manifest,
      OutputStore store, Path previous, Path dir) throws IOException {
    List<String> columns = ExtractionJob.ERROR_COLUMNS;
    List<Object[]> rows = new ArrayList<>();
    if (FeaturesTable.hasData(store, previous)) {
      Set<List<String>> manifestKeys = new HashSet<>();
      for (Row r : manifest) {
        manifestKeys.add(Arrays.asList(r.getAs("patient_id"), r.getAs("timepoint"),
            r.getAs("reader")));
      }
      ParquetFiles.Table old = ParquetFiles.read(conf, previous.toString());
      int[] from = columns.stream().mapToInt(old::column).toArray();
      int pi = old.column("patient_id");
      int ti = old.column("timepoint");
      int ri = old.column("reader");
      for (Object[] e : old.rows()) {
        if (e[pi] == null || e[ti] == null || e[ri] == null
            || manifestKeys.contains(Arrays.asList(e[pi], e[ti], e[ri]))) {
          continue;
        }
        Object[] v = new Object[columns.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = from[i] < 0 ? null : e[from[i]];
        }
        rows.add(v);
      }
    }
    List<Row> runErrors = new ArrayList<>();
    for (Row r : results) {
      if (!VolumeResult.isOk(r) && !VolumeResult.isSkipped(r)) {
        runErrors.add(r);
      }
    }
    runErrors.addAll(duplicateErrors);
    for (Row r : runErrors) {
      Object[] v = new Object[columns.size()];
      for (int i = 0; i < v.length; i++) {
        String c = columns.get(i);
        v[i] = switch (c) {
          case "settings_hash" -> hash;
          case "run_id" -> runId;
          default -> r.get(RESULT.fieldIndex(c));
        };
      }
      rows.add(v);
    }
    int pi = columns.indexOf("patient_id");
    int ti = columns.indexOf("timepoint");
    int ri = columns.indexOf("reader");
    int mi = columns.indexOf(Manifest.ROW);
    rows.sort(Comparator.<Object[], String>comparing(v -> (String) v[pi], DriverTables::utf8)
        .thenComparing(v -> (String) v[ti], DriverTables::utf8)
        .thenComparing(v -> (String) v[ri], DriverTables::utf8)
        .thenComparing(v -> (Long) v[mi], Comparator.nullsFirst(Comparator.naturalOrder())));
    List<StructField> fields = new ArrayList<>();
    for (String c : columns) {
      fields.add(DataTypes.createStructField(c, type(c), true));
    }
    List<Row> out = new ArrayList<>(rows.size());
    for (Object[] v : rows) {
      out.add(RowFactory.create(v));
    }
    ParquetFiles.write(conf, dir.toString(), DataTypes.createStructType(fields), out);
    return rows.size();
  }

  /** A column's type in the tables: as in the result rows, text for the run's labels. */
  private static DataType type(String c) {
    if (c.equals("settings_hash") || c.equals("deltarad_version") || c.equals("run_id")) {
      return DataTypes.StringType;
    }
    if (FeaturesTable.FIXED_COLUMNS.contains(c) || RESULT.getFieldIndex(c).isDefined()) {
      return RESULT.apply(c).dataType();
    }
    return DataTypes.DoubleType;
  }

  /** Spark's order of strings: nulls first, then by unsigned UTF-8 bytes. */
  static int utf8(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }
}
