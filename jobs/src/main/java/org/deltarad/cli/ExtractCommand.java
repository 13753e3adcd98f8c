package org.deltarad.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deltarad.features.FeatureClasses;
import org.deltarad.features.RadiomicsExtractor;
import org.deltarad.features.RadiomicsSettings;
import org.deltarad.image.Image3D;
import org.deltarad.image.ImageReaders;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deltarad extract}: PyRadiomics 3.1-equivalent features of one image and mask, one
 * {@code name<TAB>value} line per feature sorted by name, values round-trip exact
 * ({@link Double#toString}). Settings: PyRadiomics' defaults, or a PyRadiomics parameter file
 * ({@code --params}); the other options override single settings. Without {@code --params} all
 * non-shape classes are computed ({@code --shape} adds shape).
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
    description = "Extract PyRadiomics 3.1-equivalent radiomic features of one image and mask;"
        + " prints 'name<TAB>value' per feature, sorted by name.")
public final class ExtractCommand implements Callable<Integer> {

  @Option(names = "--image", required = true, paramLabel = "IMG",
      description = "Image (NIfTI .nii/.nii.gz or NRRD; path or URI).")
  String image;

  @Option(names = "--mask", required = true, paramLabel = "MASK",
      description = "Label map with the same geometry.")
  String mask;

  @Option(names = "--label", paramLabel = "N", description = "ROI label (default 1).")
  Integer label;

  static final class Binning {
    @Option(names = "--bin-width", paramLabel = "W",
        description = "Fixed bin width (PyRadiomics default 25).")
    Double binWidth;

    @Option(names = "--bin-count", paramLabel = "N", description = "Fixed number of bins.")
    Integer binCount;
  }

  @ArgGroup(exclusive = true)
  Binning binning;

  /** Values of --normalize. */
  enum Normalize { none, mean100 }

  @Option(names = "--normalize", paramLabel = "none|mean100",
      description = "Image normalisation before extraction: none, or the paper's f*100/mean(f)."
          + " Valid values: ${COMPLETION-CANDIDATES}.")
  Normalize normalize;

  @Option(names = "--params", paramLabel = "FILE.yaml",
      description = "PyRadiomics parameter file (setting/imageType/featureClass).")
  Path params;

  @Option(names = "--shape", description = "Also compute the 3-D shape features.")
  boolean shape;

  @Option(names = "--diagnostics",
      description = "Also print diagnostics (versions, voxel count, spacing, settings).")
  boolean diagnostics;

  @Spec
  CommandSpec spec;

  /** The settings document these options describe (file first, then option overrides). */
  @SuppressWarnings("unchecked")
  Map<String, Object> settingsDocument() {
    Map<String, Object> root = params != null ? RadiomicsSettings.readYaml(params)
        : new LinkedHashMap<>();
    Object s = root.get("setting");
    Map<String, Object> setting = s instanceof Map
        ? new LinkedHashMap<>((Map<String, Object>) s) : new LinkedHashMap<>();
    if (s != null && !(s instanceof Map)) {
      setting = null;  // let RadiomicsSettings report the malformed section
    }
    if (setting != null) {
      if (label != null) {
        setting.put("label", label);
      }
      if (binning != null && binning.binWidth != null) {
        setting.put("binWidth", binning.binWidth);
        setting.remove("binCount");
      }
      if (binning != null && binning.binCount != null) {
        setting.put("binCount", binning.binCount);
      }
      if (normalize != null) {
        setting.put("normalize", false);
        if (normalize == Normalize.mean100) {
          setting.put("deltaradNormalize", "mean100");
        } else {
          setting.remove("deltaradNormalize");
        }
      }
      root.put("setting", setting);
    }
    if (params == null) {
      Map<String, Object> classes = new LinkedHashMap<>();
      for (String cls : FeatureClasses.DEFAULTS.keySet()) {
        if (!cls.equals("shape") || shape) {
          classes.put(cls, null);
        }
      }
      root.put("featureClass", classes);
    } else if (shape && root.get("featureClass") instanceof Map) {
      Map<String, Object> classes =
          new LinkedHashMap<>((Map<String, Object>) root.get("featureClass"));
      classes.putIfAbsent("shape", null);
      root.put("featureClass", classes);
    }
    return root;
  }

  @Override
  public Integer call() throws Exception {
    RadiomicsSettings settings = RadiomicsSettings.fromMap(settingsDocument(),
        params != null ? params.toString() : "command line settings");
    Image3D img = ImageReaders.read(image);
    Image3D msk = ImageReaders.read(mask);
    RadiomicsExtractor.Extraction result =
        new RadiomicsExtractor(settings).extractWithDiagnostics(img, msk);
    PrintWriter out = spec.commandLine().getOut();
    StringBuilder sb = new StringBuilder();
    if (diagnostics) {
      for (Map.Entry<String, String> e : result.diagnostics().entrySet()) {
        sb.append(e.getKey()).append('\t').append(e.getValue().replace('\t', ' ')
            .replace('\n', ' ')).append('\n');
      }
    }
    for (Map.Entry<String, Double> e : result.features().entrySet()) {
      sb.append(e.getKey()).append('\t').append(e.getValue()).append('\n');
    }
    out.print(sb);
    out.flush();
    return 0;
  }
}
