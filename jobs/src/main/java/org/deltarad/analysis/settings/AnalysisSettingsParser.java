package org.deltarad.analysis.settings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deltarad.analysis.settings.AnalysisSettings.CutoffMethod;
import org.deltarad.analysis.settings.AnalysisSettings.Distribute;
import org.deltarad.analysis.settings.AnalysisSettings.Folds;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.analysis.settings.AnalysisSettings.IccForm;
import org.deltarad.analysis.settings.AnalysisSettings.IccInput;
import org.deltarad.analysis.settings.AnalysisSettings.KFold;
import org.deltarad.analysis.settings.AnalysisSettings.LambdaRule;
import org.deltarad.analysis.settings.AnalysisSettings.LeaveOneOut;
import org.deltarad.stats.CoxNet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads an analysis YAML (such as {@code conf/analysis.yaml}) into {@link AnalysisSettings}.
 * Strict: an unknown section or key, a value of the wrong type or outside its range is a
 * one-line error naming the file and the key, because a misspelt key silently falling back to
 * a default would change the science without a word.
 */
public final class AnalysisSettingsParser {
  private static final Set<String> SECTIONS = Set.of("clinical", "timepoints", "features",
      "harmonization", "icc", "split", "lasso", "roc", "survival", "execution");

  private AnalysisSettingsParser() {}

  public static AnalysisSettings parse(InputStream in, String name) throws IOException {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    AnalysisSettings d = AnalysisSettings.defaults();
    if (root == null) {
      return d;
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new IllegalArgumentException(name + ": expected a mapping of sections at the top");
    }
    for (Object k : top.keySet()) {
      if (!SECTIONS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(name + ": unknown section '" + k + "' (known: "
            + String.join(", ", new TreeSet<>(SECTIONS)) + ")");
      }
    }
    Section s = section(name, top, "clinical");
    AnalysisSettings.Clinical clinical = new AnalysisSettings.Clinical(
        s.string("id", d.clinical().id()), s.string("time", d.clinical().time()),
        s.string("event", d.clinical().event()), s.string("figo", d.clinical().figo()),
        s.string("max_diameter", d.clinical().maxDiameter()),
        s.string("mid_diameter", d.clinical().midDiameter()),
        s.strings("continuous", d.clinical().continuous()),
        s.strings("categorical", d.clinical().categorical()),
        s.number("shrinkage", d.clinical().shrinkage()));
    s.rejectUnknown();
    if (!(clinical.shrinkage() > 0 && clinical.shrinkage() < 1)) {
      throw new IllegalArgumentException(name + ": clinical.shrinkage must be in (0, 1), got "
          + clinical.shrinkage());
    }
    s = section(name, top, "timepoints");
    AnalysisSettings.TimePoints tp = new AnalysisSettings.TimePoints(
        s.string("pre", d.timepoints().pre()), s.string("mid", d.timepoints().mid()),
        s.string("primary_reader", d.timepoints().primaryReader()),
        s.string("second_reader", d.timepoints().secondReader()));
    s.rejectUnknown();
    if (tp.primaryReader().equals(tp.secondReader())) {
      throw new IllegalArgumentException(name + ": timepoints.primary_reader and"
          + " timepoints.second_reader are both '" + tp.primaryReader() + "'");
    }
    if (tp.pre().equals(tp.mid())) {
      throw new IllegalArgumentException(name + ": timepoints.pre and timepoints.mid are both '"
          + tp.pre() + "'");
    }
    s = section(name, top, "features");
    AnalysisSettings.FeatureFilter features = new AnalysisSettings.FeatureFilter(
        s.strings("exclude", d.features().exclude()));
    s.rejectUnknown();
    AnalysisSettings.Harmonization harm = harmonization(name, top, d.harmonization());
    AnalysisSettings.IccFilter icc = icc(name, top, d.icc());
    s = section(name, top, "split");
    AnalysisSettings.Split split = new AnalysisSettings.Split(
        s.number("validation_fraction", d.split().validationFraction()),
        s.integer("seed", d.split().seed()),
        s.count("time_bins", d.split().timeBins()),
        s.string("column", d.split().column()));
    s.rejectUnknown();
    if (!(split.validationFraction() > 0 && split.validationFraction() < 1)) {
      throw new IllegalArgumentException(name + ": split.validation_fraction must be in (0, 1)");
    }
    if (split.timeBins() < 1) {
      throw new IllegalArgumentException(name + ": split.time_bins must be >= 1");
    }
    s = section(name, top, "lasso");
    AnalysisSettings.Lasso lasso = new AnalysisSettings.Lasso(
        folds(name, s.string("folds", d.lasso().folds().toString())),
        s.choice("lambda", d.lasso().lambda(), LambdaRule.values(), LambdaRule::key),
        s.choice("ties", d.lasso().ties(), CoxNet.Ties.values(), AnalysisSettings::lower));
    s.rejectUnknown();
    s = section(name, top, "roc");
    AnalysisSettings.Roc roc = new AnalysisSettings.Roc(s.number("horizon", d.roc().horizon()),
        s.numbers("diameter_breaks", d.roc().diameterBreaks()),
        s.choice("cutoff_method", d.roc().cutoffMethod(), CutoffMethod.values(),
            AnalysisSettings::lower), s.number("nne_span", d.roc().nneSpan()));
    s.rejectUnknown();
    if (!(roc.horizon() > 0)) {
      throw new IllegalArgumentException(name + ": roc.horizon must be positive");
    }
    List<Double> breaks = roc.diameterBreaks();
    for (int i = 0; i < breaks.size(); i++) {
      // the classes "<= b1", "b1-b2", ..., "> bk" mean nothing unless the breaks increase
      if (!Double.isFinite(breaks.get(i)) || (i > 0 && !(breaks.get(i) > breaks.get(i - 1)))) {
        throw new IllegalArgumentException(name + ": roc.diameter_breaks must be finite and"
            + " strictly increasing, got " + breaks);
      }
    }
    if (!Double.isNaN(roc.nneSpan()) && !(roc.nneSpan() > 0 && roc.nneSpan() < 1)) {
      throw new IllegalArgumentException(name + ": roc.nne_span must be in (0, 1), got "
          + roc.nneSpan());
    }
    if (!Double.isNaN(roc.nneSpan()) && roc.cutoffMethod() != CutoffMethod.NNE) {
      throw new IllegalArgumentException(name + ": roc.nne_span is set but roc.cutoff_method is"
          + " not nne");
    }
    s = section(name, top, "survival");
    AnalysisSettings.Survival survival = new AnalysisSettings.Survival(
        s.number("risk_table_every", d.survival().riskTableEvery()),
        s.string("time_unit", d.survival().timeUnit()));
    s.rejectUnknown();
    if (!(survival.riskTableEvery() > 0)) {
      throw new IllegalArgumentException(name + ": survival.risk_table_every must be positive");
    }
    s = section(name, top, "execution");
    AnalysisSettings.Execution exec = new AnalysisSettings.Execution(
        s.choice("distribute", d.execution().distribute(), Distribute.values(),
            AnalysisSettings::lower),
        s.count("spark_min_patients", d.execution().sparkMinPatients()));
    s.rejectUnknown();
    return new AnalysisSettings(clinical, tp, features, harm, icc, split, lasso, roc, survival,
        exec);
  }

  private static AnalysisSettings.Harmonization harmonization(String name, Map<?, ?> top,
      AnalysisSettings.Harmonization d) {
    Section s = section(name, top, "harmonization");
    AnalysisSettings.Harmonization h = new AnalysisSettings.Harmonization(
        s.choice("method", d.method(), HarmonizationMethod.values(), AnalysisSettings::lower),
        s.strings("numeric", d.numeric()), s.strings("categorical", d.categorical()),
        s.strings("batch", d.batch()), s.strings("protect", d.protect()),
        s.bool("zscore", d.zscore()));
    s.rejectUnknown();
    if (h.method() == HarmonizationMethod.COMBAT && h.batch().isEmpty()) {
      throw new IllegalArgumentException(name + ": harmonization.batch must name at least one"
          + " column for method combat");
    }
    return h;
  }

  private static AnalysisSettings.IccFilter icc(String name, Map<?, ?> top,
      AnalysisSettings.IccFilter d) {
    Section s = section(name, top, "icc");
    AnalysisSettings.IccFilter icc = new AnalysisSettings.IccFilter(s.bool("enabled",
        d.enabled()), s.choice("form", d.form(), IccForm.values(), IccForm::key),
        s.number("min_icc", d.min()), s.number("min_lower_ci", d.minLower()),
        s.choice("input", d.input(), IccInput.values(), AnalysisSettings::lower));
    s.rejectUnknown();
    inUnitRange(name, "icc.min_icc", icc.min());
    inUnitRange(name, "icc.min_lower_ci", icc.minLower());
    return icc;
  }

  /** ICC thresholds lie in [-1, 1]. */
  private static void inUnitRange(String name, String key, double v) {
    if (!(v >= -1 && v <= 1)) {
      throw new IllegalArgumentException(name + ": " + key + " must be in [-1, 1], got " + v);
    }
  }

  private static Folds folds(String name, String v) {
    if (v.equals("loo")) {
      return new LeaveOneOut();
    }
    try {
      int k = Integer.parseInt(v);
      if (k >= 3) {
        return new KFold(k);
      }
    } catch (NumberFormatException ex) {
      // reported below
    }
    throw new IllegalArgumentException(name + ": lasso.folds must be 'loo' or an integer >= 3,"
        + " got '" + v + "'");
  }

  private static Section section(String file, Map<?, ?> top, String section) {
    Object v = top.get(section);
    if (v == null) {
      return new Section(file, section, Map.of());
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(file + ": section '" + section + "' must be a mapping");
    }
    return new Section(file, section, m);
  }

  /** One YAML section being read, tracking which keys were used. */
  private static final class Section {
    final String file;
    final String section;
    final Map<?, ?> values;
    final Set<String> used = new HashSet<>();

    Section(String file, String section, Map<?, ?> values) {
      this.file = file;
      this.section = section;
      this.values = values;
    }

    private Object raw(String key) {
      used.add(key);
      return values.get(key);
    }

    private IllegalArgumentException bad(String key, String what, Object v) {
      return new IllegalArgumentException(file + ": " + section + "." + key + " must be " + what
          + ", got '" + v + "'");
    }

    String string(String key, String def) {
      Object v = raw(key);
      return v == null ? def : String.valueOf(v);
    }

    <E> E choice(String key, E def, E[] allowed, java.util.function.Function<E, String> label) {
      Object v = raw(key);
      if (v == null) {
        return def;
      }
      List<String> names = new ArrayList<>();
      for (E a : allowed) {
        if (label.apply(a).equals(String.valueOf(v))) {
          return a;
        }
        names.add(label.apply(a));
      }
      throw bad(key, "one of " + String.join(", ", names), v);
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
        throw bad(key, "a number", v);
      }
    }

    long integer(String key, long def) {
      Object v = raw(key);
      if (v == null) {
        return def;
      }
      if (v instanceof Integer || v instanceof Long) {
        return ((Number) v).longValue();
      }
      throw bad(key, "a whole number", v);
    }

    /** A whole number from 0 to Integer.MAX_VALUE. */
    int count(String key, int def) {
      long v = integer(key, def);
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw bad(key, "a whole number from 0 to " + Integer.MAX_VALUE, v);
      }
      return (int) v;
    }

    boolean bool(String key, boolean def) {
      Object v = raw(key);
      if (v == null) {
        return def;
      }
      if (v instanceof Boolean b) {
        return b;
      }
      throw bad(key, "true or false", v);
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
      throw bad(key, "a list", v);
    }

    List<Double> numbers(String key, List<Double> def) {
      Object v = raw(key);
      if (v == null) {
        return def;
      }
      if (!(v instanceof List<?> l)) {
        throw bad(key, "a list of numbers", v);
      }
      List<Double> out = new ArrayList<>();
      for (Object o : l) {
        if (!(o instanceof Number n)) {
          throw bad(key, "a list of numbers", v);
        }
        out.add(n.doubleValue());
      }
      return out;
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
