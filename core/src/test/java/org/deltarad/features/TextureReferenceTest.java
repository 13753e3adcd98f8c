package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Texture families against PyRadiomics' brain1 baseline and the IBSI digital phantom. */
class TextureReferenceTest {
  private static final String[] FAMILIES = {"glcm", "glrlm", "glszm", "gldm", "ngtdm"};

  private static Map<String, Double> brain1(String column) {
    Map<String, Double> expected = new TreeMap<>();
    for (String f : FAMILIES) {
      expected.putAll(TextureFixtures.baseline("pyradiomics-brain1/baseline_" + f + ".csv",
          column));
    }
    return expected;
  }

  @Test
  void brain1DefaultConfiguration() {
    DiscretizedRoi roi = TextureFixtures.roi("pyradiomics-brain1/brain1-levels-bw25.txt");
    Map<String, Double> expected = brain1("brain1");
    Map<String, Double> actual = TextureFixtures.allTexture(roi);
    assertEquals(expected.keySet(), new TreeMap<>(actual).keySet());
    report("brain1", expected, actual);
  }

  private static void report(String label, Map<String, Double> expected,
      Map<String, Double> actual) {
    double worst = 0;
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      double err = TextureFixtures.relativeError(actual.get(e.getKey()), e.getValue());
      System.out.printf("%s %-60s %.17g %.17g %.3g%n", label, e.getKey(), actual.get(e.getKey()),
          e.getValue(), err);
      worst = Math.max(worst, err);
    }
    System.out.println(label + " worst relative error " + worst);
  }
}
