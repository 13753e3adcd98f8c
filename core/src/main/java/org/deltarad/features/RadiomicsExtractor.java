package org.deltarad.features;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.deltarad.image.Image3D;

/**
 * PyRadiomics 3.1-equivalent extraction for one image and mask on the "original" image type in
 * 3-D: {@link Preprocessing}, then each enabled feature class on the discretised ROI. Feature
 * names are PyRadiomics' ({@code original_<class>_<Feature>}), sorted by name.
 *
 * <p>Instances are thread-safe; one per settings file is enough for a whole cohort. Per-case
 * state lives in a {@link CaseContext} made for each case, its reusable arrays in a
 * {@link Workspace}: the caller's ({@link #extract(Image3D, Image3D, Workspace)}, one per
 * thread), or one this extractor lends to the call for its duration from a pool of idle
 * workspaces (so a thread pool reuses arrays as it would with its own).
 */
public final class RadiomicsExtractor {
  /** The PyRadiomics release whose values we reproduce. */
  public static final String PYRADIOMICS_EQUIVALENT = "3.1.0";

  private final RadiomicsSettings settings;
  /** Workspaces no call is using; held softly, so idle arrays do not pin memory. */
  private final ConcurrentLinkedQueue<SoftReference<Workspace>> idle =
      new ConcurrentLinkedQueue<>();

  public RadiomicsExtractor(RadiomicsSettings settings) {
    this.settings = settings;
  }

  public RadiomicsSettings settings() { return settings; }

  /** SHA-256 of the effective settings (see {@link RadiomicsSettings#settingsHash()}). */
  public String settingsHash() {
    return settings.settingsHash();
  }

  /** The names {@link #extract} returns, sorted, from the settings alone. */
  public List<String> featureNames() {
    TreeSet<String> names = new TreeSet<>();
    for (Map.Entry<String, List<String>> e : settings.enabledFeatures().entrySet()) {
      for (String name : e.getValue()) {
        names.add("original_" + e.getKey() + "_" + name);
      }
    }
    return List.copyOf(names);
  }

  /** Features and diagnostics of one case. */
  public static final class Extraction {
    private final LinkedHashMap<String, Double> features;
    private final LinkedHashMap<String, String> diagnostics;

    Extraction(LinkedHashMap<String, Double> features, LinkedHashMap<String, String> diagnostics) {
      this.features = features;
      this.diagnostics = diagnostics;
    }

    /** {@code original_<class>_<Feature>} to value, sorted by name. */
    public LinkedHashMap<String, Double> features() { return features; }

    /** {@code diagnostics_...} to text (versions, geometry, ROI, settings), sorted by name. */
    public LinkedHashMap<String, String> diagnostics() { return diagnostics; }
  }

  /** The enabled features of one case, sorted by name. */
  public LinkedHashMap<String, Double> extract(Image3D image, Image3D mask) {
    Workspace work = borrow();
    try {
      return extract(image, mask, work);
    } finally {
      idle.offer(new SoftReference<>(work));
    }
  }

  /**
   * As {@link #extract(Image3D, Image3D)}, refusing (with a FeatureExtractionException) a
   * resampled grid that would need more than {@code memoryBudget} bytes.
   */
  public LinkedHashMap<String, Double> extract(Image3D image, Image3D mask, long memoryBudget) {
    Workspace work = borrow();
    try {
      return features(Preprocessing.run(image, mask, settings, work, memoryBudget).roi(), work);
    } finally {
      idle.offer(new SoftReference<>(work));
    }
  }

  /**
   * As {@link #extract(Image3D, Image3D)} with the caller's workspace, which this call uses
   * alone (one workspace per thread).
   */
  public LinkedHashMap<String, Double> extract(Image3D image, Image3D mask, Workspace work) {
    return features(Preprocessing.run(image, mask, settings, work).roi(), work);
  }

  /** Features plus diagnostics. */
  public Extraction extractWithDiagnostics(Image3D image, Image3D mask) {
    Workspace work = borrow();
    try {
      Preprocessing.Result pre = Preprocessing.run(image, mask, settings, work);
      return new Extraction(features(pre.roi(), work), diagnostics(image, mask, pre));
    } finally {
      idle.offer(new SoftReference<>(work));
    }
  }

  /** An idle workspace of the pool, or a new one. */
  private Workspace borrow() {
    for (SoftReference<Workspace> ref; (ref = idle.poll()) != null; ) {
      Workspace w = ref.get();
      if (w != null) {
        return w;
      }
    }
    return new Workspace();
  }

  /** The enabled features of a preprocessed ROI, sorted by name. */
  private LinkedHashMap<String, Double> features(DiscretizedRoi roi, Workspace work) {
    CaseContext context = new CaseContext(roi, work);
    TreeMap<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : settings.enabledFeatures().entrySet()) {
      String cls = e.getKey();
      Map<String, Double> values = compute(cls, context, e.getValue());
      for (String name : e.getValue()) {
        Double v = values.get(name);
        if (v == null) {
          throw new IllegalStateException(cls + " did not compute " + name);
        }
        out.put("original_" + cls + "_" + name, v);
      }
    }
    return new LinkedHashMap<>(out);
  }

  private Map<String, Double> compute(String cls, CaseContext context, List<String> names) {
    switch (cls) {
      case "firstorder":
        return new FirstOrderFeatures(settings.voxelArrayShift()).compute(context);
      case "shape":
        return new ShapeFeatures().compute(context, names);
      case "glcm":
        return new GlcmFeatures(settings.distances(), settings.symmetricalGlcm(),
            settings.weightingNorm()).compute(context);
      case "glrlm":
        return new GlrlmFeatures(settings.weightingNorm()).compute(context);
      case "glszm":
        return new GlszmFeatures().compute(context);
      case "gldm":
        return new GldmFeatures(settings.distances(), settings.gldmAlpha()).compute(context);
      case "ngtdm":
        return new NgtdmFeatures(settings.distances()).compute(context);
      default:
        throw new IllegalStateException("unknown feature class " + cls);
    }
  }

  private LinkedHashMap<String, String> diagnostics(Image3D image, Image3D mask,
      Preprocessing.Result pre) {
    TreeMap<String, String> d = new TreeMap<>();
    String version = RadiomicsExtractor.class.getPackage().getImplementationVersion();
    d.put("diagnostics_Versions_DeltaRad", version == null ? "dev" : version);
    d.put("diagnostics_Versions_PyRadiomicsEquivalent", PYRADIOMICS_EQUIVALENT);
    d.put("diagnostics_Versions_Java", System.getProperty("java.version"));
    d.put("diagnostics_Configuration_Settings", settings.effective().toString());
    d.put("diagnostics_Configuration_SettingsHash", settings.settingsHash());
    d.put("diagnostics_Configuration_EnabledImageTypes", "{Original={}}");
    d.put("diagnostics_Image-original_Source", image.source());
    d.put("diagnostics_Mask-original_Source", mask.source());
    d.put("diagnostics_Image-original_Spacing", Arrays.toString(image.spacing()));
    d.put("diagnostics_Image-original_Size",
        Arrays.toString(new int[] {image.nx(), image.ny(), image.nz()}));
    String stage = !Arrays.equals(pre.spacing(), image.spacing())
        || !Arrays.equals(pre.imageSize(), new int[] {image.nx(), image.ny(), image.nz()})
        ? "interpolated" : "original";
    if (stage.equals("interpolated")) {
      d.put("diagnostics_Image-interpolated_Spacing", Arrays.toString(pre.spacing()));
      d.put("diagnostics_Image-interpolated_Size", Arrays.toString(pre.imageSize()));
    }
    d.put("diagnostics_Mask-" + stage + "_BoundingBox", Arrays.toString(pre.boundingBox()));
    d.put("diagnostics_Mask-" + stage + "_VoxelNum", Integer.toString(pre.roi().voxelCount()));
    d.put("diagnostics_Image-" + stage + "_BinCount", Integer.toString(pre.binCount()));
    if (!Double.isNaN(pre.normalizationMean())) {
      d.put("diagnostics_Image-original_NormalizationMean",
          Double.toString(pre.normalizationMean()));
    }
    if (!Double.isNaN(pre.normalizationSd())) {
      d.put("diagnostics_Image-original_NormalizationSd", Double.toString(pre.normalizationSd()));
    }
    return new LinkedHashMap<>(d);
  }
}
