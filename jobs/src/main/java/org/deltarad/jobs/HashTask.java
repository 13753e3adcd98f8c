package org.deltarad.jobs;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Adds {@code image_sha256} and {@code mask_sha256} to manifest rows, on executors. A file that
 * cannot be hashed (missing, unreadable) gets a null hash: such a row never matches an earlier
 * result, so it is processed and fails at the read stage with the reader's message.
 */
public final class HashTask implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  private final SerializableConf conf;

  public HashTask(SerializableConf conf) {
    this.conf = conf;
  }

  public static StructType schema() {
    return Manifest.schema()
        .add("image_sha256", DataTypes.StringType, true)
        .add("mask_sha256", DataTypes.StringType, true);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        Object[] v = new Object[r.size() + 2];
        for (int i = 0; i < r.size(); i++) {
          v[i] = r.get(i);
        }
        v[r.size()] = hash(r.getAs("image"));
        v[r.size() + 1] = hash(r.getAs("mask"));
        return RowFactory.create(v);
      }
    };
  }

  private String hash(String uri) {
    if (uri == null) {
      return null;
    }
    try {
      return ContentHash.sha256(uri, conf.get());
    } catch (Exception e) {
      return null;
    }
  }
}
