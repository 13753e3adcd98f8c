package org.deltarad.analysis;

import java.util.List;
import java.util.Map;

/**
 * The analysis input, in memory and Spark-free: the feature names, every scan of the features
 * table, and the clinical rows by patient id (sorted).
 */
public record CohortData(List<String> features, List<Scan> scans, Map<String, Clinical> clinical) {
  public CohortData {
    features = List.copyOf(features);
    scans = List.copyOf(scans);
  }
}
