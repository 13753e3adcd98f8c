package org.deltarad.tables;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Small Parquet tables read and written on the driver with parquet-hadoop (the library Spark
 * itself writes Parquet with), through Hadoop {@link FileSystem}, without a Spark job.
 *
 * <p>Why not {@code DataFrame.write}: the analysis writes 14 tables of a few hundred rows; each
 * Spark write is a job whose planning and code generation cost 0.2-0.5 s warm and seconds in a
 * fresh JVM, which made writing the tables take longer than the statistics (6.0 s against 1.6 s
 * for data-samples, measured). Files written here are plain Parquet with Spark's types (strings
 * as UTF-8 binary, MAP as the standard key_value group), so {@code spark.read().parquet} reads
 * them with the declared schema. Only the types the DeltaRad tables use are supported.
 */
public final class ParquetFiles {
  /**
   * A table read into memory: column names and rows of Java values (null where null); columns
   * of types this reader does not decode (nested, INT96 timestamps) are left out and named in
   * {@code skipped}.
   */
  public record Table(List<String> columns, List<Object[]> rows, List<String> skipped) {
    public int column(String name) {
      return columns.indexOf(name);
    }
  }

  private ParquetFiles() {}

  /**
   * Replaces the table directory {@code dir} by one Parquet file holding {@code rows} in order,
   * plus Spark's {@code _SUCCESS} marker.
   */
  public static void write(Configuration conf, String dir, StructType schema, List<Row> rows)
      throws IOException {
    Path d = new Path(dir);
    FileSystem fs = d.getFileSystem(conf);
    if (fs.exists(d)) {
      fs.delete(d, true);
    }
    fs.mkdirs(d);
    writeFile(conf, new Path(d, "part-00000.parquet"), schema, rows);
    fs.create(new Path(d, "_SUCCESS"), true).close();
  }

  /** Writes {@code rows} in order as one Parquet file (replaced if present). */
  public static void writeFile(Configuration conf, Path file, StructType schema, List<Row> rows)
      throws IOException {
    MessageType type = messageType(schema);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file)
        .withConf(conf).withType(type).withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
      for (Row r : rows) {
        Group g = groups.newGroup();
        for (int i = 0; i < schema.size(); i++) {
          if (!r.isNullAt(i)) {
            put(g, schema.fields()[i], r.get(i));
          }
        }
        w.write(g);
      }
    }
  }

  static MessageType messageType(StructType schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      b.addField(type(f));
    }
    return b.named("spark_schema");
  }

  private static Type type(StructField f) {
    DataType t = f.dataType();
    if (t instanceof MapType m && m.keyType() == DataTypes.StringType
        && m.valueType() == DataTypes.DoubleType) {
      return Types.optionalMap().key(PrimitiveTypeName.BINARY)
          .as(LogicalTypeAnnotation.stringType()).optionalValue(PrimitiveTypeName.DOUBLE)
          .named(f.name());
    }
    if (t == DataTypes.StringType) {
      return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
          .named(f.name());
    }
    PrimitiveTypeName p = t == DataTypes.DoubleType ? PrimitiveTypeName.DOUBLE
        : t == DataTypes.IntegerType ? PrimitiveTypeName.INT32
        : t == DataTypes.LongType ? PrimitiveTypeName.INT64
        : t == DataTypes.BooleanType ? PrimitiveTypeName.BOOLEAN : null;
    if (p == null) {
      throw new IllegalArgumentException("column " + f.name() + ": type " + t.simpleString()
          + " is not supported by ParquetFiles");
    }
    return Types.optional(p).named(f.name());
  }

  private static void put(Group g, StructField f, Object v) {
    String n = f.name();
    if (v instanceof String s) {
      g.append(n, s);
    } else if (v instanceof Double d) {
      g.append(n, d);
    } else if (v instanceof Integer i) {
      g.append(n, i);
    } else if (v instanceof Long l) {
      g.append(n, l);
    } else if (v instanceof Boolean b) {
      g.append(n, b);
    } else if (v instanceof Map<?, ?> m) {
      Group map = g.addGroup(n);
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Group kv = map.addGroup("key_value").append("key", (String) e.getKey());
        if (e.getValue() != null) {
          kv.append("value", (Double) e.getValue());
        }
      }
    } else {
      throw new IllegalArgumentException("column " + n + ": value of " + v.getClass()
          + " is not supported by ParquetFiles");
    }
  }

  /**
   * Reads a Parquet file, or every data file under the directory {@code dir} (files and folders
   * starting with '_' or '.' are skipped; {@code key=value} folders become string columns, as
   * Spark's partition discovery with type inference off). Numbers come back as Double, Integer
   * or Long (decimals as Double), text as String; nested and INT96 columns are skipped.
   */
  public static Table read(Configuration conf, String dir) throws IOException {
    Path d = new Path(dir);
    FileSystem fs = d.getFileSystem(conf);
    List<String> columns = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    java.util.Set<String> skipped = new java.util.TreeSet<>();
    if (!fs.exists(d)) {
      throw new IOException(dir + ": no such table");
    }
    if (fs.getFileStatus(d).isFile()) {
      readFile(conf, d, List.of(), columns, rows, skipped);
    } else {
      readDir(fs, conf, d, new ArrayList<>(), columns, rows, skipped);
    }
    // files may differ in their columns (Spark's schema merging): pad the earlier rows
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).length < columns.size()) {
        rows.set(i, java.util.Arrays.copyOf(rows.get(i), columns.size()));
      }
    }
    return new Table(columns, rows, List.copyOf(skipped));
  }

  private static void readDir(FileSystem fs, Configuration conf, Path dir,
      List<String[]> partitions, List<String> columns, List<Object[]> rows,
      java.util.Set<String> skipped) throws IOException {
    FileStatus[] entries = fs.listStatus(dir);
    java.util.Arrays.sort(entries);
    for (FileStatus s : entries) {
      String name = s.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      if (s.isDirectory()) {
        int eq = name.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        List<String[]> deeper = new ArrayList<>(partitions);
        deeper.add(new String[] {name.substring(0, eq), unescape(name.substring(eq + 1))});
        readDir(fs, conf, s.getPath(), deeper, columns, rows, skipped);
      } else {
        readFile(conf, s.getPath(), partitions, columns, rows, skipped);
      }
    }
  }

  private static void readFile(Configuration conf, Path file, List<String[]> partitions,
      List<String> columns, List<Object[]> rows, java.util.Set<String> skipped)
      throws IOException {
    MessageType schema;
    try (ParquetFileReader f = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      schema = f.getFooter().getFileMetaData().getSchema();
    } catch (RuntimeException | IOException ex) {
      throw new IOException(file + ": not a readable Parquet file (" + ex.getMessage() + ")", ex);
    }
    int nf = schema.getFieldCount();
    int[] at = new int[nf + partitions.size()];
    for (int i = 0; i < at.length; i++) {
      boolean field = i < nf;
      String name = field ? schema.getFieldName(i) : partitions.get(i - nf)[0];
      if (field && !decodable(schema.getType(i))) {
        skipped.add(name);
        at[i] = -1;
        continue;
      }
      int c = columns.indexOf(name);
      if (c < 0) {
        columns.add(name);
        c = columns.size() - 1;
      }
      at[i] = c;
    }
    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file)
        .withConf(conf).build()) {
      Group g;
      while ((g = r.read()) != null) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < nf; i++) {
          if (at[i] >= 0) {
            row[at[i]] = value(g, schema.getType(i), i);
          }
        }
        for (int p = 0; p < partitions.size(); p++) {
          row[at[nf + p]] = partitions.get(p)[1];
        }
        rows.add(row);
      }
    }
  }

  private static boolean decodable(Type type) {
    return type.isPrimitive() && type.asPrimitiveType().getPrimitiveTypeName()
        != PrimitiveTypeName.INT96;
  }

  private static Object value(Group g, Type type, int i) {
    if (g.getFieldRepetitionCount(i) == 0) {
      return null;
    }
    PrimitiveType p = type.asPrimitiveType();
    if (p.getLogicalTypeAnnotation()
        instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation dec) {
      BigInteger unscaled = switch (p.getPrimitiveTypeName()) {
        case INT32 -> BigInteger.valueOf(g.getInteger(i, 0));
        case INT64 -> BigInteger.valueOf(g.getLong(i, 0));
        default -> new BigInteger(g.getBinary(i, 0).getBytes());
      };
      return new BigDecimal(unscaled, dec.getScale()).doubleValue();
    }
    return switch (p.getPrimitiveTypeName()) {
      case DOUBLE -> g.getDouble(i, 0);
      case FLOAT -> (double) g.getFloat(i, 0);
      case INT32 -> g.getInteger(i, 0);
      case INT64 -> g.getLong(i, 0);
      case BOOLEAN -> g.getBoolean(i, 0);
      case BINARY, FIXED_LEN_BYTE_ARRAY -> g.getString(i, 0);
      default -> throw new IllegalStateException(p.getPrimitiveTypeName().toString());
    };
  }

  /** Spark escapes special characters of partition values as %XX, and writes null so. */
  private static String unescape(String v) {
    if (v.equals("__HIVE_DEFAULT_PARTITION__")) {
      return null;
    }
    return v.indexOf('%') < 0 ? v : java.net.URLDecoder.decode(v.replace("+", "%2B"),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
