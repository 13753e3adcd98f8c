package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class OlsHarmonizerTest {
  private static final double TOL = 1e-9;

  private static double[][] numeric(JsonNode n) {
    double[][] out = new double[n.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Golden.doubles(n.get(i));
    }
    return out;
  }

  private static double maxErr(double[] a, double[] e) {
    assertEquals(e.length, a.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Golden.relErr(a[i], e[i]));
    }
    return m;
  }

  /** Residuals are compared relative to the feature's scale (R's own rounding is relative to it). */
  private static double scaledErr(double[] a, double[] e, double[] y) {
    double scale = 1;
    for (double v : y) {
      scale = Math.max(scale, Math.abs(v));
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - e[i]) / scale);
    }
    return m;
  }

  @Test
  void matchesLm() {
    double worst = 0;
    for (JsonNode c : Golden.load("harmonize/ols_cases.json")) {
      String name = c.get("name").asText();
      String[] numNames = Golden.strings(c.get("numeric_names"));
      DesignMatrix dm = DesignMatrix.learn(numNames, new String[] {"Manufacturer"},
          new String[][] {Golden.strings(c.get("fit_manufacturer"))});
      assertArrayEquals(Golden.strings(c.get("columns")), dm.columnNames(), name);
      double[][] x = dm.encode(numeric(c.get("fit_numeric")),
          new String[][] {Golden.strings(c.get("fit_manufacturer"))});
      double[][] xNew = dm.encode(numeric(c.get("new_numeric")),
          new String[][] {Golden.strings(c.get("new_manufacturer"))});
      OlsHarmonizer.Model model = OlsHarmonizer.fit(x, dm.columnNames());
      assertEquals(c.get("rank").asInt(), model.rank(), name);
      assertEquals(List.of(Golden.strings(c.get("aliased"))), model.aliased(), name);
      for (JsonNode f : c.get("features")) {
        double[] y = Golden.doubles(f.get("y"));
        double[] yNew = Golden.doubles(f.get("y_new"));
        OlsHarmonizer.Fit fit = model.fit(y);
        double[] rNew = fit.residuals(xNew, yNew);
        double e = Math.max(maxErr(fit.coefficients(), Golden.doubles(f.get("coefficients"))),
            Math.max(scaledErr(fit.residuals(), Golden.doubles(f.get("residuals")), y),
                scaledErr(rNew, Golden.doubles(f.get("residuals_new")), yNew)));
        if (f.get("z") == null || f.get("z").isNull()) {
          // no residual degrees of freedom: R's z-scores are NaN, ours refuse
          assertThrows(IllegalArgumentException.class,
              () -> OlsHarmonizer.zScore(fit.residuals(), fit.residuals()), name);
        } else {
          e = Math.max(e, maxErr(OlsHarmonizer.zScore(fit.residuals(), fit.residuals()),
              Golden.doubles(f.get("z"))));
          e = Math.max(e, maxErr(OlsHarmonizer.zScore(fit.residuals(), rNew),
              Golden.doubles(f.get("z_new"))));
          OlsHarmonizer.Harmonized h = model.harmonize(y, xNew, yNew);
          e = Math.max(e, maxErr(h.z(), Golden.doubles(f.get("z"))));
          e = Math.max(e, maxErr(h.zNew(), Golden.doubles(f.get("z_new"))));
        }
        assertTrue(e <= TOL, name + ": error " + e);
        worst = Math.max(worst, e);
      }
    }
    System.out.println("OLS max error vs R lm: " + worst);
  }

  @Test
  void rejectsUnseenLevelAndBadShapes() {
    DesignMatrix dm = DesignMatrix.learn(new String[] {"TR"}, new String[] {"Manufacturer"},
        new String[][] {{"GE", "Siemens"}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dm.encode(new double[][] {{1}}, new String[][] {{"Philips"}}));
    assertTrue(e.getMessage().contains("Philips"), e.getMessage());
    OlsHarmonizer.Model m = OlsHarmonizer.fit(new double[][] {{1, 2}, {1, 3}, {1, 5}},
        new String[] {"(Intercept)", "TR"});
    e = assertThrows(IllegalArgumentException.class, () -> m.fit(new double[] {1, 2}));
    assertTrue(e.getMessage().contains("3 rows"), e.getMessage());
  }
}
