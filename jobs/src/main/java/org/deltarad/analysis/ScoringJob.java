package org.deltarad.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.HarmonizationMethod;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.runtime.Version;
import org.deltarad.tables.AnalysisTables;
import org.deltarad.tables.Lease;
import org.deltarad.tables.OutputMarker;
import org.deltarad.tables.ParquetTables;
import org.deltarad.tables.ScoreTables;

/**
 * The {@code score} job: reads a saved signature (an analysis' {@code signatures} table, or
 * published coefficients), the standardisation it needs and another cohort's features table
 * (and clinical table), runs {@link CohortScoring} on the driver and writes
 * {@link ScoreTables} and {@code _score_run.json} under the output directory.
 */
public final class ScoringJob {
  private static final Logger LOG = LogManager.getLogger(ScoringJob.class);
  /** Settings sections that must equal the analysis' for its parameters to mean the same. */
  static final List<String> SHARED_SECTIONS = List.of("timepoints", "harmonization", "roc",
      "survival");

  /** Where the standardisation parameters come from. */
  public enum Standardize {
    /** The analysis' saved harmonisation and z-scoring (the training cohort's). */
    TRAINING,
    /** Fitted on the scored cohort itself, as the analysis fits them. */
    COHORT,
    /** Raw feature values. */
    NONE
  }

  /**
   * @param signature an analysis' signatures table (or its output directory); null with
   *     published coefficients standardised by the cohort or not at all
   * @param coefficients a CSV of published coefficients, or null
   * @param cutoff the published cut-off (NaN: none); only with coefficients
   * @param standardize null: training with an analysis, else cohort
   */
  public record Options(String signature, String name, String coefficients, double cutoff,
      Standardize standardize, String features, String clinical, String out, String cohort) {}

  private final SparkSession spark;
  private final AnalysisSettings settings;
  private final Consumer<String> log;

  public ScoringJob(SparkSession spark, AnalysisSettings settings) {
    this(spark, settings, SparkSessions.progressSink(spark, LOG));
  }

  public ScoringJob(SparkSession spark, AnalysisSettings settings, Consumer<String> log) {
    this.spark = spark;
    this.settings = settings;
    this.log = log;
  }

  /** Scores without a report. */
  public CohortScoring.Result run(Options o) throws IOException {
    return run(o, null);
  }

  /**
   * Scores and writes the tables, the run record and, with a renderer, {@code report/index.html}.
   *
   * @param report renders the report's HTML (the command line passes the report package's
   *     renderer, so scoring does not depend on it); null for none
   */
  public CohortScoring.Result run(Options o, Function<ScoreRun, String> report)
      throws IOException {
    Instant started = Instant.now();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OutputMarker.claim(conf, o.out(), OutputMarker.Kind.SCORE, log);
    Path root = new Path(o.out());
    String runId = "score-" + started.toEpochMilli() + "-" + UUID.randomUUID().toString()
        .substring(0, 8);
    // held from start to end, as analyze holds its output
    try (Lease lease = Lease.acquire(root.getFileSystem(conf), root, runId,
        Lease.Policy.DEFAULT, log)) {
      return score(o, report, conf, started, lease);
    }
  }

  private CohortScoring.Result score(Options o, Function<ScoreRun, String> report,
      Configuration conf, Instant started, Lease lease) throws IOException {
    String analysis = o.signature() == null ? null : analysisDir(o.signature());
    Standardize mode = o.standardize() != null ? o.standardize()
        : analysis != null ? Standardize.TRAINING : Standardize.COHORT;
    if (analysis != null) {
      checkSettings(conf, analysis);
    }
    SavedSignature sig = signature(o, conf, analysis);
    Standardization std = switch (mode) {
      case TRAINING -> {
        if (analysis == null) {
          throw new IllegalArgumentException("--standardize training needs --signature"
              + " ANALYSIS/signatures: the parameters are the analysis' saved tables");
        }
        yield StandardizationTables.read(conf, analysis, settings.harmonization().method());
      }
      case COHORT -> null;
      case NONE -> new Standardization(HarmonizationMethod.NONE, null, Map.of(), Map.of());
    };
    AnalysisSettings read = mode == Standardize.NONE ? withoutCovariates(settings) : settings;
    CohortAnalysisJob reader = new CohortAnalysisJob(spark, read, log);
    Map<String, Clinical> clinical = o.clinical() == null ? Map.of()
        : reader.readClinical(o.clinical());
    CohortData data = reader.readFeatures(o.features(), clinical);
    CohortScoring.Result r = new CohortScoring(read).run(sig, std, data, clinical, o.cohort());
    String html = report == null ? null : report.apply(new ScoreRun(r, read, o, mode, started));
    write(o, conf, r, mode, started, html, lease);
    log.accept(String.format(Locale.ROOT, "score: %s on %d patients of %s -> %s", sig.name(),
        r.patients().length, o.features(), o.out()));
    return r;
  }

  /** The analysis output directory of {@code --signature DIR/signatures} (or DIR). */
  static String analysisDir(String signature) {
    String s = signature.replaceAll("/+$", "");
    String tail = "/" + AnalysisTables.SIGNATURES.name();
    return s.endsWith(tail) ? s.substring(0, s.length() - tail.length()) : s;
  }

  private SavedSignature signature(Options o, Configuration conf, String analysis)
      throws IOException {
    if (o.coefficients() != null) {
      return SavedSignature.fromCsv(o.coefficients(), o.name(), o.cutoff());
    }
    if (analysis == null) {
      throw new IllegalArgumentException("give --signature ANALYSIS/signatures or"
          + " --coefficients FILE.csv");
    }
    if (!Double.isNaN(o.cutoff())) {
      throw new IllegalArgumentException("--cutoff is for published coefficients; a saved"
          + " signature is split at its training cut-off (" + analysis + "/cutoffs)");
    }
    SavedSignature.kind(o.name());
    return SavedSignature.fromAnalysis(conf, analysis, o.name());
  }

  /**
   * The analysis' run record must say it succeeded and ran with the same time points,
   * harmonisation, ROC and survival settings as these (else its parameters mean other things).
   */
  void checkSettings(Configuration conf, String analysis) throws IOException {
    Path run = new Path(analysis + "/_run.json");
    if (!run.getFileSystem(conf).exists(run)) {
      throw new IllegalArgumentException(analysis + " has no _run.json: not an analyze output");
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode rec;
    try (var in = run.getFileSystem(conf).open(run)) {
      rec = json.readTree(in);
    }
    if (!"succeeded".equals(rec.path("status").asText())) {
      throw new IllegalArgumentException(analysis + "/_run.json: the analysis did not succeed ("
          + rec.path("failure").asText("no status") + ")");
    }
    for (String section : SHARED_SECTIONS) {
      JsonNode mine = json.valueToTree(settings.effective().get(section));
      JsonNode theirs = rec.path("settings").path(section);
      if (!mine.equals(theirs)) {
        throw new IllegalArgumentException(analysis + "/_run.json: the analysis ran with "
            + section + " " + theirs + " but these settings have " + mine
            + "; pass the analysis' settings file with --conf");
      }
    }
  }

  /** Raw values need no covariate columns in the features table. */
  private static AnalysisSettings withoutCovariates(AnalysisSettings s) {
    AnalysisSettings.Harmonization h = s.harmonization();
    return new AnalysisSettings(s.clinical(), s.timepoints(), s.features(),
        new AnalysisSettings.Harmonization(HarmonizationMethod.NONE, List.of(), List.of(),
            List.of(), List.of(), h.zscore()), s.icc(), s.split(), s.lasso(), s.roc(),
        s.survival(), s.execution());
  }

  /**
   * The tables, the report, then the run record: an earlier run's record and report go first,
   * so a run that dies midway leaves no record describing tables it did not write.
   */
  private void write(Options o, Configuration conf, CohortScoring.Result r, Standardize mode,
      Instant started, String html, Lease lease) throws IOException {
    ParquetTables tables = new ParquetTables(conf, o.out());
    tables.delete(OutputMarker.SCORE_RECORD);
    tables.delete("report");
    writeTables(tables, r);
    String reportPath = html == null ? null : tables.writeText("report/index.html", html);
    lease.verify();
    writeRecord(tables, o, r, mode, started, reportPath);
  }

  private static void writeTables(ParquetTables tables, CohortScoring.Result r)
      throws IOException {
    Map<AnalysisTables.Table, List<Row>> t = new LinkedHashMap<>();
    List<Row> scores = new ArrayList<>();
    for (int i = 0; i < r.patients().length; i++) {
      scores.add(RowFactory.create(r.patients()[i], r.cohort(), r.signature().name(),
          r.scores()[i], r.groups()[i]));
    }
    t.put(ScoreTables.SCORES, scores);
    t.put(ScoreTables.AUC, r.auc() == null ? List.of() : ResultTables.auc(r.auc()));
    t.put(ScoreTables.KM, r.km() == null ? List.of() : ResultTables.km(List.of(r.km())));
    t.put(ScoreTables.WARNINGS, r.warnings().stream().map(w -> RowFactory.create(w.stage(),
        w.subject(), w.message())).toList());
    tables.write(t);
  }

  private static void writeRecord(ParquetTables tables, Options o, CohortScoring.Result r,
      Standardize mode, Instant started, String reportPath) throws IOException {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("job", "score");
    rec.put("started", started.toString());
    rec.put("ended", Instant.now().toString());
    rec.put("deltarad_version", Version.current());
    rec.put("signature", r.signature().name());
    rec.put("signature_source", r.signature().source());
    rec.put("coefficients", r.signature().nonZero());
    rec.put("cutoff", Double.isFinite(r.signature().cutoff()) ? r.signature().cutoff() : null);
    rec.put("standardize", mode.name().toLowerCase(Locale.ROOT));
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("features", o.features());
    inputs.put("clinical", o.clinical());
    rec.put("inputs", inputs);
    rec.put("out", o.out());
    rec.put("cohort", r.cohort());
    rec.put("patients_scored", r.patients().length);
    var roc = r.auc() == null ? null : r.auc().results().get(r.cohort()).get(r.signature()
        .name());
    rec.put("auc", roc == null ? null : Map.of("horizon", r.auc().horizon(), "auc", roc.auc(),
        "ci_lower", roc.ciLower(), "ci_upper", roc.ciUpper()));
    rec.put("logrank_p", r.km() == null || Double.isNaN(r.km().pValue()) ? null
        : r.km().pValue());
    rec.put("warnings", r.warnings().size());
    rec.put("report", reportPath);
    tables.writeText(OutputMarker.SCORE_RECORD, new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rec) + "\n");
  }
}
