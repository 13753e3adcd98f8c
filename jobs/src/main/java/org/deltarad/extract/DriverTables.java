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
import org.deltarad.tables.IncrementalTable;
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
   * Writes this run's features delta to {@code dir}: its successes, and the keys of every
   * volume it processed (success or not), which replace their previous rows
   * ({@link IncrementalTable}). Adds the previous table's feature columns to {@code names};
   * returns the number of rows of the table once committed.
   */
  long writeFeatures(List<Row> results, ParquetFiles.Table existing, TreeSet<String> names,
      Path dir, OutputStore store) throws IOException {
    List<String> columns = new ArrayList<>(FeaturesTable.FIXED_COLUMNS);
    columns.addAll(new TreeSet<>(engineNames));
    Set<List<String>> processed = new HashSet<>();
    for (Row r : results) {
      if (!VolumeResult.isSkipped(r)) {
        // result rows carry no schema: by position
        processed.add(Arrays.asList(r.getString(RESULT.fieldIndex("patient_id")),
            r.getString(RESULT.fieldIndex("timepoint")),
            r.getString(RESULT.fieldIndex("reader"))));
      }
    }
    long kept = 0;
    addFeatureColumns(existing, names);
    if (existing != null) {
      int pi = existing.column("patient_id");
      int ti = existing.column("timepoint");
      int ri = existing.column("reader");
      for (Object[] e : existing.rows()) {
        // an anti join: a key with a null never matches
        if (e[pi] == null || e[ti] == null || e[ri] == null
            || !processed.contains(Arrays.asList(e[pi], e[ti], e[ri]))) {
          kept++;
        }
      }
    }
    List<Object[]> rows = new ArrayList<>();
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
    writeFeaturesTable(columns, rows, dir, store);
    IncrementalTable.writeReplaced(conf, dir, sorted(processed));
    return kept + rows.size();
  }

  /** Adds the feature columns of {@code existing} (if any) to {@code names}. */
  void addFeatureColumns(ParquetFiles.Table existing, TreeSet<String> names) {
    if (existing != null) {
      for (String c : existing.columns()) {
        if (FeaturesTable.isFeatureColumn(c)) {
          names.add(c);
        }
      }
    }
  }

  /**
   * Writes a features table: one file per {@code timepoint=<value>} directory, rows sorted by
   * patient_id then reader, {@code timepoint} as the directory only.
   */
  void writeFeaturesTable(List<String> columns, List<Object[]> rows, Path dir,
      OutputStore store) throws IOException {
    int tp = columns.indexOf("timepoint");
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
  }

  /**
   * Writes this run's errors delta to {@code dir}: its failures and duplicate rows, and every
   * key of the manifest, which replaces the previous errors of that key. Returns the number of
   * rows of the table once committed (previous errors of keys absent from the manifest are
   * kept; those with a missing key part are not).
   */
  long writeErrors(List<Row> results, List<Row> duplicateErrors, List<Row> manifest,
      ParquetFiles.Table old, Path dir) throws IOException {
    Set<List<String>> manifestKeys = manifestKeys(manifest);
    long kept = old == null ? 0 : keptErrors(old, manifestKeys);
    List<String> columns = ExtractionJob.ERROR_COLUMNS;
    List<Row> runErrors = new ArrayList<>();
    for (Row r : results) {
      if (!VolumeResult.isOk(r) && !VolumeResult.isSkipped(r)) {
        runErrors.add(r);
      }
    }
    runErrors.addAll(duplicateErrors);
    List<Object[]> rows = new ArrayList<>();
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
    writeErrorsTable(rows, dir);
    IncrementalTable.writeReplaced(conf, dir, sorted(manifestKeys));
    return kept + rows.size();
  }

  /** The manifest's keys (all three parts present). */
  static Set<List<String>> manifestKeys(List<Row> manifest) {
    Set<List<String>> keys = new HashSet<>();
    for (Row r : manifest) {
      List<String> k = Arrays.asList(r.getAs("patient_id"), r.getAs("timepoint"),
          r.getAs("reader"));
      if (!k.contains(null)) {
        keys.add(k);
      }
    }
    return keys;
  }

  /** Previous error rows a run over {@code manifestKeys} keeps. */
  static long keptErrors(ParquetFiles.Table old, Set<List<String>> manifestKeys) {
    int pi = old.column("patient_id");
    int ti = old.column("timepoint");
    int ri = old.column("reader");
    long kept = 0;
    for (Object[] e : old.rows()) {
      if (e[pi] != null && e[ti] != null && e[ri] != null
          && !manifestKeys.contains(Arrays.asList(e[pi], e[ti], e[ri]))) {
        kept++;
      }
    }
    return kept;
  }

  /** Writes an errors table: one file sorted by patient_id, timepoint, reader, manifest_row. */
  void writeErrorsTable(List<Object[]> rows, Path dir) throws IOException {
    List<String> columns = ExtractionJob.ERROR_COLUMNS;
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
  }

  private static List<List<String>> sorted(Set<List<String>> keys) {
    List<List<String>> out = new ArrayList<>(keys);
    out.sort(Comparator.<List<String>, String>comparing(k -> k.get(0), DriverTables::utf8)
        .thenComparing(k -> k.get(1), DriverTables::utf8)
        .thenComparing(k -> k.get(2), DriverTables::utf8));
    return out;
  }

  /** A column's type in the tables: as in the result rows, text for the run's labels. */
  static DataType type(String c) {
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
