package org.deltarad.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.runtime.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ParquetFiles against Spark both ways: what one writes the other reads back unchanged. */
class ParquetFilesTest {
  @TempDir
  Path tmp;

  @Test
  void sparkReadsWhatParquetFilesWrites() throws Exception {
    SparkSession spark = SharedSpark.get();
    StructType schema = AnalysisTables.AUC.schema();
    TreeMap<String, Double> cmp = new TreeMap<>();
    cmp.put("FIGO", 0.03);
    cmp.put("Pre_rad", null);
    List<Row> rows = List.of(
        RowFactory.create("Delta_rad", "validation", 60.0, 27, 0.8, 0.1, Double.NaN, 0.9, 5, 20,
            2, cmp, null),
        RowFactory.create("Pre_rad", "training", 60.0, 0, null, null, null, null, null, null,
            null, new TreeMap<>(), "no feature selected"));
    String dir = tmp.resolve("auc").toString();
    ParquetFiles.write(spark.sparkContext().hadoopConfiguration(), dir, schema, rows);
    List<Row> back = spark.read().parquet(dir).collectAsList();
    assertEquals(schema.simpleString(), spark.read().parquet(dir).schema().simpleString());
    assertEquals(rows.get(0).toString().replace("{", "Map(").replace("}", ")")
        .replace("=", " -> "), back.get(0).toString());
    assertTrue(Double.isNaN(back.get(0).getDouble(6)), "NaN stays NaN");
    assertTrue(back.get(1).isNullAt(4), "null stays null");
    assertEquals("no feature selected", back.get(1).getString(12), "note");
    assertTrue(Files.exists(Path.of(dir, "_SUCCESS")));
  }

  @Test
  void readsWhatSparkWritesWithPartitionsDecimalsAndNulls() throws Exception {
    SparkSession spark = SharedSpark.get();
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("d", DataTypes.DoubleType).add("f", DataTypes.FloatType)
        .add("n", DataTypes.LongType).add("dec", DataTypes.createDecimalType(5, 2))
        .add("ts", DataTypes.TimestampType).add("tp", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("a", 1.5, 2.5f, 7L, new BigDecimal("12.34"),
        java.sql.Timestamp.valueOf("2020-01-01 00:00:00"), "pre"));
    rows.add(RowFactory.create("b", null, null, null, null, null, "a b/c"));
    rows.add(RowFactory.create("c", 3.0, 1f, 1L, new BigDecimal("-0.05"), null, null));
    String dir = tmp.resolve("spark").toString();
    spark.conf().set("spark.sql.parquet.outputTimestampType", "INT96");
    try {
      spark.createDataFrame(rows, schema).write().partitionBy("tp").parquet(dir);
    } finally {
      spark.conf().unset("spark.sql.parquet.outputTimestampType");
    }
    ParquetFiles.Table t = ParquetFiles.read(spark.sparkContext().hadoopConfiguration(), dir);
    assertEquals(List.of("ts"), t.skipped(), "INT96 timestamps are skipped, by name");
    List<Object[]> got = new ArrayList<>(t.rows());
    got.sort(Comparator.comparing(r -> (String) r[t.column("id")]));
    Object[] a = got.get(0);
    assertEquals(1.5, a[t.column("d")]);
    assertEquals(2.5, a[t.column("f")]);
    assertEquals(7L, a[t.column("n")]);
    assertEquals(12.34, (Double) a[t.column("dec")], 1e-12);
    assertEquals("pre", a[t.column("tp")]);
    Object[] b = got.get(1);
    assertNull(b[t.column("d")]);
    assertNull(b[t.column("dec")]);
    assertEquals("a b/c", b[t.column("tp")], "escaped partition value decoded");
    Object[] c = got.get(2);
    assertEquals(-0.05, (Double) c[t.column("dec")], 1e-12);
    assertNull(c[t.column("tp")], "null partition value");
  }
}
