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

  /** Measured worst relative error is 5e-15; the bound leaves room for summation order only. */
  private static final double TOLERANCE = 1e-12;

  @Test
  void brain1DefaultConfiguration() {
    DiscretizedRoi roi = TextureFixtures.roi("pyradiomics-brain1/brain1-levels-bw25.txt");
    Map<String, Double> actual = TextureFixtures.allTexture(roi);
    Map<String, Double> expected = brain1("brain1");
    assertEquals(expected.keySet(), new TreeMap<>(actual).keySet(), "75 features, same names");
    assertMatches("brain1", expected, actual);
  }

  @Test
  void brain1FixedBinCount64() {
    DiscretizedRoi roi = TextureFixtures.roi("pyradiomics-brain1/brain1-levels-bc64.txt");
    assertMatches("brain1_FBN", brain1("brain1_FBN"), TextureFixtures.allTexture(roi));
  }

  /** bin width 5000 puts every voxel in bin 1: PyRadiomics' flat-region special values. */
  @Test
  void brain1FlatRegion() {
    DiscretizedRoi bw25 = TextureFixtures.roi("pyradiomics-brain1/brain1-levels-bw25.txt");
    int[] flat = bw25.levels().clone();
    for (int i = 0; i < flat.length; i++) {
      flat[i] = flat[i] > 0 ? 1 : 0;
    }
    DiscretizedRoi roi = new DiscretizedRoi(bw25.nx(), bw25.ny(), bw25.nz(), flat,
        bw25.intensities(), bw25.spacing());
    assertMatches("brain1_flatRegion", brain1("brain1_flatRegion"),
        TextureFixtures.allTexture(roi));
  }

  /** weightingNorm no_weighting: GLCM and GLRLM matrices summed over directions. */
  @Test
  void brain1NoWeightingMergesDirections() {
    DiscretizedRoi roi = TextureFixtures.roi("pyradiomics-brain1/brain1-levels-bw25.txt");
    Map<String, Double> actual = new TreeMap<>();
    new GlcmFeatures(new int[] {1}, true, WeightingNorm.NO_WEIGHTING).compute(roi)
        .forEach((k, v) -> actual.put("original_glcm_" + k, v));
    new GlrlmFeatures(WeightingNorm.NO_WEIGHTING).compute(roi)
        .forEach((k, v) -> actual.put("original_glrlm_" + k, v));
    Map<String, Double> expected = new TreeMap<>();
    expected.putAll(TextureFixtures.baseline("pyradiomics-brain1/baseline_glcm.csv",
        "brain1_combined"));
    expected.putAll(TextureFixtures.baseline("pyradiomics-brain1/baseline_glrlm.csv",
        "brain1_combined"));
    assertMatches("brain1_combined", expected, actual);
  }

  private static void assertMatches(String label, Map<String, Double> expected,
      Map<String, Double> actual) {
    double worst = 0;
    String worstName = "";
    StringBuilder failures = new StringBuilder();
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      Double value = actual.get(e.getKey());
      if (value == null) {
        failures.append(e.getKey()).append(" missing\n");
        continue;
      }
      double err = TextureFixtures.relativeError(value, e.getValue());
      if (!(err <= TOLERANCE) && !(Math.abs(value - e.getValue()) < 1e-15)) {
        failures.append(String.format("%s: %.17g, PyRadiomics %.17g (rel %.2g)%n", e.getKey(),
            value, e.getValue(), err));
      }
      if (err > worst) {
        worst = err;
        worstName = e.getKey();
      }
    }
    System.out.printf("%s: %d features, worst relative error %.3g (%s)%n", label,
        expected.size(), worst, worstName);
    assertTrue(failures.length() == 0, label + "\n" + failures);
  }
}
