package org.deltarad.analysis;

import java.io.Serializable;
import java.util.Map;

/**
 * One row of the features table as the analysis uses it: the scan's keys, the columns that
 * harmonisation and the split read (numeric ones as {@code Double}, others as read), and the
 * feature values in the order of {@link CohortData#features()} (NaN where missing).
 */
public record Scan(String patient, String timepoint, String reader, Map<String, Object> columns,
    double[] values) implements Serializable {

  /** A column as a number (NaN when missing or not a number). */
  public double number(String column) {
    Object v = columns.get(column);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    return Double.NaN;
  }

  /** A column as a category label (null when missing). */
  public String label(String column) {
    Object v = columns.get(column);
    return v == null ? null : String.valueOf(v);
  }
}
