package org.deltarad.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run did; written as {@code DIR/_run.json} (latest) and {@code DIR/_runs/RUN_ID.json}.
 *
 * <p>Counts: {@code manifest_rows} rows read from the manifest; {@code duplicates} rows repeating
 * an earlier row's (patient_id, timepoint, reader), each one error row; {@code volumes} distinct
 * keys; {@code skipped} volumes already in the features table with the same content hashes and
 * settings hash; {@code processed} volumes extracted this run, of which {@code succeeded} and
 * {@code failed}; {@code errors} = failed + duplicates; {@code error_fraction} = errors /
 * manifest_rows; {@code features_rows} and {@code errors_rows} the table sizes after the merge;
 * {@code mean_volume_ms} the mean wall time of one successful volume in its task (read, checks,
 * features); {@code second_half_volumes_per_second} the extraction rate over its second half
 * (from the task that crossed half the volumes to the last one), the throughput once the JVM is
 * warm, NaN (null in JSON) for fewer than two tasks; {@code phase_seconds} the driver's wall time
 * per phase.
 */
public record RunSummary(String runId, String started, String ended, double seconds,
    String manifest, String out, String settingsHash, String settingsSource, String version,
    String master, int partitions, long manifestRows, long duplicates, long volumes,
    long skipped, long processed, long succeeded, long failed, long featuresRows,
    long errorsRows, int featureColumns, double maxErrorFraction, double meanVolumeMs,
    double secondHalfVolumesPerSecond, Map<String, Double> phaseSeconds) {

  public long errors() {
    return failed + duplicates;
  }

  public double errorFraction() {
    return manifestRows == 0 ? 0 : (double) errors() / manifestRows;
  }

  /**
   * The run counts as failed (non-zero exit) when the error fraction exceeds
   * {@code maxErrorFraction}, and always when every manifest row failed.
   */
  public boolean exceedsErrorBudget() {
    return errors() > 0 && (errorFraction() > maxErrorFraction || errors() == manifestRows);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("started", started);
    m.put("ended", ended);
    m.put("seconds", seconds);
    m.put("manifest", manifest);
    m.put("out", out);
    m.put("settings_hash", settingsHash);
    m.put("settings", settingsSource);
    m.put("deltarad_version", version);
    m.put("master", master);
    m.put("partitions", partitions);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("manifest_rows", manifestRows);
    c.put("duplicates", duplicates);
    c.put("volumes", volumes);
    c.put("skipped", skipped);
    c.put("processed", processed);
    c.put("succeeded", succeeded);
    c.put("failed", failed);
    c.put("errors", errors());
    m.put("counts", c);
    m.put("error_fraction", errorFraction());
    m.put("max_error_fraction", maxErrorFraction);
    m.put("error_budget_exceeded", exceedsErrorBudget());
    m.put("features_rows", featuresRows);
    m.put("errors_rows", errorsRows);
    m.put("feature_columns", featureColumns);
    m.put("volumes_per_second", seconds > 0 ? processed / seconds : 0);
    m.put("mean_volume_ms", meanVolumeMs);
    m.put("second_half_volumes_per_second",
        Double.isFinite(secondHalfVolumesPerSecond) ? secondHalfVolumesPerSecond : null);
    m.put("phase_seconds", phaseSeconds);
    return m;
  }

  public String toJson() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(toMap()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
