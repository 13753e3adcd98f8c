package org.deltarad.tables;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

/**
 * Writes the small driver-side tables of a job as Parquet, one directory each under {@code out}
 * and one file per table in the given row order ({@link ParquetFiles}: no Spark job per table),
 * and text files beside them.
 */
public final class ParquetTables {
  private final Configuration conf;
  private final String out;

  public ParquetTables(Configuration conf, String out) {
    this.conf = conf;
    this.out = out;
  }

  public String out() {
    return out;
  }

  /** Writes every table, replacing it. */
  public void write(Map<AnalysisTables.Table, List<Row>> tables) throws IOException {
    for (Map.Entry<AnalysisTables.Table, List<Row>> t : tables.entrySet()) {
      ParquetFiles.write(conf, out + "/" + t.getKey().name(), t.getKey().schema(), t.getValue());
    }
  }

  /** Removes a table (or any entry) this job writes under the output directory, if present. */
  public void delete(String relative) throws IOException {
    Path p = new Path(out + "/" + relative);
    FileSystem fs = p.getFileSystem(conf);
    if (fs.exists(p)) {
      fs.delete(p, true);
    }
  }

  /** Writes a text file under the output directory; returns its path. */
  public String writeText(String relative, String text) throws IOException {
    Path p = new Path(out + "/" + relative);
    FileSystem fs = p.getFileSystem(conf);
    try (OutputStream os = fs.create(p, true)) {
      os.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return p.toString();
  }
}
