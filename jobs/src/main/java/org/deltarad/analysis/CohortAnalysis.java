package org.deltarad.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.deltarad.analysis.settings.AnalysisSettings;

/**
 * The study's statistics on an in-memory cohort, stage by stage, without Spark: harmonise, ICC
 * filter, deltas, split, fit, survival, tumour size, evaluate, tests, characteristics,
 * acquisition. Per-feature and per-fold work goes through the {@link WorkPool}; each stage
 * reports its time through {@code progress}. The Spark job ({@link CohortAnalysisJob}) reads
 * the inputs, picks the pool and writes the result's tables.
 */
public final class CohortAnalysis {
  private final AnalysisSettings settings;
  private final WorkPool pool;
  private final Consumer<String> progress;

  public CohortAnalysis(AnalysisSettings settings, WorkPool pool, Consumer<String> progress) {
    this.settings = settings;
    this.pool = pool;
    this.progress = progress;
  }

  /**
   * Runs every stage. When the cohort cannot support the models (no robust feature, too few
   * patients or events) the {@link AnalysisException} carries the partial result, so that what
   * was computed (harmonized values, ICCs, warnings) can still be written.
   */
  public AnalysisResult run(CohortData data) {
    List<Warning> warnings = new ArrayList<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Partial p = new Partial(data, warnings, seconds);
    p.harmonized = timed("harmonize", seconds,
        () -> new HarmonizeStage(settings, pool).run(data, warnings),
        h -> h.features().size() + " features harmonized ("
            + lower(settings.harmonization().method()) + "), " + h.designRows() + " scans");
    p.icc = timed("icc", seconds, () -> new IccStage(settings, pool).run(p.harmonized, warnings),
        r -> describe(r));
    p.deltas = timed("deltas", seconds, () -> new DeltaStage(settings).run(p.harmonized,
        p.icc.selected(), data.clinical(), primaryPatients(data), warnings),
        r -> r.matrix().size() + " patients with both time points and clinical data");
    if (p.icc.selected().isEmpty()) {
      throw p.stop(new AnalysisException(noFeature(p.icc)));
    }
    try {
      p.split = timed("split", seconds, () -> new SplitStage(settings).run(p.deltas.matrix(),
          data.clinical(), fieldStrength(data), warnings),
          s -> s.trainingRows().length + " training, " + s.validationRows().length
              + " validation");
    } catch (AnalysisException ex) {
      throw p.stop(ex);
    }
    p.signatures = timed("fit", seconds, () -> new FitStage(settings, pool).run(
        p.deltas.matrix(), p.split, warnings), s -> describe(s));
    p.survival = timed("survival", seconds, () -> new SurvivalStage(settings).run(p.signatures,
        p.split, warnings), k -> k.size() + " Kaplan-Meier panels");
    p.size = timed("size", seconds, () -> new SizeStage(settings).run(p.deltas.matrix(),
        data.clinical(), data.scans()), s -> s.rows().size() + " tumour-size tests");
    p.auc = timed("evaluate", seconds, () -> new EvaluateStage(settings).run(p.signatures,
        p.deltas.matrix(), data.clinical(), p.split, p.size.markers(), warnings),
        a -> "validation AUC " + a.validationAuc());
    p.tests = timed("tests", seconds, () -> new TestsStage(pool).run(p.deltas.rows(),
        p.icc.selected(), data.clinical()), t -> t.size() + " tests");
    p.characteristics = timed("characteristics", seconds, () -> new CharacteristicsStage(settings)
        .run(p.deltas.matrix(), p.split, data.clinical(), warnings), c -> c.size() + " rows");
    p.acquisition = timed("acquisition", seconds, () -> new AcquisitionStage(settings)
        .run(p.deltas.matrix(), p.split, data.scans(), warnings), a -> a.size() + " rows");
    return p.result();
  }

  private <T> T timed(String stage, Map<String, Double> seconds, Supplier<T> work,
      java.util.function.Function<T, String> summary) {
    long t0 = System.nanoTime();
    T out = work.get();
    double s = (System.nanoTime() - t0) / 1e9;
    seconds.put(stage, s);
    progress.accept(String.format(java.util.Locale.ROOT, "analysis: %s: %.2f s: %s", stage, s,
        summary.apply(out)));
    return out;
  }

  private static String describe(List<Signature> sigs) {
    StringBuilder sb = new StringBuilder();
    for (Signature s : sigs) {
      sb.append(sb.length() == 0 ? "" : "; ").append(s.name()).append(' ')
          .append(s.coefficients().size()).append(" feature(s)");
    }
    return sb.toString();
  }

  /** The ICC stage's progress line; "robust" only when the filter ran. */
  private String describe(IccStage.Result r) {
    String readers = " (" + r.pairedPatients() + " patients with two readers)";
    return settings.icc().enabled() ? r.selected().size() + " robust features" + readers
        : "ICC filter disabled, " + r.selected().size() + " features kept" + readers;
  }

  /** Why no feature is left to model: the filter rejected all, or none was usable. */
  private String noFeature(IccStage.Result r) {
    if (!settings.icc().enabled()) {
      return "no usable feature after harmonization (ICC filter disabled); see the warnings"
          + " table";
    }
    return "no feature passed the robustness filter (" + settings.icc().form().key() + " > "
        + settings.icc().min() + " with lower 95% CI >= " + settings.icc().minLower()
        + " at both time points, " + r.pairedPatients() + " patients with two readers); see"
        + " the icc and warnings tables";
  }

  /** Patients with any row of the primary reader. */
  private Set<String> primaryPatients(CohortData data) {
    Set<String> out = new TreeSet<>();
    for (Scan s : data.scans()) {
      if (s.reader().equals(settings.timepoints().primaryReader())) {
        out.add(s.patient());
      }
    }
    return out;
  }

  /** Field strength of each patient's pre-treatment scan of the primary reader ("unknown"). */
  private Map<String, String> fieldStrength(CohortData data) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (Scan s : data.scans()) {
      if (s.reader().equals(settings.timepoints().primaryReader())
          && s.timepoint().equals(settings.timepoints().pre())
          && s.columns().containsKey("field_strength")) {
        String v = s.label("field_strength");
        out.put(s.patient(), v == null ? "unknown" : v);
      }
    }
    return out;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The stages' outputs so far. */
  private final class Partial {
    final CohortData data;
    final List<Warning> warnings;
    final Map<String, Double> seconds;
    Harmonized harmonized;
    IccStage.Result icc;
    DeltaStage.Result deltas;
    CohortSplit split;
    List<Signature> signatures;
    List<SurvivalStage.Km> survival;
    EvaluateStage.Auc auc;
    List<TestsStage.Row> tests;
    List<CharacteristicsStage.Row> characteristics;
    List<AcquisitionStage.Row> acquisition;
    SizeStage.Result size;

    Partial(CohortData data, List<Warning> warnings, Map<String, Double> seconds) {
      this.data = data;
      this.warnings = warnings;
      this.seconds = seconds;
    }

    AnalysisResult result() {
      return new AnalysisResult(settings, data.features().size(), harmonized, icc, deltas,
          split, signatures, survival, auc, tests, characteristics, acquisition, size, flow(),
          warnings, seconds);
    }

    AnalysisResult.Flow flow() {
      return new AnalysisResult.Flow(data.clinical().size(), primaryPatients(data).size(),
          deltas == null ? -1 : deltas.matrix().size(), icc == null ? -1 : icc.pairedPatients(),
          split == null ? -1 : split.trainingRows().length,
          split == null ? -1 : split.validationRows().length);
    }

    AnalysisException stop(AnalysisException ex) {
      return new AnalysisException(ex.getMessage(), result());
    }
  }
}
