package org.deltarad.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Extraction settings, read from a PyRadiomics 3.1 parameter file so a PyRadiomics user can bring
 * theirs unchanged: {@code setting:}, {@code imageType:} (only {@code Original}) and
 * {@code featureClass:} (class to list of features; an empty list or null enables the class'
 * default features; without {@code featureClass} every class is enabled, as in PyRadiomics).
 *
 * <p>Supported {@code setting} keys with PyRadiomics' defaults: label (1), binWidth (25), binCount
 * (none; overrides binWidth), normalize (false; z-score over the whole image), normalizeScale (1),
 * removeOutliers (none), resampledPixelSpacing (none = no resampling; a 0 keeps that axis),
 * interpolator (sitkBSpline; also sitkLinear, sitkNearestNeighbor; used only when resampling),
 * padDistance (5), geometryTolerance (1e-6), correctMask (false), minimumROIDimensions (2),
 * minimumROISize (none), voxelArrayShift (0), preCrop (false; no effect on values), force2D
 * (false only), force2Ddimension, resegmentRange (none only), distances ([1]), symmetricalGLCM
 * (true), weightingNorm (none), gldm_a (0), additionalInfo (true), label_channel (0 only).
 *
 * <p>DeltaRad extra key, absent from PyRadiomics: {@code deltaradNormalize: mean100} applies the
 * paper's normalisation {@code f <- f * 100 / mean(f)} (mean over the whole image) at the point
 * where PyRadiomics would z-score (before resampling); {@code none} (default) leaves the image
 * alone. It cannot be combined with {@code normalize: true}.
 *
 * <p>Anything else (an unknown key, a filter image type, a 2-D option, an unsupported
 * interpolator) is an error naming the key, never silently ignored.
 */
public final class RadiomicsSettings {

  /** SimpleITK interpolators we reproduce. */
  public enum Interpolator {
    NEAREST("sitkNearestNeighbor", 1), LINEAR("sitkLinear", 2), BSPLINE("sitkBSpline", 3);

    private final String sitkName;
    private final int sitkCode;

    Interpolator(String sitkName, int sitkCode) {
      this.sitkName = sitkName;
      this.sitkCode = sitkCode;
    }

    public String sitkName() { return sitkName; }

    static Interpolator parse(Object value, String source) {
      for (Interpolator i : values()) {
        if (i.sitkName.equals(value) || (value instanceof Integer && (Integer) value == i.sitkCode)
            || (i == BSPLINE && "sitkBSpline3".equals(value))) {
          return i;
        }
      }
      throw new FeatureExtractionException(source + ": setting interpolator: unsupported value '"
          + value + "' (supported: sitkNearestNeighbor, sitkLinear, sitkBSpline)");
    }
  }

  /** Whole-image intensity normalisation applied before resampling. */
  public enum Normalization { NONE, ZSCORE, MEAN100 }

  private static final List<String> KNOWN_SETTINGS = List.of("label", "binWidth", "binCount",
      "normalize", "normalizeScale", "removeOutliers", "resampledPixelSpacing", "interpolator",
      "padDistance", "geometryTolerance", "correctMask", "minimumROIDimensions",
      "minimumROISize", "voxelArrayShift", "preCrop", "force2D", "force2Ddimension",
      "resegmentRange", "resegmentMode", "resegmentShape", "distances", "symmetricalGLCM",
      "weightingNorm", "gldm_a", "additionalInfo", "label_channel", "deltaradNormalize");

  /** PyRadiomics settings of filtered image types, none of which we compute. */
  private static final List<String> FILTER_SETTINGS = List.of("sigma", "start_level", "level",
      "wavelet", "gradientUseSpacing", "lbp2DRadius", "lbp2DSamples", "lbp2DMethod",
      "lbp3DLevels", "lbp3DIcosphereRadius", "lbp3DIcosphereSubdivision");

  /** PyRadiomics settings of voxel-based (feature map) extraction. */
  private static final List<String> VOXEL_SETTINGS =
      List.of("kernelRadius", "maskedKernel", "initValue", "voxelBatch");

  private final String source;
  private final int label;
  private final double binWidth;
  private final Integer binCount;
  private final Normalization normalization;
  private final double normalizeScale;
  private final Double removeOutliers;
  private final double[] resampledPixelSpacing;
  private final Interpolator interpolator;
  private final int padDistance;
  private final double geometryTolerance;
  private final boolean correctMask;
  private final int minimumRoiDimensions;
  private final Integer minimumRoiSize;
  private final double voxelArrayShift;
  private final int[] distances;
  private final boolean symmetricalGlcm;
  private final WeightingNorm weightingNorm;
  private final int gldmAlpha;
  private final Map<String, List<String>> enabledFeatures;
  private final Map<String, Object> effective;
  private volatile String hash;

  private RadiomicsSettings(Map<?, ?> root, String source) {
    this.source = source;
    for (Object key : root.keySet()) {
      if (!List.of("setting", "imageType", "featureClass").contains(key)) {
        throw error("unknown top-level key '" + key
            + "' (expected setting, imageType, featureClass)");
      }
    }
    Map<?, ?> setting = mapOrEmpty(root.get("setting"), "setting");
    for (Object key : setting.keySet()) {
      if (FILTER_SETTINGS.contains(key)) {
        throw error("setting '" + key + "' configures an image filter (LoG, wavelet, square,"
            + " gradient, LBP); DeltaRad supports only the Original image type: remove it");
      }
      if (VOXEL_SETTINGS.contains(key)) {
        throw error("setting '" + key + "' is for voxel-based extraction, which DeltaRad does"
            + " not support: remove it");
      }
      if (!KNOWN_SETTINGS.contains(key)) {
        throw error("unknown setting '" + key + "'");
      }
    }
    label = intSetting(setting, "label", 1);
    if (label == 0) {
      throw error("setting label must not be 0 (0 is the mask's background)");
    }
    binWidth = doubleSetting(setting, "binWidth", 25);
    if (!(binWidth > 0) || Double.isInfinite(binWidth)) {
      throw error("setting binWidth must be a positive number, got " + setting.get("binWidth"));
    }
    binCount = setting.get("binCount") == null ? null : intSetting(setting, "binCount", 0);
    if (binCount != null && binCount < 1) {
      throw error("setting binCount must be >= 1, got " + binCount);
    }
    if (binCount != null && binCount > Discretizer.MAX_BINS) {
      // binCount 10^8 held 3.3 GB for 68 s per volume; binWidth is capped at the same count
      throw error("setting binCount must be at most " + Discretizer.MAX_BINS
          + " (the bin edges and histograms scale with it), got " + binCount);
    }
    boolean zscore = boolSetting(setting, "normalize", false);
    Object dn = setting.get("deltaradNormalize");
    boolean mean100;
    if (dn == null || "none".equals(dn)) {
      mean100 = false;
    } else if ("mean100".equals(dn)) {
      mean100 = true;
    } else {
      throw error("setting deltaradNormalize: unsupported value '" + dn
          + "' (supported: none, mean100)");
    }
    if (zscore && mean100) {
      throw error("settings normalize: true and deltaradNormalize: mean100 exclude each other");
    }
    normalization = zscore ? Normalization.ZSCORE
        : mean100 ? Normalization.MEAN100 : Normalization.NONE;
    normalizeScale = doubleSetting(setting, "normalizeScale", 1);
    removeOutliers = setting.get("removeOutliers") == null ? null
        : doubleSetting(setting, "removeOutliers", 0);
    resampledPixelSpacing = spacingSetting(setting.get("resampledPixelSpacing"));
    // absent: PyRadiomics' default sitkBSpline; an explicit null disables resampling, as in
    // PyRadiomics (it resamples only with both an interpolator and a spacing)
    interpolator = !setting.containsKey("interpolator") ? Interpolator.BSPLINE
        : setting.get("interpolator") == null ? null
        : Interpolator.parse(setting.get("interpolator"), source);
    padDistance = intSetting(setting, "padDistance", 5);
    if (padDistance < 0) {
      throw error("setting padDistance must be >= 0, got " + padDistance);
    }
    geometryTolerance = doubleSetting(setting, "geometryTolerance", 1e-6);
    correctMask = boolSetting(setting, "correctMask", false);
    minimumRoiDimensions = intSetting(setting, "minimumROIDimensions", 2);
    if (minimumRoiDimensions < 1 || minimumRoiDimensions > 3) {
      throw error("setting minimumROIDimensions must be 1, 2 or 3, got " + minimumRoiDimensions);
    }
    minimumRoiSize = setting.get("minimumROISize") == null ? null
        : intSetting(setting, "minimumROISize", 0);
    voxelArrayShift = doubleSetting(setting, "voxelArrayShift", 0);
    if (boolSetting(setting, "force2D", false)) {
      throw error("setting force2D: true is not supported (DeltaRad extracts 3-D features only)");
    }
    intSetting(setting, "force2Ddimension", 0);
    if (setting.get("resegmentRange") != null) {
      throw error("setting resegmentRange is not supported (only null)");
    }
    if (setting.get("resegmentMode") != null && !"absolute".equals(setting.get("resegmentMode"))) {
      throw error("setting resegmentMode is not supported (resegmentation is not implemented)");
    }
    if (setting.get("resegmentShape") != null && Boolean.TRUE.equals(setting.get("resegmentShape"))) {
      throw error("setting resegmentShape is not supported (resegmentation is not implemented)");
    }
    if (intSetting(setting, "label_channel", 0) != 0) {
      throw error("setting label_channel is not supported (vector label maps are not read)");
    }
    distances = distancesSetting(setting.get("distances"));
    symmetricalGlcm = boolSetting(setting, "symmetricalGLCM", true);
    Object wn = setting.get("weightingNorm");
    try {
      weightingNorm = WeightingNorm.parse(wn == null ? null : String.valueOf(wn));
    } catch (IllegalArgumentException ex) {
      throw error("setting " + ex.getMessage());
    }
    gldmAlpha = intSetting(setting, "gldm_a", 0);
    if (gldmAlpha < 0) {
      throw error("setting gldm_a must be >= 0, got " + gldmAlpha);
    }
    boolSetting(setting, "additionalInfo", true);
    boolSetting(setting, "preCrop", false);

    Map<?, ?> imageType = mapOrEmpty(root.get("imageType"), "imageType");
    for (Map.Entry<?, ?> e : imageType.entrySet()) {
      if (!"Original".equals(e.getKey())) {
        throw error("imageType '" + e.getKey() + "' is not supported (only Original)");
      }
      if (e.getValue() != null && !(e.getValue() instanceof Map && ((Map<?, ?>) e.getValue()).isEmpty())) {
        throw error("imageType Original: custom settings are not supported");
      }
    }
    if (root.containsKey("imageType") && imageType.isEmpty()) {
      throw error("imageType is empty: enable Original");
    }
    enabledFeatures = parseFeatureClasses(root);

    Map<String, Object> eff = new TreeMap<>();
    eff.put("label", label);
    eff.put("binWidth", binWidth);
    eff.put("binCount", binCount);
    eff.put("normalization", normalization.name());
    eff.put("normalizeScale", normalizeScale);
    eff.put("removeOutliers", removeOutliers);
    eff.put("resampledPixelSpacing",
        resampledPixelSpacing == null ? null : toList(resampledPixelSpacing));
    eff.put("interpolator", interpolator == null ? null : interpolator.sitkName());
    eff.put("padDistance", padDistance);
    eff.put("geometryTolerance", geometryTolerance);
    eff.put("correctMask", correctMask);
    eff.put("minimumROIDimensions", minimumRoiDimensions);
    eff.put("minimumROISize", minimumRoiSize);
    eff.put("voxelArrayShift", voxelArrayShift);
    eff.put("distances", Arrays.toString(distances));
    eff.put("symmetricalGLCM", symmetricalGlcm);
    eff.put("weightingNorm", weightingNorm == null ? null : weightingNorm.key());
    eff.put("gldm_a", gldmAlpha);
    eff.put("featureClass", enabledFeatures.toString());
    effective = Collections.unmodifiableMap(eff);
  }

  /** PyRadiomics' defaults (all feature classes, shape included). */
  public static RadiomicsSettings defaults() {
    return new RadiomicsSettings(Map.of(), "<defaults>");
  }

  /** Settings from a parsed YAML document (top-level map); {@code source} names it in errors. */
  public static RadiomicsSettings fromMap(Map<?, ?> root, String source) {
    return new RadiomicsSettings(root == null ? Map.of() : root, source);
  }

  /** Parses PyRadiomics parameter YAML text. */
  public static RadiomicsSettings fromYaml(String yamlText, String source) {
    return fromMap(parseYaml(yamlText, source), source);
  }

  /** Reads a PyRadiomics parameter file. */
  public static RadiomicsSettings fromFile(Path file) {
    return fromMap(readYaml(file), file.toString());
  }

  /** The top-level map of a parameter file, for callers that override some keys. */
  public static Map<String, Object> readYaml(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FeatureExtractionException(file + ": cannot read parameter file (" + e + ")", e);
    }
    return parseYaml(text, file.toString());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parseYaml(String text, String source) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      throw new FeatureExtractionException(source + ": invalid YAML ("
          + e.getMessage().replace('\n', ' ') + ")", e);
    }
    if (doc == null) {
      return new LinkedHashMap<>();
    }
    if (!(doc instanceof Map)) {
      throw new FeatureExtractionException(source + ": parameter file must be a YAML mapping");
    }
    return new LinkedHashMap<>((Map<String, Object>) doc);
  }

  private Map<String, List<String>> parseFeatureClasses(Map<?, ?> root) {
    Map<String, List<String>> enabled = new LinkedHashMap<>();
    if (!root.containsKey("featureClass")) {
      FeatureClasses.DEFAULTS.forEach(enabled::put);
      return Collections.unmodifiableMap(enabled);
    }
    Map<?, ?> fc = mapOrEmpty(root.get("featureClass"), "featureClass");
    for (Map.Entry<?, ?> e : fc.entrySet()) {
      Object cls = e.getKey();
      if ("shape2D".equals(cls)) {
        throw error("featureClass shape2D is not supported (3-D extraction only)");
      }
      if (!(cls instanceof String) || !FeatureClasses.DEFAULTS.containsKey(cls)) {
        throw error("unknown featureClass '" + cls + "' (known: "
            + String.join(", ", FeatureClasses.DEFAULTS.keySet()) + ")");
      }
      Object v = e.getValue();
      List<String> names;
      if (v == null || (v instanceof List && ((List<?>) v).isEmpty())) {
        names = FeatureClasses.DEFAULTS.get(cls);
      } else if (v instanceof List) {
        names = new ArrayList<>();
        for (Object f : (List<?>) v) {
          if (!FeatureClasses.available((String) cls).contains(f)) {
            throw error("featureClass " + cls + ": unknown feature '" + f + "'");
          }
          if (!names.contains(f)) {
            names.add((String) f);
          }
        }
        names = List.copyOf(names);
      } else {
        throw error("featureClass " + cls + " must be a list of feature names or empty");
      }
      enabled.put((String) cls, names);
    }
    // PyRadiomics' class order, whatever the file's order.
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    for (String cls : FeatureClasses.DEFAULTS.keySet()) {
      if (enabled.containsKey(cls)) {
        ordered.put(cls, enabled.get(cls));
      }
    }
    return Collections.unmodifiableMap(ordered);
  }

  private FeatureExtractionException error(String message) {
    return new FeatureExtractionException(source + ": " + message);
  }

  private Map<?, ?> mapOrEmpty(Object value, String key) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map)) {
      throw error("'" + key + "' must be a mapping");
    }
    return (Map<?, ?>) value;
  }

  private int intSetting(Map<?, ?> s, String key, int dflt) {
    Object v = s.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Integer) {
      return (Integer) v;
    }
    if (v instanceof Double && (Double) v == Math.rint((Double) v)
        && Math.abs((Double) v) < Integer.MAX_VALUE) {
      return (int) (double) (Double) v;
    }
    throw error("setting " + key + " must be an integer, got '" + v + "'");
  }

  private double doubleSetting(Map<?, ?> s, String key, double dflt) {
    Object v = s.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number && !(v instanceof java.math.BigInteger)) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        return d;
      }
    }
    throw error("setting " + key + " must be a finite number, got '" + v + "'");
  }

  private boolean boolSetting(Map<?, ?> s, String key, boolean dflt) {
    Object v = s.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    throw error("setting " + key + " must be true or false, got '" + v + "'");
  }

  private double[] spacingSetting(Object v) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof List) || ((List<?>) v).size() != 3) {
      throw error("setting resampledPixelSpacing must be a list of 3 numbers, got '" + v + "'");
    }
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      Object o = ((List<?>) v).get(i);
      if (!(o instanceof Number) || !(((Number) o).doubleValue() >= 0)
          || Double.isInfinite(((Number) o).doubleValue())) {
        throw error("setting resampledPixelSpacing must hold numbers >= 0, got '" + v + "'");
      }
      out[i] = ((Number) o).doubleValue();
    }
    return out;
  }

  private int[] distancesSetting(Object v) {
    if (v == null) {
      return new int[] {1};
    }
    if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
      throw error("setting distances must be a non-empty list of positive integers");
    }
    List<?> list = (List<?>) v;
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Integer) || (Integer) list.get(i) < 1) {
        throw error("setting distances must be a list of positive integers, got '" + v + "'");
      }
      out[i] = (Integer) list.get(i);
    }
    return out;
  }

  private static List<Double> toList(double[] a) {
    List<Double> l = new ArrayList<>();
    for (double d : a) {
      l.add(d);
    }
    return l;
  }

  /** Where the settings came from (a file name), for messages. */
  public String source() { return source; }
  public int label() { return label; }
  public double binWidth() { return binWidth; }
  /** Fixed bin count, or null for fixed bin width. */
  public Integer binCount() { return binCount; }
  public Normalization normalization() { return normalization; }
  public double normalizeScale() { return normalizeScale; }
  /** Outlier clamp in standard deviations for z-score normalisation, or null. */
  public Double removeOutliers() { return removeOutliers; }
  /** Target spacing (0 keeps an axis), or null for no resampling. */
  public double[] resampledPixelSpacing() {
    return resampledPixelSpacing == null ? null : resampledPixelSpacing.clone();
  }
  /** The interpolator for resampling, or null when set to null (no resampling). */
  public Interpolator interpolator() { return interpolator; }
  public int padDistance() { return padDistance; }
  public double geometryTolerance() { return geometryTolerance; }
  public boolean correctMask() { return correctMask; }
  public int minimumRoiDimensions() { return minimumRoiDimensions; }
  /** Minimum ROI size (the ROI must have more voxels), or null. */
  public Integer minimumRoiSize() { return minimumRoiSize; }
  public double voxelArrayShift() { return voxelArrayShift; }
  public int[] distances() { return distances.clone(); }
  public boolean symmetricalGlcm() { return symmetricalGlcm; }
  /** GLCM/GLRLM direction weighting norm, or null for none. */
  public WeightingNorm weightingNorm() { return weightingNorm; }
  public int gldmAlpha() { return gldmAlpha; }
  /** Enabled classes (PyRadiomics order) and their enabled features. */
  public Map<String, List<String>> enabledFeatures() { return enabledFeatures; }

  /** The effective settings, sorted by key (for diagnostics and the hash). */
  public Map<String, Object> effective() { return effective; }

  /**
   * SHA-256 (hex) of the effective settings in a canonical form: equal for files that differ
   * only in formatting, key order or spelled-out defaults, for the Spark job's provenance.
   */
  public String settingsHash() {
    String h = hash;
    if (h == null) {
      h = sha256(effective.toString());
      hash = h;
    }
    return h;
  }

  private static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(
          md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }

  @Override
  public String toString() {
    return "RadiomicsSettings" + effective;
  }
}
