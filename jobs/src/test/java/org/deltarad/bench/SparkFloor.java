package org.deltarad.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deltarad.runtime.SparkSessions;

/**
 * The Spark "floor" of a DeltaRad command: an embedded session (as the launcher makes it) that
 * starts, writes a 1,000-row Parquet table, reads it back and stops. {@code bench/bench-analysis.sh}
 * runs it as its own JVM beside {@code analyze} and {@code demo}, so the ratio says what the
 * analysis costs beyond what any Spark job pays.
 */
public final class SparkFloor {
  private SparkFloor() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    SparkSession spark = SparkSessions.getOrCreate("DeltaRad floor", new LinkedHashMap<>());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      rows.add(RowFactory.create("P" + i, i * 0.5));
    }
    Path dir = Files.createTempDirectory("deltarad-floor");
    String out = dir.resolve("t").toString();
    spark.createDataFrame(rows, new StructType().add("id", DataTypes.StringType)
        .add("x", DataTypes.DoubleType)).write().parquet(out);
    long n = spark.read().parquet(out).count();
    spark.stop();
    System.out.printf(java.util.Locale.ROOT, "floor: %d rows written and read in %.2f s"
        + " (in JVM)%n", n, (System.nanoTime() - t0) / 1e9);
  }
}
