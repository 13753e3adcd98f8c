package org.deltarad.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyRadiomics 3.1 feature classes and the features each enables by default, in PyRadiomics'
 * spelling. Deprecated shape features (Compactness1, Compactness2, SphericalDisproportion) are
 * computed only when named explicitly, as in PyRadiomics.
 */
public final class FeatureClasses {
  private FeatureClasses() {}

  public static final List<String> FIRSTORDER = List.of("Energy", "TotalEnergy", "Entropy",
      "Minimum", "10Percentile", "90Percentile", "Maximum", "Mean", "Median",
      "InterquartileRange", "Range", "MeanAbsoluteDeviation", "RobustMeanAbsoluteDeviation",
      "RootMeanSquared", "Skewness", "Kurtosis", "Variance", "Uniformity");

  public static final List<String> SHAPE = List.of("MeshVolume", "VoxelVolume", "SurfaceArea",
      "SurfaceVolumeRatio", "Sphericity", "Maximum3DDiameter", "Maximum2DDiameterSlice",
      "Maximum2DDiameterColumn", "Maximum2DDiameterRow", "MajorAxisLength", "MinorAxisLength",
      "LeastAxisLength", "Elongation", "Flatness");

  public static final List<String> SHAPE_DEPRECATED =
      List.of("Compactness1", "Compactness2", "SphericalDisproportion");

  public static final List<String> GLCM = List.of("Autocorrelation", "JointAverage",
      "ClusterProminence", "ClusterShade", "ClusterTendency", "Contrast", "Correlation",
      "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "JointEnergy",
      "JointEntropy", "Imc1", "Imc2", "Idm", "MCC", "Idmn", "Id", "Idn", "InverseVariance",
      "MaximumProbability", "SumAverage", "SumEntropy", "SumSquares");

  public static final List<String> GLRLM = List.of("ShortRunEmphasis", "LongRunEmphasis",
      "GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "RunLengthNonUniformity",
      "RunLengthNonUniformityNormalized", "RunPercentage", "GrayLevelVariance", "RunVariance",
      "RunEntropy", "LowGrayLevelRunEmphasis", "HighGrayLevelRunEmphasis",
      "ShortRunLowGrayLevelEmphasis", "ShortRunHighGrayLevelEmphasis",
      "LongRunLowGrayLevelEmphasis", "LongRunHighGrayLevelEmphasis");

  public static final List<String> GLSZM = List.of("SmallAreaEmphasis", "LargeAreaEmphasis",
      "GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "SizeZoneNonUniformity",
      "SizeZoneNonUniformityNormalized", "ZonePercentage", "GrayLevelVariance", "ZoneVariance",
      "ZoneEntropy", "LowGrayLevelZoneEmphasis", "HighGrayLevelZoneEmphasis",
      "SmallAreaLowGrayLevelEmphasis", "SmallAreaHighGrayLevelEmphasis",
      "LargeAreaLowGrayLevelEmphasis", "LargeAreaHighGrayLevelEmphasis");

  public static final List<String> GLDM = List.of("SmallDependenceEmphasis",
      "LargeDependenceEmphasis", "GrayLevelNonUniformity", "DependenceNonUniformity",
      "DependenceNonUniformityNormalized", "GrayLevelVariance", "DependenceVariance",
      "DependenceEntropy", "LowGrayLevelEmphasis", "HighGrayLevelEmphasis",
      "SmallDependenceLowGrayLevelEmphasis", "SmallDependenceHighGrayLevelEmphasis",
      "LargeDependenceLowGrayLevelEmphasis", "LargeDependenceHighGrayLevelEmphasis");

  public static final List<String> NGTDM =
      List.of("Coarseness", "Contrast", "Busyness", "Complexity", "Strength");

  /** Class name to default-enabled features, in PyRadiomics' class order. */
  public static final Map<String, List<String>> DEFAULTS;

  static {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("firstorder", FIRSTORDER);
    m.put("shape", SHAPE);
    m.put("glcm", GLCM);
    m.put("glrlm", GLRLM);
    m.put("glszm", GLSZM);
    m.put("gldm", GLDM);
    m.put("ngtdm", NGTDM);
    DEFAULTS = java.util.Collections.unmodifiableMap(m);
  }

  /** Every feature a class can compute (default-enabled plus deprecated ones). */
  public static List<String> available(String featureClass) {
    if ("shape".equals(featureClass)) {
      java.util.ArrayList<String> all = new java.util.ArrayList<>(SHAPE);
      all.addAll(SHAPE_DEPRECATED);
      return all;
    }
    return DEFAULTS.get(featureClass);
  }
}
