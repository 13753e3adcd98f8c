package org.deltarad.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnalysisConfigTest {

  private static AnalysisConfig parse(String yaml) throws Exception {
    return AnalysisConfig.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "test.yaml");
  }

  @Test
  void shippedConfigEqualsTheDefaults() throws Exception {
    AnalysisConfig c;
    try (InputStream in = new FileInputStream("../conf/analysis.yaml")) {
      c = AnalysisConfig.load(in, "conf/analysis.yaml");
    }
    assertEquals(AnalysisConfig.defaults().describe(), c.describe());
    assertEquals(0.75, c.iccMin);
    assertEquals(60.0, c.horizon);
  }

  @Test
  void valuesOverrideDefaults() throws Exception {
    AnalysisConfig c = parse("roc:\n  horizon: 36\nlasso:\n  folds: 10\n  lambda: 1se\n");
    assertEquals(36.0, c.horizon);
    assertEquals("10", c.folds);
    assertEquals("1se", c.lambdaRule);
  }

  @Test
  void unknownKeysAndBadValuesAreClearErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parse("icc:\n  min_icc: 0.8\n  lower: 0.6\n"));
    assertTrue(e.getMessage().contains("unknown key 'icc.lower'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("lasso:\n  folds: two\n"));
    assertTrue(e.getMessage().contains("lasso.folds"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("stats:\n  x: 1\n"));
    assertTrue(e.getMessage().contains("unknown section 'stats'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> parse("harmonization:\n  method: lm\n"));
    assertTrue(e.getMessage().contains("ols, combat, none"), e.getMessage());
  }
}
