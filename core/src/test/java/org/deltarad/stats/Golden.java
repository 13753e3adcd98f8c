package org.deltarad.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the R-generated golden JSON fixtures (see core/src/test/r/misc_golden.R). */
final class Golden {
  private Golden() {}

  static JsonNode load(String resource) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing golden fixture " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON number array (null = NA = NaN); a bare number is a one-element array (R scalars). */
  static double[] doubles(JsonNode n) {
    if (!n.isArray()) {
      return new double[] {n.isNull() ? Double.NaN : n.asDouble()};
    }
    double[] d = new double[n.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = n.get(i).isNull() ? Double.NaN : n.get(i).asDouble();
    }
    return d;
  }

  static String[] strings(JsonNode n) {
    if (!n.isArray()) {
      return new String[] {n.asText()};
    }
    String[] s = new String[n.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = n.get(i).asText();
    }
    return s;
  }

  static double dbl(JsonNode n) {
    if (n != null && n.isTextual()) {
      return switch (n.asText()) {
        case "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> throw new IllegalArgumentException("not a number: " + n);
      };
    }
    return n == null || n.isNull() ? Double.NaN : n.asDouble();
  }

  /** |a - e| <= tol * max(1, |e|); NaN matches NaN, infinities must be equal. */
  static double relErr(double actual, double expected) {
    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
      return (Double.isNaN(expected) ? Double.isNaN(actual) : actual == expected) ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
  }
}
