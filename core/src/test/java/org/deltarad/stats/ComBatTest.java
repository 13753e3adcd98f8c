package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ComBatTest {
  private static double[][] matrix(JsonNode n) {
    double[][] m = new double[n.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = Golden.doubles(n.get(i));
    }
    return m;
  }

  @Test
  void matchesSvaComBat() {
    double worst = 0;
    for (JsonNode c : Golden.load("harmonize/combat_cases.json")) {
      String name = c.get("name").asText();
      double[][] data = matrix(c.get("data"));
      JsonNode cov = c.get("covariates");
      double[][] adj = ComBat.harmonize(data, Golden.strings(c.get("batch")),
          cov == null || cov.isNull() ? null : matrix(cov), c.get("mean_only").asBoolean());
      double[][] expected = matrix(c.get("adjusted"));
      double err = 0;
      for (int g = 0; g < adj.length; g++) {
        for (int j = 0; j < adj[g].length; j++) {
          err = Math.max(err, Golden.relErr(adj[g][j], expected[g][j]));
        }
      }
      assertTrue(err <= 1e-9, name + ": max error " + err);
      worst = Math.max(worst, err);
    }
    System.out.println("ComBat max error vs sva: " + worst);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ComBat.harmonize(new double[][] {{1, 2, 3, 4}}, new String[] {"a", "a", "b", "b"},
            null, false));
    assertTrue(e.getMessage().contains("2 features"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ComBat.harmonize(new double[][] {{1, 2, 3, 4}, {2, 3, 1, 5}},
            new String[] {"a", "a", "a", "a"}, null, false));
    assertTrue(e.getMessage().contains("2 batches"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ComBat.harmonize(new double[][] {{1, 2, 3}, {2, 3, 1, 5}},
            new String[] {"a", "a", "b", "b"}, null, false));
    assertTrue(e.getMessage().contains("feature 1"), e.getMessage());
  }
}
