package org.deltarad.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Settings of the cohort analysis, read from a YAML file such as {@code conf/analysis.yaml}.
 * Every default is the paper's; an unknown key is an error (a misspelt key silently falling back
 * to a default would change the science without a word).
 */
public final class AnalysisConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  // clinical table
  public String clinicalId = "patient_id";
  public String clinicalTime = "pfs_months";
  public String clinicalEvent = "progression";
  public String clinicalFigo = "figo_stage";
  public String clinicalDiameter = "max_diameter_cm";
  // time points and readers
  public String preLabel = "pre";
  public String midLabel = "mid";
  public String primaryReader = "1";
  public String secondReader = "2";
  // feature selection before the statistics
  public List<String> featureExclude = new ArrayList<>();
  // harmonization
  public String harmonization = "ols";
  public List<String> numericCovariates = new ArrayList<>(List.of("tr", "te", "flip_angle",
      "slice_thickness", "nex", "anisotropy", "voxel_volume_mm3", "fov_x_mm", "field_strength"));
  public List<String> categoricalCovariates = new ArrayList<>(List.of("manufacturer"));
  public boolean zscore = true;
  // ICC
  public String iccForm = "icc1";
  public double iccMin = 0.75;
  public double iccLowerMin = 0.60;
  public boolean iccEnabled = true;
  // split
  public double validationFraction = 1.0 / 3.0;
  public long seed = 20250101L;
  public int timeBins = 2;
  // LASSO-Cox
  public String folds = "loo";
  public String lambdaRule = "min";
  public String ties = "breslow";
  // ROC, survival
  public double horizon = 60.0;
  public double[] diameterBreaks = {2.0, 4.0};
  public double kmRiskEvery = 12.0;

  private static final Set<String> SECTIONS = Set.of("clinical", "timepoints", "features",
      "harmonization", "icc", "split", "lasso", "roc", "survival");

  public static AnalysisConfig defaults() {
    return new AnalysisConfig();
  }

  public static AnalysisConfig load(InputStream in, String name) throws IOException {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    AnalysisConfig c = new AnalysisConfig();
    if (root == null) {
      return c;
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new IllegalArgumentException(name + ": expected a mapping of sections at the top");
    }
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String section = String.valueOf(e.getKey());
      if (!SECTIONS.contains(section)) {
        throw new IllegalArgumentException(name + ": unknown section '" + section
            + "' (known: " + String.join(", ", new java.util.TreeSet<>(SECTIONS)) + ")");
      }
      if (e.getValue() == null) {
        continue;
      }
      if (!(e.getValue() instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(name + ": section '" + section + "' must be a mapping");
      }
      Section s = new Section(name, section, m);
      c.apply(s);
      s.rejectUnknown();
    }
    c.validate(name);
    return c;
  }

  private void apply(Section s) {
    switch (s.section) {
      case "clinical" -> {
        clinicalId = s.string("id", clinicalId);
        clinicalTime = s.string("time", clinicalTime);
        clinicalEvent = s.string("event", clinicalEvent);
        clinicalFigo = s.string("figo", clinicalFigo);
        clinicalDiameter = s.string("max_diameter", clinicalDiameter);
      }
      case "timepoints" -> {
        preLabel = s.string("pre", preLabel);
        midLabel = s.string("mid", midLabel);
        primaryReader = s.string("primary_reader", primaryReader);
        secondReader = s.string("second_reader", secondReader);
      }
      case "features" -> featureExclude = s.strings("exclude", featureExclude);
      case "harmonization" -> {
        harmonization = s.choice("method", harmonization, "ols", "combat", "none");
        numericCovariates = s.strings("numeric", numericCovariates);
        categoricalCovariates = s.strings("categorical", categoricalCovariates);
        zscore = s.bool("zscore", zscore);
      }
      case "icc" -> {
        iccEnabled = s.bool("enabled", iccEnabled);
        iccForm = s.choice("form", iccForm, "icc1", "icc2_1", "icc3_1");
        iccMin = s.number("min_icc", iccMin);
        iccLowerMin = s.number("min_lower_ci", iccLowerMin);
      }
      case "split" -> {
        validationFraction = s.number("validation_fraction", validationFraction);
        seed = (long) s.number("seed", seed);
        timeBins = (int) s.number("time_bins", timeBins);
      }
      case "lasso" -> {
        folds = s.string("folds", folds);
        lambdaRule = s.choice("lambda", lambdaRule, "min", "1se");
        ties = s.choice("ties", ties, "breslow", "efron");
      }
      case "roc" -> {
        horizon = s.number("horizon", horizon);
        List<String> br = s.strings("diameter_breaks", null);
        if (br != null) {
          diameterBreaks = br.stream().mapToDouble(Double::parseDouble).toArray();
        }
      }
      case "survival" -> kmRiskEvery = s.number("risk_table_every", kmRiskEvery);
      default -> throw new IllegalStateException(s.section);
    }
  }

  private void validate(String name) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(name + ": split.validation_fraction must be in (0, 1)");
    }
    if (!(horizon > 0)) {
      throw new IllegalArgumentException(name + ": roc.horizon must be positive");
    }
    if (!folds.equals("loo")) {
      try {
        if (Integer.parseInt(folds) < 3) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(name + ": lasso.folds must be 'loo' or an integer >= 3,"
            + " got '" + folds + "'");
      }
    }
    if (timeBins < 1) {
      throw new IllegalArgumentException(name + ": split.time_bins must be >= 1");
    }
  }

  /** The effective settings, for the report and provenance. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("clinical columns", clinicalId + ", " + clinicalTime + ", " + clinicalEvent + ", "
        + clinicalFigo + ", " + clinicalDiameter);
    m.put("time points", preLabel + " / " + midLabel + " (readers " + primaryReader + ", "
        + secondReader + ")");
    m.put("harmonization", harmonization + " on " + String.join(", ", numericCovariates)
        + (categoricalCovariates.isEmpty() ? "" : " + " + String.join(", ", categoricalCovariates))
        + (zscore ? "; z-scored" : ""));
    m.put("ICC", iccEnabled ? iccForm + " > " + iccMin + " and lower 95% CI >= " + iccLowerMin
        + " at both time points" : "off");
    m.put("split", "validation fraction " + validationFraction + ", seed " + seed
        + ", strata: event x follow-up (" + timeBins + " bins) x field strength");
    m.put("LASSO-Cox", "folds " + folds + ", lambda." + lambdaRule + ", ties " + ties);
    m.put("horizon", horizon + " (time units of the clinical table)");
    return m;
  }

  /** One YAML section being read, tracking which keys were used. */
  private static final class Section {
    final String file;
    final String section;
    final Map<?, ?> values;
    final java.util.Set<String> used = new java.util.HashSet<>();

    Section(String file, String section, Map<?, ?> values) {
      this.file = file;
      this.section = section;
      this.values = values;
    }

    private Object raw(String key) {
      used.add(key);
      return values.get(key);
    }

    String string(String key, String def) {
      Object v = raw(key);
      return v == null ? def : String.valueOf(v);
    }

    String choice(String key, String def, String... allowed) {
      String v = string(key, def);
      for (String a : allowed) {
        if (a.equals(v)) {
          return v;
        }
      }
      throw new IllegalArgumentException(file + ": " + section + "." + key + " must be one of "
          + String.join(", ", allowed) + ", got '" + v + "'");
    }

    double number(String key, double def) {
      Object v = raw(key);
      if (v == null) {
        return def;
      }
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      try {
        return Double.parseDouble(String.valueOf(v));
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(file + ": " + section + "." + key
            + " must be a number, got '" + v + "'");
      }
    }

    boolean bool(String key, boolean def) {
      Object v = raw(key);
      if (v == null) {
        return def;
      }
      if (v instanceof Boolean b) {
        return b;
      }
      throw new IllegalArgumentException(file + ": " + section + "." + key
          + " must be true or false, got '" + v + "'");
    }

    List<String> strings(String key, List<String> def) {
      Object v = raw(key);
      if (v == null) {
        return def;
      }
      if (v instanceof List<?> l) {
        List<String> out = new ArrayList<>();
        for (Object o : l) {
          out.add(String.valueOf(o));
        }
        return out;
      }
      throw new IllegalArgumentException(file + ": " + section + "." + key + " must be a list");
    }

    void rejectUnknown() {
      for (Object k : values.keySet()) {
        if (!used.contains(String.valueOf(k))) {
          throw new IllegalArgumentException(file + ": unknown key '" + section + "." + k + "'");
        }
      }
    }
  }
}
