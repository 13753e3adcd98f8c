package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PyRadiomics parameter files: defaults, supported keys, clear errors, the settings hash. */
class RadiomicsSettingsTest {

  static String error(String yaml) {
    return assertThrows(FeatureExtractionException.class,
        () -> RadiomicsSettings.fromYaml(yaml, "params.yaml")).getMessage();
  }

  @Test
  void defaultsArePyRadiomics() {
    RadiomicsSettings s = RadiomicsSettings.defaults();
    assertEquals(25, s.binWidth());
    assertNull(s.binCount());
    assertEquals(1, s.label());
    assertEquals(RadiomicsSettings.Interpolator.BSPLINE, s.interpolator());
    assertNull(s.resampledPixelSpacing());
    assertEquals(5, s.padDistance());
    assertEquals(2, s.minimumRoiDimensions());
    assertEquals(0, s.voxelArrayShift());
    assertEquals(RadiomicsSettings.Normalization.NONE, s.normalization());
    assertEquals(List.of("firstorder", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm"),
        List.copyOf(s.enabledFeatures().keySet()));
  }

  @Test
  void binCountIsCappedLikeBinWidth() {
    FeatureExtractionException e = assertThrows(FeatureExtractionException.class,
        () -> RadiomicsSettings.fromYaml("setting: {binCount: 100000000}", "p.yaml"));
    assertTrue(e.getMessage().contains("p.yaml") && e.getMessage().contains("binCount must be at"
        + " most 1000000"), e.getMessage());
    assertEquals(1_000_000, RadiomicsSettings.fromYaml("setting: {binCount: 1000000}", "p.yaml")
        .binCount());
  }

  @Test
  void pyRadiomicsFileIsReadUnchanged() {
    RadiomicsSettings s = RadiomicsSettings.fromYaml(String.join("\n",
        "imageType:", "  Original: {}",
        "featureClass:", "  shape:", "  firstorder: [Mean, Entropy]", "  glcm: []",
        "setting:", "  binCount: 32", "  label: 2", "  interpolator: 'sitkLinear'",
        "  resampledPixelSpacing: [1, 1, 0]", "  normalize: true", "  normalizeScale: 100",
        "  removeOutliers: 3", "  voxelArrayShift: 300", "  correctMask: true",
        "  geometryTolerance: 0.0001", "  weightingNorm: euclidean", "  gldm_a: 1",
        "  distances: [1, 2]", "  minimumROISize: 50", "  preCrop: true",
        "  additionalInfo: true", "  force2D: false", "  resegmentRange:", ""), "p.yaml");
    assertEquals(32, s.binCount());
    assertEquals(2, s.label());
    assertEquals(RadiomicsSettings.Interpolator.LINEAR, s.interpolator());
    assertEquals(0, s.resampledPixelSpacing()[2]);
    assertEquals(RadiomicsSettings.Normalization.ZSCORE, s.normalization());
    assertEquals(3.0, s.removeOutliers());
    assertEquals(List.of("Mean", "Entropy"), s.enabledFeatures().get("firstorder"));
    assertEquals(24, s.enabledFeatures().get("glcm").size());
    assertEquals(14, s.enabledFeatures().get("shape").size());
    assertEquals(List.of("firstorder", "shape", "glcm"), List.copyOf(s.enabledFeatures().keySet()));
  }

  @Test
  void unknownOrUnsupportedKeysAreErrorsNamingTheKey() {
    assertTrue(error("setting: {binwidth: 10}").contains("unknown setting 'binwidth'"));
    assertTrue(error("setting: {sigma: [1, 2]}").contains("only the Original image type"));
    assertTrue(error("setting: {kernelRadius: 2}").contains("voxel-based"));
    assertTrue(error("settings: {binWidth: 10}").contains("'settings'"));
    assertTrue(error("imageType: {LoG: {sigma: [1.0]}}").contains("imageType 'LoG'"));
    assertTrue(error("featureClass: {glcm: [Foo]}").contains("unknown feature 'Foo'"));
    assertTrue(error("featureClass: {texture: }").contains("unknown featureClass 'texture'"));
    assertTrue(error("featureClass: {shape2D: }").contains("shape2D"));
    assertTrue(error("setting: {interpolator: sitkGaussian}").contains("interpolator"));
    assertTrue(error("setting: {force2D: true}").contains("force2D"));
    assertTrue(error("setting: {resegmentRange: [-3, 3]}").contains("resegmentRange"));
    assertTrue(error("setting: {binWidth: -1}").contains("binWidth"));
    assertTrue(error("setting: {binWidth: abc}").contains("binWidth"));
    assertTrue(error("setting: {label: 1.5}").contains("label"));
    assertTrue(error("setting: {label: 0}").contains("background"));
    assertTrue(error("setting: {deltaradNormalize: median}").contains("deltaradNormalize"));
    assertTrue(error("setting: {normalize: true, deltaradNormalize: mean100}")
        .contains("exclude each other"));
    assertTrue(error("setting: [1, 2]").contains("'setting' must be a mapping"));
    assertTrue(error("setting: {binWidth: [").contains("invalid YAML"));
    assertTrue(error("setting: {binwidth: 10}").startsWith("params.yaml: "));
  }

  @Test
  void hashIsStableAcrossFormattingAndSensitiveToValues() {
    String a = RadiomicsSettings.fromYaml("setting: {binWidth: 10, label: 1}", "a").settingsHash();
    String b = RadiomicsSettings.fromYaml("setting:\n  label: 1\n  binWidth: 10.0\n  padDistance: 5",
        "b").settingsHash();
    String c = RadiomicsSettings.fromYaml("setting: {binWidth: 11}", "c").settingsHash();
    assertEquals(a, b);
    assertNotEquals(a, c);
    assertEquals(64, a.length());
  }

  @Test
  void explicitNullInterpolatorDisablesResampling() {
    RadiomicsSettings s = RadiomicsSettings.fromYaml(
        "setting: {interpolator: null, resampledPixelSpacing: [2, 2, 2]}", "n");
    assertNull(s.interpolator());
    assertEquals(RadiomicsSettings.Interpolator.BSPLINE,
        RadiomicsSettings.fromYaml("setting: {binWidth: 5}", "d").interpolator());
  }

  @Test
  void paperConfigurationHas82Features() {
    RadiomicsSettings s = RadiomicsSettings.fromFile(Path.of("../conf/paper-t2w.yaml"));
    int total = 0;
    for (Map.Entry<String, List<String>> e : s.enabledFeatures().entrySet()) {
      total += e.getValue().size();
    }
    assertEquals(82, total);
    assertEquals(7, s.enabledFeatures().get("firstorder").size());
    assertNull(s.enabledFeatures().get("shape"));
    assertEquals(10, s.binWidth());
    assertEquals(RadiomicsSettings.Normalization.MEAN100, s.normalization());
    assertEquals(RadiomicsSettings.Interpolator.LINEAR, s.interpolator());
    assertNull(s.resampledPixelSpacing());
  }
}
