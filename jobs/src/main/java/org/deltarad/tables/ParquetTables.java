package org.deltarad.tables;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes small driver-side tables as Parquet, one directory each under {@code out}, one file
 * per table in the given row order, and text files beside them. Tables are written by two
 * threads at once: each write is a small Spark job whose cost is mostly driver-side planning,
 * so two of them overlap on two cores.
 */
public final class ParquetTables {
  private final SparkSession spark;
  private final String out;

  public ParquetTables(SparkSession spark, String out) {
    this.spark = spark;
    this.out = out;
  }

  public String out() {
    return out;
  }

  /** Writes every table (overwriting it); rethrows the first failure. */
  public void write(Map<AnalysisTables.Table, List<Row>> tables) throws IOException {
    ExecutorService exec = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "deltarad-table-writer");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> pending = new ArrayList<>();
      tables.forEach((t, rows) -> pending.add(exec.submit(() -> {
        write(t, rows);
        return null;
      })));
      for (Future<?> f : pending) {
        f.get();
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the tables", ex);
    } catch (java.util.concurrent.ExecutionException ex) {
      if (ex.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(ex.getCause().getMessage(), ex.getCause());
    } finally {
      exec.shutdownNow();
    }
  }

  private void write(AnalysisTables.Table t, List<Row> rows) {
    spark.createDataFrame(rows, t.schema()).coalesce(1).write().mode(SaveMode.Overwrite)
        .parquet(out + "/" + t.name());
  }

  /** Writes a text file under the output directory; returns its path. */
  public String writeText(String relative, String text) throws IOException {
    Path p = new Path(out + "/" + relative);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputStream os = fs.create(p, true)) {
      os.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return p.toString();
  }
}
