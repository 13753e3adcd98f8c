package org.deltarad.extract;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the features table holds for a volume from an earlier run, joined to its manifest row so
 * that a re-run can skip the volume: the files' content hashes, and the inputs that are not in
 * the files, the label and the scanner covariates as they were resolved (manifest overrides and
 * sidecar). A volume is unchanged only when all of them are the same: a row whose label or
 * covariates changed is extracted again, though its image and mask did not.
 */
final class PreviousRow {
  /** Features-table columns carried over, with their types there. */
  private static final List<String> COLUMNS = columns();
  private static final String PREFIX = "_previous_";

  private PreviousRow() {}

  private static List<String> columns() {
    List<String> c = new ArrayList<>(List.of("image_sha256", "mask_sha256", "label",
        "manufacturer"));
    c.addAll(ScannerCovariates.NUMERIC);
    return List.copyOf(c);
  }

  /** The manifest-row column that carries the features-table column {@code column}. */
  static String name(String column) {
    return PREFIX + column;
  }

  private static DataType type(String column) {
    switch (column) {
      case "label":
        return DataTypes.IntegerType;
      case "image_sha256":
      case "mask_sha256":
      case "manufacturer":
        return DataTypes.StringType;
      default:
        return DataTypes.DoubleType;
    }
  }

  /** {@code schema} with the carried columns added (null where a volume has no earlier row). */
  static StructType addTo(StructType schema) {
    StructType s = schema;
    for (String c : COLUMNS) {
      s = s.add(name(c), type(c));
    }
    return s;
  }

  /** The key columns and the carried columns of the features table {@code existing}. */
  static Dataset<Row> select(Dataset<Row> existing) {
    List<Column> c = new ArrayList<>(List.of(col("patient_id"), col("timepoint"),
        col("reader")));
    for (String k : COLUMNS) {
      c.add(col(k).cast(type(k)).as(name(k)));
    }
    return existing.select(c.toArray(new Column[0]));
  }

  /** The carried values of one row of a features table read on the driver, in column order. */
  static Object[] values(List<String> tableColumns, Object[] row) {
    Object[] v = new Object[COLUMNS.size()];
    for (int i = 0; i < v.length; i++) {
      int at = tableColumns.indexOf(COLUMNS.get(i));
      v[i] = at < 0 ? null : as(type(COLUMNS.get(i)), row[at]);
    }
    return v;
  }

  /** {@code x} as the Java type of {@code t}, as the distributed path's cast gives it. */
  private static Object as(DataType t, Object x) {
    if (x instanceof Number n) {
      if (t == DataTypes.IntegerType) {
        return n.intValue();
      }
      if (t == DataTypes.DoubleType) {
        return n.doubleValue();
      }
    }
    return x;
  }

  /** Number of carried columns. */
  static int size() {
    return COLUMNS.size();
  }

  /** Whether the manifest row {@code in} has carried columns at all. */
  static boolean present(Row in) {
    return in.schema() != null && in.schema().getFieldIndex(name("image_sha256")).isDefined();
  }

  /** Whether the files hash as before: the rest of the inputs still to be checked. */
  static boolean sameFiles(Row in, String imageSha, String maskSha) {
    return present(in) && imageSha != null && imageSha.equals(in.getAs(name("image_sha256")))
        && maskSha != null && maskSha.equals(in.getAs(name("mask_sha256")));
  }

  /** Whether the label and resolved scanner covariates are those of the earlier row. */
  static boolean sameInputs(Row in, int label, ScannerCovariates scanner) {
    if (!present(in) || !Objects.equals(label, in.getAs(name("label")))
        || !Objects.equals(scanner.manufacturer(), in.getAs(name("manufacturer")))) {
      return false;
    }
    for (String c : ScannerCovariates.NUMERIC) {
      if (!Objects.equals(scanner.get(c), in.getAs(name(c)))) {
        return false;
      }
    }
    return true;
  }
}
