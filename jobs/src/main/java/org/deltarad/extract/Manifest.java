package org.deltarad.extract;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import com.univocity.parsers.csv.CsvParser;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.csv.CSVOptions;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deltarad.tables.ParquetFiles;

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

  /**
   * Why a row cannot be used as read (a CSV record with more or fewer fields than the header),
   * else null: such a row becomes one error row of the job, the others go on.
   */
  public static final String PROBLEM = "manifest_problem";
  /** Spark's column for CSV records that do not fit the header (no manifest uses this name). */
  private static final String MALFORMED = "_deltarad_malformed";
  /** Timepoint and reader of a PyRadiomics batch CSV without those columns. */
  public static final String BATCH_TIMEPOINT = "single";
  public static final String BATCH_READER = "1";

  /** {@code manifest_row}, every manifest column in output order, then {@link #PROBLEM}. */
  public static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(ROW, DataTypes.LongType, false));
    for (String c : columns()) {
      fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(PROBLEM, DataTypes.StringType, true));
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
    String base = base(spark.sparkContext().hadoopConfiguration(), manifestUri);
    Dataset<Row> raw;
    try {
      if (isCsv(manifestUri)) {
        // The header first (Spark reads its first record), then every record as text against
        // it, those with more or fewer fields flagged in MALFORMED.
        String[] header = spark.read().options(csvOptions(manifestUri)).csv(manifestUri)
            .columns();
        StructType schema = new StructType();
        for (String h : header) {
          schema = schema.add(h, DataTypes.StringType, true);
        }
        raw = spark.read().options(csvOptions(manifestUri))
            .option("columnNameOfCorruptRecord", MALFORMED)
            .schema(schema.add(MALFORMED, DataTypes.StringType, true)).csv(manifestUri);
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
    List<String> rawColumns = new ArrayList<>(Arrays.asList(raw.columns()));
    boolean csv = rawColumns.remove(MALFORMED);
    Sources sources = sources(rawColumns.toArray(new String[0]), name);
    int[] source = sources.index();
    List<Column> select = new ArrayList<>();
    List<String> all = columns();
    for (int i = 0; i < all.size(); i++) {
      select.add(source[i] < 0 ? lit(null).cast("string").as(all.get(i))
          : col("`" + rawColumns.get(source[i]) + "`").cast("string").as(all.get(i)));
    }
    select.add(csv ? col(MALFORMED) : lit(null).cast("string").as(MALFORMED));
    // A line of only blanks is no record (Spark's line-based reading drops it too).
    Dataset<Row> canonical = raw.select(select.toArray(new Column[0]))
        .filter(col(MALFORMED).isNull().or(trim(col(MALFORMED)).notEqual("")));
    List<String> cols = columns();
    int fields = rawColumns.size();
    String sep = isCsv(name) ? separator(name) : ",";
    boolean batch = sources.batch();
    // zipWithIndex numbers rows in file order (partitions are file splits in order).
    JavaRDD<Row> numbered = canonical.javaRDD().zipWithIndex().map(t -> {
      Row r = t._1();
      Object[] values = new Object[cols.size() + 2];
      values[0] = t._2() + 1;
      for (int i = 0; i < cols.size(); i++) {
        values[i + 1] = cell(r.getString(i));
      }
      String malformed = r.getString(cols.size());
      if (malformed != null) {
        values[cols.size() + 1] = problem(name, t._2() + 1,
            csvParser(sep).parseLine(malformed).length, fields);
      }
      if (batch) {
        completeBatchKeys(values);
      }
      return RowFactory.create(values);
    });
    Dataset<Row> rows = spark.createDataFrame(numbered, schema());
    return rows.mapPartitions((Iterator<Row> it) -> new ResolvingIterator(it, base),
        Encoders.row(schema()));
  }

  /** The message of a record whose field count is not the header's. */
  static String problem(String manifest, long row, int fields, int headerFields) {
    return "manifest " + manifest + " row " + row + " has " + fields + " field"
        + (fields == 1 ? "" : "s") + ", the header has " + headerFields;
  }

  /** Spark's CSV options for a manifest: RFC 4180 quoting and records across lines. */
  private static Map<String, String> csvOptions(String manifestUri) {
    return Map.of("header", "true", "inferSchema", "false", "sep", separator(manifestUri),
        "mode", "PERMISSIVE", "multiLine", "true", "escape", "\"");
  }

  /**
   * Spark's own univocity settings for {@link #csvOptions}, so that the driver tokenises
   * exactly as Spark's CSV source does: quoted values with separators, doubled quotes and
   * newlines inside, CR LF line ends, a UTF-8 byte-order mark (univocity is Spark's parser and
   * already on the classpath, so no CSV code of our own).
   */
  private static CsvParser csvParser(String sep) {
    scala.collection.immutable.Map<String, String> options =
        scala.collection.immutable.Map$.MODULE$.from(scala.jdk.javaapi.CollectionConverters
            .asScala(csvOptions(sep.equals("\t") ? "x.tsv" : "x.csv")));
    return new CsvParser(new CSVOptions(options, true, "UTC").asParserSettings());
  }

  /**
   * Keys of a PyRadiomics batch CSV ({@code Image, Mask[, Label]} and no {@code patient_id}):
   * the patient is its {@code ID} column when present, else the image path as written without
   * its image extension ({@code P0001/pre/T2w}); timepoint and reader, when absent,
   * {@value #BATCH_TIMEPOINT} and {@value #BATCH_READER}. Values as in {@link #schema()}.
   */
  static void completeBatchKeys(Object[] values) {
    if (values[1] == null && values[4] != null) {
      values[1] = withoutImageExtension((String) values[4]);
    }
    if (values[2] == null) {
      values[2] = BATCH_TIMEPOINT;
    }
    if (values[3] == null) {
      values[3] = BATCH_READER;
    }
  }

  private static String withoutImageExtension(String path) {
    String p = path.startsWith("./") ? path.substring(2) : path;
    String lower = p.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {".nii.gz", ".nii", ".nrrd", ".nhdr", ".hdr.gz", ".hdr",
        ".img.gz", ".img"}) {
      if (lower.endsWith(ext)) {
        return p.substring(0, p.length() - ext.length());
      }
    }
    return p;
  }

  /** The directory relative paths are resolved against; throws when the manifest is absent. */
  static String base(Configuration conf, String manifestUri) {
    Path path = new Path(manifestUri);
    try {
      FileSystem fs = path.getFileSystem(conf);
      Path qualified = fs.makeQualified(path);
      if (!fs.exists(qualified)) {
        throw new ManifestException("manifest " + manifestUri + " does not exist", null);
      }
      return (fs.getFileStatus(qualified).isDirectory() ? qualified : qualified.getParent())
          .toString();
    } catch (IOException e) {
      throw new ManifestException("manifest " + manifestUri + ": " + StageException.oneLine(e), e);
    }
  }

  static boolean isCsv(String manifestUri) {
    String lower = manifestUri.toLowerCase(Locale.ROOT);
    return lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".tsv");
  }

  private static String separator(String manifestUri) {
    return manifestUri.toLowerCase(Locale.ROOT).endsWith(".tsv") ? "\t" : ",";
  }

  /** A cell as loaded: blank becomes null, else trimmed. */
  private static String cell(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }

  /**
   * For each of {@link #columns()}, the index of the table column it comes from, or -1 for an
   * absent optional column; {@code batch} for a PyRadiomics batch CSV (keys derived, see
   * {@link #completeBatchKeys}).
   */
  record Sources(int[] index, boolean batch) {}

  /**
   * The {@link Sources} of a table's columns (names matched case-insensitively, blanks and a
   * byte-order mark ignored). Throws for a repeated or a missing required column.
   */
  static Sources sources(String[] rawColumns, String name) {
    List<String> all = columns();
    int[] source = new int[all.size()];
    java.util.Arrays.fill(source, -1);
    int id = -1;
    for (int j = 0; j < rawColumns.length; j++) {
      String n = rawColumns[j].replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
      int i = all.indexOf(n);
      if (i >= 0) {
        if (source[i] >= 0) {
          throw new ManifestException("manifest " + name + " has column " + all.get(i)
              + " twice", null);
        }
        source[i] = j;
      } else if (n.equals("id")) {
        id = j;
      }
    }
    boolean batch = source[0] < 0 && source[3] >= 0 && source[4] >= 0;
    if (batch) {
      source[0] = id;
      return new Sources(source, true);
    }
    List<String> missing = new ArrayList<>();
    for (String c : REQUIRED) {
      if (source[all.indexOf(c)] < 0) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new ManifestException("manifest " + name + " lacks column(s) "
          + String.join(", ", missing) + " (it has: " + String.join(", ", rawColumns) + ")",
          null);
    }
    return new Sources(source, false);
  }

  /**
   * The manifest read on the driver, without a Spark job: the same rows, in the same order and
   * with the same values as {@link #load} (rows carry {@link #schema()}), or null when it is
   * not a single file of at most {@code maxRows} rows that can be read so (then use
   * {@link #load}). CSV lines are split and tokenised as Spark's CSV source does (blank lines
   * skipped, the first line the header, its names made unique as Spark makes them, Spark's
   * univocity settings, short rows padded with nulls and long ones cut); a Parquet file is read
   * with {@link ParquetFiles} when its columns are strings, ints, longs, doubles or booleans
   * (their text as Spark's cast gives it).
   */
  static List<Row> loadOnDriver(Configuration conf, String manifestUri, int maxRows) {
    String base = base(conf, manifestUri);
    Path path = new Path(manifestUri);
    try {
      FileSystem fs = path.getFileSystem(conf);
      FileStatus st = fs.getFileStatus(path);
      if (st.isDirectory()) {
        return null; // several files: Spark orders their rows by its own split planning
      }
      // ~150 bytes a row at most for a plain CSV; larger files are not worth reading twice
      if (st.getLen() > 200L * maxRows) {
        return null;
      }
      List<String[]> table = isCsv(manifestUri) ? csvOnDriver(fs, path, conf, maxRows,
          separator(manifestUri)) : parquetOnDriver(conf, path, maxRows);
      if (table == null) {
        return null;
      }
      String[] header = table.get(0);
      Sources sources = sources(header, manifestUri);
      int[] source = sources.index();
      StructType schema = schema();
      int[] paths = Stream.of("image", "mask", "sidecar").mapToInt(schema::fieldIndex).toArray();
      List<Row> rows = new ArrayList<>(table.size() - 1);
      for (int r = 1; r < table.size(); r++) {
        String[] raw = table.get(r);
        Object[] values = new Object[source.length + 2];
        values[0] = (long) r;
        for (int i = 0; i < source.length; i++) {
          int j = source[i];
          values[i + 1] = j < 0 || j >= raw.length ? null : cell(raw[j]);
        }
        if (raw.length != header.length && isCsv(manifestUri)) {
          values[source.length + 1] = problem(manifestUri, r, raw.length, header.length);
        }
        if (sources.batch()) {
          completeBatchKeys(values);
        }
        for (int i : paths) {
          if (values[i] != null) {
            values[i] = resolve(base, (String) values[i]);
          }
        }
        rows.add(new GenericRowWithSchema(values, schema));
      }
      return rows;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ManifestException m) {
        throw m;
      }
      throw new ManifestException("manifest " + manifestUri + " cannot be read: "
          + StageException.oneLine(e), e);
    }
  }

  /**
   * Header then data rows, or null when there are more than maxRows rows. Records are
   * tokenised over the whole stream, as Spark's multi-line CSV source does, so a quoted value
   * may hold newlines; records of only blanks are skipped, as Spark skips them.
   */
  private static List<String[]> csvOnDriver(FileSystem fs, Path path, Configuration conf,
      int maxRows, String sep) throws IOException {
    CsvParser parser = csvParser(sep);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    InputStream raw = fs.open(path);
    List<String[]> out = new ArrayList<>();
    try (InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
      parser.beginParsing(in, StandardCharsets.UTF_8);
      String[] tokens;
      while ((tokens = parser.parseNext()) != null) {
        if (tokens.length == 0 || tokens.length == 1 && (tokens[0] == null
            || tokens[0].isBlank())) {
          continue;
        }
        if (out.size() > maxRows) {
          return null;
        }
        out.add(tokens);
      }
    } finally {
      parser.stopParsing();
    }
    if (out.isEmpty()) {
      out.add(new String[0]); // no header: no columns, as Spark reads it
    }
    out.set(0, safeHeader(out.get(0), null));
    return out;
  }

  /** Spark's CSVUtils.makeSafeHeader (case-insensitive session). */
  private static String[] safeHeader(String[] row, String nullValue) {
    Map<String, Integer> seen = new HashMap<>();
    for (String v : row) {
      if (v != null) {
        seen.merge(v.toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
    String[] out = new String[row.length];
    for (int i = 0; i < row.length; i++) {
      String v = row[i];
      if (v == null || v.isEmpty() || v.equals(nullValue)) {
        out[i] = "_c" + i;
      } else if (seen.get(v.toLowerCase(Locale.ROOT)) > 1) {
        out[i] = v + i;
      } else {
        out[i] = v;
      }
    }
    return out;
  }

  /** Column names then rows as text, or null when too many rows or types Spark casts else. */
  private static List<String[]> parquetOnDriver(Configuration conf, Path path, int maxRows)
      throws IOException {
    MessageType type;
    long rows = 0;
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(path, conf))) {
      type = r.getFooter().getFileMetaData().getSchema();
      rows = r.getRecordCount();
    }
    if (rows > maxRows) {
      return null;
    }
    for (org.apache.parquet.schema.Type t : type.getFields()) {
      if (!t.isPrimitive() || t.isRepetition(org.apache.parquet.schema.Type.Repetition.REPEATED)) {
        return null;
      }
      LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
      boolean ok = switch (t.asPrimitiveType().getPrimitiveTypeName()) {
        case BINARY -> a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
        case INT32, INT64 -> a == null || (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
            && i.isSigned() && i.getBitWidth() >= 32);
        case DOUBLE, BOOLEAN -> a == null;
        default -> false;
      };
      if (!ok) {
        return null;
      }
    }
    ParquetFiles.Table t = ParquetFiles.read(conf, path.toString());
    if (t.rows().size() != rows) {
      return null; // a file ParquetFiles does not list (name not ending .parquet, say)
    }
    List<String[]> out = new ArrayList<>(t.rows().size() + 1);
    out.add(t.columns().toArray(new String[0]));
    for (Object[] r : t.rows()) {
      String[] s = new String[r.length];
      for (int i = 0; i < r.length; i++) {
        s[i] = r[i] == null ? null : r[i].toString(); // Spark's cast to string for these types
      }
      out.add(s);
    }
    return out;
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
