package org.deltarad.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A table of the extraction output as its commits left it: the base files, written whole by
 * the first run (or by compaction), and one delta per later run, each a complete table
 * directory of that run's new rows moved in by one atomic rename:
 *
 * <pre>
 * TABLE/timepoint=T/part-*.parquet                 base
 * TABLE/_deltas/000001-RUN_ID/...                  the first later commit's rows
 * TABLE/_deltas/000001-RUN_ID/_replaced/*.parquet  the keys it replaces (patient_id, timepoint, reader)
 * </pre>
 *
 * The table's rows are the newest per key: a row is hidden by any later commit that replaces
 * its key, and a row with a missing key part by any later commit (the job's merge rules: a
 * processed key replaces its old features row, success or not; an error row lives until its
 * key is in a manifest again). Spark skips names starting with '_', so reading the directory
 * with Spark directly sees the base alone: read through {@link FeaturesTable}, or compact
 * first ({@code deltarad compact}), which folds the deltas into a new base.
 */
public final class IncrementalTable {
  public static final String DELTAS = "_deltas";
  public static final String REPLACED = "_replaced";
  private static final String SEQ = "_commit_seq";
  private static final String HIDE = "_hidden_by";

  private IncrementalTable() {}

  /** The delta directories of a live table, oldest first. */
  public static List<Path> deltas(FileSystem fs, Path table) throws IOException {
    Path d = new Path(table, DELTAS);
    List<Path> out = new ArrayList<>();
    if (fs.exists(d)) {
      for (FileStatus s : fs.listStatus(d)) {
        if (s.isDirectory() && !s.getPath().getName().startsWith(".")) {
          out.add(s.getPath());
        }
      }
    }
    out.sort(Comparator.comparing(Path::getName));
    return out;
  }

  /** The name of the next delta of a run: one past the highest in any of the tables. */
  public static String nextDelta(FileSystem fs, List<Path> tables, String runId)
      throws IOException {
    int seq = 0;
    for (Path t : tables) {
      for (Path d : deltas(fs, t)) {
        seq = Math.max(seq, Integer.parseInt(d.getName().substring(0, 6)));
      }
    }
    return String.format(java.util.Locale.ROOT, "%06d-%s", seq + 1, runId);
  }

  /**
   * The table's current rows read on the driver, or null when it has none. Without deltas the
   * rows come in file order; with deltas they are sorted by {@code order} (nulls first, text by
   * UTF-8 bytes), which is the order of the compacted files.
   */
  public static ParquetFiles.Table readOnDriver(Configuration conf, FileSystem fs, Path table,
      List<String> order) throws IOException {
    List<Path> deltas = deltas(fs, table);
    ParquetFiles.Table base = FeaturesTable.hasDataIn(fs, table)
        ? ParquetFiles.read(conf, table.toString()) : null;
    if (deltas.isEmpty()) {
      return base;
    }
    List<String> columns = new ArrayList<>(base == null ? List.of() : base.columns());
    List<Object[]> rows = new ArrayList<>();
    if (base != null) {
      rows.addAll(base.rows());
    }
    for (Path d : deltas) {
      Set<List<Object>> replaced = keys(conf, fs, new Path(d, REPLACED));
      int[] k = keyIndexes(columns);
      if (k != null) {
        rows.removeIf(r -> {
          List<Object> key = Arrays.asList(r[k[0]], r[k[1]], r[k[2]]);
          return key.contains(null) || replaced.contains(key);
        });
      }
      if (FeaturesTable.hasDataIn(fs, d)) {
        ParquetFiles.Table t = ParquetFiles.read(conf, d.toString());
        int[] at = new int[t.columns().size()];
        for (int i = 0; i < at.length; i++) {
          String c = t.columns().get(i);
          if (!columns.contains(c)) {
            columns.add(c);
          }
          at[i] = columns.indexOf(c);
        }
        for (Object[] r : t.rows()) {
          Object[] v = new Object[columns.size()];
          for (int i = 0; i < at.length; i++) {
            v[at[i]] = r[i];
          }
          rows.add(v);
        }
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).length < columns.size()) {
        rows.set(i, Arrays.copyOf(rows.get(i), columns.size()));
      }
    }
    if (columns.isEmpty()) {
      return null;
    }
    rows.sort(order(columns, order));
    List<String> skipped = base == null ? List.of() : base.skipped();
    return new ParquetFiles.Table(columns, rows, skipped);
  }

  /**
   * The same rows as a Spark Dataset (null when the table has none): the base and the deltas
   * unioned by column name, each row tagged with its commit, then kept where no later commit
   * replaces its key.
   */
  public static Dataset<Row> read(SparkSession spark, FileSystem fs, Path table)
      throws IOException {
    List<Path> deltas = deltas(fs, table);
    Dataset<Row> base = FeaturesTable.hasDataIn(fs, table)
        ? spark.read().parquet(table.toString()) : null;
    if (deltas.isEmpty()) {
      return base;
    }
    Dataset<Row> all = base == null ? null : base.withColumn(SEQ, lit(0));
    Dataset<Row> hides = null;
    for (int i = 0; i < deltas.size(); i++) {
      Path d = deltas.get(i);
      if (FeaturesTable.hasDataIn(fs, d)) {
        Dataset<Row> rows = spark.read().parquet(d.toString()).withColumn(SEQ, lit(i + 1));
        all = all == null ? rows : all.unionByName(rows, true);
      }
      Path r = new Path(d, REPLACED);
      if (FeaturesTable.hasDataIn(fs, r)) {
        Dataset<Row> h = spark.read().parquet(r.toString()).withColumn(SEQ, lit(i + 1));
        hides = hides == null ? h : hides.unionByName(h);
      }
    }
    if (all == null) {
      return null;
    }
    List<String> columns = new ArrayList<>(Arrays.asList(all.columns()));
    columns.remove(SEQ);
    Column present = col("patient_id").isNotNull().and(col("timepoint").isNotNull())
        .and(col("reader").isNotNull());
    Dataset<Row> kept = all.filter(present.or(col(SEQ).equalTo(lit(deltas.size()))));
    if (hides != null) {
      Dataset<Row> latest = hides.groupBy("patient_id", "timepoint", "reader")
          .agg(max(col(SEQ)).as(HIDE));
      kept = kept.join(latest, scala.jdk.javaapi.CollectionConverters.asScala(
          FeaturesTable.KEYS).toList(), "left")
          .filter(col(HIDE).isNull().or(col(SEQ).geq(col(HIDE))));
    }
    return kept.select(columns.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new));
  }

  /** Writes the keys a delta replaces, as a table beside its rows. */
  public static void writeReplaced(Configuration conf, Path delta, List<List<String>> keys)
      throws IOException {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
    for (String k : FeaturesTable.KEYS) {
      schema = schema.add(k, org.apache.spark.sql.types.DataTypes.StringType);
    }
    List<Row> rows = new ArrayList<>(keys.size());
    for (List<String> k : keys) {
      rows.add(org.apache.spark.sql.RowFactory.create(k.toArray()));
    }
    ParquetFiles.write(conf, new Path(delta, REPLACED).toString(), schema, rows);
  }

  private static Set<List<Object>> keys(Configuration conf, FileSystem fs, Path replaced)
      throws IOException {
    Set<List<Object>> out = new HashSet<>();
    if (!FeaturesTable.hasDataIn(fs, replaced)) {
      return out;
    }
    ParquetFiles.Table t = ParquetFiles.read(conf, replaced.toString());
    int[] k = keyIndexes(t.columns());
    for (Object[] r : t.rows()) {
      out.add(Arrays.asList(r[k[0]], r[k[1]], r[k[2]]));
    }
    return out;
  }

  private static int[] keyIndexes(List<String> columns) {
    int[] k = FeaturesTable.KEYS.stream().mapToInt(columns::indexOf).toArray();
    return Arrays.stream(k).anyMatch(i -> i < 0) ? null : k;
  }

  private static Comparator<Object[]> order(List<String> columns, List<String> order) {
    Comparator<Object[]> c = (a, b) -> 0;
    for (String name : order) {
      int i = columns.indexOf(name);
      if (i >= 0) {
        c = c.thenComparing(r -> r[i], IncrementalTable::compare);
      }
    }
    return c;
  }

  /** Spark's order: nulls first, text by unsigned UTF-8 bytes, numbers by value. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof String s && b instanceof String t) {
      return Arrays.compareUnsigned(s.getBytes(StandardCharsets.UTF_8),
          t.getBytes(StandardCharsets.UTF_8));
    }
    return ((Comparable) a).compareTo(b);
  }
}
