package org.deltarad.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deltarad.extract.StageException.Stage;
import org.deltarad.image.ImageFiles;
import org.deltarad.image.ImageIoException;

/**
 * Scanner covariates of one volume, for the cohort job's harmonization: from the dcm2niix/BIDS
 * sidecar JSON, each overridden by the manifest column of the same meaning when that is set.
 *
 * <p>Units are those of BIDS: {@code tr} and {@code te} in seconds, {@code field_strength} in
 * tesla, {@code flip_angle} in degrees, {@code slice_thickness} in mm, {@code nex} a count.
 * Override columns must use the same units.
 *
 * <p>When a row has a sidecar or any override, all seven covariates must resolve, else the
 * volume fails with a message naming the missing field. A row with neither has no covariates
 * (all null): extraction still works, harmonization then cannot use it.
 */
public final class ScannerCovariates {
  /** Output column, sidecar field. */
  static final Map<String, String> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("manufacturer", "Manufacturer");
    FIELDS.put("field_strength", "MagneticFieldStrength");
    FIELDS.put("tr", "RepetitionTime");
    FIELDS.put("te", "EchoTime");
    FIELDS.put("flip_angle", "FlipAngle");
    FIELDS.put("slice_thickness", "SliceThickness");
    FIELDS.put("nex", "NumberOfAverages");
  }

  public static final List<String> NUMERIC =
      List.of("field_strength", "tr", "te", "flip_angle", "slice_thickness", "nex");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String manufacturer;
  private final Double[] numbers; // in NUMERIC order

  private ScannerCovariates(String manufacturer, Double[] numbers) {
    this.manufacturer = manufacturer;
    this.numbers = numbers;
  }

  public String manufacturer() {
    return manufacturer;
  }

  /** Value of a numeric covariate column ({@link #NUMERIC}); null when there are none. */
  public Double get(String column) {
    return numbers[NUMERIC.indexOf(column)];
  }

  /**
   * Resolves the covariates of a row.
   *
   * @param sidecar resolved sidecar URI or null
   * @param overrides manifest values by output column (null or blank: not given)
   */
  public static ScannerCovariates resolve(String sidecar, Map<String, String> overrides,
      Configuration conf) throws StageException {
    boolean anyOverride = overrides.values().stream().anyMatch(v -> v != null && !v.isBlank());
    if (sidecar == null && !anyOverride) {
      return new ScannerCovariates(null, new Double[NUMERIC.size()]);
    }
    JsonNode json = sidecar == null ? null : readSidecar(sidecar, conf);
    String manufacturer = null;
    Double[] numbers = new Double[NUMERIC.size()];
    for (Map.Entry<String, String> f : FIELDS.entrySet()) {
      String column = f.getKey();
      String field = f.getValue();
      String override = overrides.get(column);
      boolean numeric = NUMERIC.contains(column);
      if (override != null && !override.isBlank()) {
        if (numeric) {
          numbers[NUMERIC.indexOf(column)] = parseNumber(override.trim(),
              "manifest column " + column);
        } else {
          manufacturer = override.trim();
        }
        continue;
      }
      JsonNode v = json == null ? null : json.get(field);
      if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
        throw new StageException(Stage.VALIDATE, "MissingCovariate",
            (sidecar == null ? "no sidecar" : "sidecar " + sidecar + " has no " + field)
                + " and the manifest column " + column + " is empty");
      }
      if (numeric) {
        double d;
        if (v.isNumber()) {
          d = v.doubleValue();
        } else if (v.isTextual()) {
          d = parseNumber(v.asText().trim(), "sidecar " + sidecar + " field " + field);
        } else {
          throw new StageException(Stage.VALIDATE, "BadCovariate", "sidecar " + sidecar
              + " field " + field + " is not a number: " + v);
        }
        if (!Double.isFinite(d)) {
          throw new StageException(Stage.VALIDATE, "BadCovariate", "sidecar " + sidecar
              + " field " + field + " is not finite: " + v);
        }
        numbers[NUMERIC.indexOf(column)] = d;
      } else {
        manufacturer = v.asText().trim();
      }
    }
    return new ScannerCovariates(manufacturer, numbers);
  }

  private static double parseNumber(String s, String where) throws StageException {
    try {
      double d = Double.parseDouble(s);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StageException(Stage.VALIDATE, "BadCovariate",
        where + " is not a finite number: '" + s + "'");
  }

  static JsonNode readSidecar(String uri, Configuration conf) throws StageException {
    // through ImageFiles: only a regular file is opened (a FIFO would block the task)
    try (InputStream in = ImageFiles.open(uri, conf)) {
      JsonNode node = JSON.readTree(in);
      if (node == null || !node.isObject()) {
        throw new StageException(Stage.READ, "SidecarException",
            "sidecar " + uri + " is not a JSON object");
      }
      return node;
    } catch (ImageIoException e) {
      String cause = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
      throw new StageException(Stage.READ, "SidecarException", "sidecar " + uri
          + (cause.equals("file not found") ? " does not exist" : ": " + cause));
    } catch (IOException e) {
      throw new StageException(Stage.READ, "SidecarException",
          "sidecar " + uri + " cannot be read: " + StageException.oneLine(e));
    }
  }
}
