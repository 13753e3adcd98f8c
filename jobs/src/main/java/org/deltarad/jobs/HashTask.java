package org.deltarad.jobs;

import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
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
  /** Column flagging a repeated manifest row. */
  public static final String DUPLICATE = "_duplicate";
  private final Broadcast<SerializableConf> conf;
  private final VolumeReader reader;

  public HashTask(Broadcast<SerializableConf> conf, VolumeReader reader) {
    this.conf = conf;
    this.reader = reader;
  }

  /** The input schema with the two hash columns appended. */
  public static StructType schema(StructType in) {
    return in
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
        // Repeated manifest rows are not processed, so not hashed either.
        boolean skip = r.schema().getFieldIndex(DUPLICATE).isDefined()
            && Boolean.TRUE.equals(r.getAs(DUPLICATE));
        v[r.size()] = skip ? null : hash(r.getAs("image"));
        v[r.size() + 1] = skip ? null : hash(r.getAs("mask"));
        return RowFactory.create(v);
      }
    };
  }

  private String hash(String uri) {
    if (uri == null) {
      return null;
    }
    try {
      return reader.sha256(uri, conf.value().get());
    } catch (Exception e) {
      return null;
    }
  }
}
