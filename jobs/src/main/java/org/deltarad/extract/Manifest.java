package org.deltarad.extract;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The extraction job's input: one row per volume.
 *
 * <p>Columns (names are matched case-insensitively, surrounding blanks ignored):
 * {@code patient_id, timepoint, reader, image, mask} (required), {@code label, sidecar} and the
 * scanner overrides {@code manufacturer, field_strength, tr, te, flip_angle, slice_thickness,
 * nex} (optional). Other columns are ignored. A CSV manifest (name ending {@code .csv},
 * {@code .csv.gz} or {@code .tsv}) is read with a header and every value as text; anything else
 * is read as Parquet and its columns cast to text. Paths are Hadoop URIs; a relative path is
 * resolved against the manifest's own directory.
 *
 * <p>The loaded table has every column above as a string (blank cells become null), the paths
 * resolved, plus {@code manifest_row}: the 1-based position of the row in the manifest (the
 * data row number, not counting the CSV header), used to name rows in messages and to keep the
 * first of duplicate rows. Row-level problems (a blank key, a bad number) are not thrown here:
 * they become error rows of the job; only a manifest that cannot be used at all throws.
 */
public final class Manifest {
  public static final List<String> REQUIRED =
      List.of("patient_id", "timepoint", "reader", "image", "mask");
  public static final List<String> OPTIONAL = List.of("label", "sidecar", "manufacturer",
      "field_strength", "tr", "te", "flip_angle", "slice_thickness", "nex");
  public static final List<String> KEYS = List.of("patient_id", "timepoint", "reader");
  public static final String ROW = "manifest_row";

  private Manifest() {}

  /** Every manifest column in output order, then {@code manifest_row}. */
  public static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(ROW, DataTypes.LongType, false));
    for (String c : columns()) {
      fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
    }
    return DataTypes.createStructType(fields);
  }

  static List<String> columns() {
    List<String> all = new ArrayList<>(REQUIRED);
    all.addAll(OPTIONAL);
    return all;
  }

  /** Thrown when the manifest as a whole cannot be used (unreadable, required column absent). */
  public static final class ManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static Dataset<Row> load(SparkSession spark, String manifestUri) {
    Path path = new Path(manifestUri);
    String base;
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path qualified = fs.makeQualified(path);
      if (!fs.exists(qualified)) {
        throw new ManifestException("manifest " + manifestUri + " does not exist", null);
      }
      base = (fs.getFileStatus(qualified).isDirectory() ? qualified : qualified.getParent())
          .toString();
    } catch (IOException e) {
      throw new ManifestException("manifest " + manifestUri + ": " + StageException.oneLine(e), e);
    }
    Dataset<Row> raw;
    try {
      String lower = manifestUri.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".tsv")) {
        raw = spark.read().option("header", "true").option("inferSchema", "false")
            .option("sep", lower.endsWith(".tsv") ? "\t" : ",")
            .option("mode", "PERMISSIVE").csv(manifestUri);
      } else {
        raw = spark.read().parquet(manifestUri);
      }
    } catch (RuntimeException e) {
      throw new ManifestException("manifest " + manifestUri + " cannot be read: "
          + StageException.oneLine(e), e);
    }
    return normalise(spark, raw, manifestUri, base);
  }

  /** Canonical columns, row numbers and resolved paths, from a table as read. */
  static Dataset<Row> normalise(SparkSession spark, Dataset<Row> raw, String name, String base) {
    List<String> present = new ArrayList<>();
    List<Column> select = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (String c : raw.columns()) {
      String canonical = c.trim().toLowerCase(Locale.ROOT);
      if (columns().contains(canonical)) {
        if (!seen.add(canonical)) {
          throw new ManifestException("manifest " + name + " has column " + canonical
              + " twice", null);
        }
        present.add(canonical);
        select.add(col("`" + c + "`").cast("string").as(canonical));
      }
    }
    List<String> missing = new ArrayList<>();
    for (String c : REQUIRED) {
      if (!present.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new ManifestException("manifest " + name + " lacks column(s) "
          + String.join(", ", missing) + " (it has: " + String.join(", ", raw.columns()) + ")",
          null);
    }
    for (String c : OPTIONAL) {
      if (!present.contains(c)) {
        select.add(lit(null).cast("string").as(c));
      }
    }
    Dataset<Row> canonical = raw.select(select.toArray(new Column[0]))
        .select(columns().stream().map(c -> col(c)).toArray(Column[]::new));
    List<String> cols = columns();
    // zipWithIndex numbers rows in file order (partitions are file splits in order).
    JavaRDD<Row> numbered = canonical.javaRDD().zipWithIndex().map(t -> {
      Row r = t._1();
      Object[] values = new Object[cols.size() + 1];
      values[0] = t._2() + 1;
      for (int i = 0; i < cols.size(); i++) {
        String v = r.getString(i);
        values[i + 1] = v == null || v.isBlank() ? null : v.trim();
      }
      return RowFactory.create(values);
    });
    Dataset<Row> rows = spark.createDataFrame(numbered, schema());
    return rows.mapPartitions((Iterator<Row> it) -> new ResolvingIterator(it, base),
        Encoders.row(schema()));
  }

  /** Resolves the path columns of each row against the manifest directory. */
  private static final class ResolvingIterator implements Iterator<Row> {
    private static final List<String> PATHS = Arrays.asList("image", "mask", "sidecar");
    private final Iterator<Row> in;
    private final String base;
    private final int[] pathIndex;

    ResolvingIterator(Iterator<Row> in, String base) {
      this.in = in;
      this.base = base;
      StructType s = schema();
      pathIndex = PATHS.stream().mapToInt(s::fieldIndex).toArray();
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public Row next() {
      Row r = in.next();
      Object[] values = new Object[r.size()];
      for (int i = 0; i < r.size(); i++) {
        values[i] = r.get(i);
      }
      for (int i : pathIndex) {
        if (values[i] != null) {
          values[i] = resolve(base, (String) values[i]);
        }
      }
      return RowFactory.create(values);
    }
  }

  /**
   * A manifest path as a URI: unchanged when it has a scheme or is absolute, else relative to
   * {@code base}. A path Hadoop cannot parse is returned as given; reading it then fails with a
   * message naming it.
   */
  public static String resolve(String base, String p) {
    try {
      Path child = new Path(p);
      if (child.isAbsolute() || child.toUri().getScheme() != null) {
        return child.toString();
      }
      return new Path(new Path(base), child).toString();
    } catch (IllegalArgumentException e) {
      return p;
    }
  }
}
