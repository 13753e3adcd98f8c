package org.deltarad.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deltarad.analysis.CohortScoring;
import org.deltarad.analysis.ScoringJob;
import org.deltarad.report.ScoreReport;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.tables.OutputMarker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deltarad score}: a saved or published signature applied to another cohort. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Applies a signature to another cohort's features (external validation):"
        + " risk scores, the cut-off's risk groups and, with --clinical, the time-dependent AUC,"
        + " Kaplan-Meier curves and log-rank test; Parquet tables scores, auc, km, warnings and"
        + " _score_run.json under --out.",
        "With --signature the analysis' saved harmonisation and z-scoring (its training"
            + " parameters) and training cut-off are applied: scoring the analysis' own"
            + " features gives its scores table exactly."})
public final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--signature", paramLabel = "DIR",
      description = "an analysis' signatures table (ANALYSIS/signatures) or output directory")
  String signature;

  @Option(names = "--name", required = true, paramLabel = "NAME",
      description = "the signature: Delta_rad (on deltas, mid - pre) or Pre_rad (on pre values)")
  String name;

  @Option(names = "--coefficients", paramLabel = "CSV",
      description = "published coefficients instead: CSV with columns feature, coefficient")
  String coefficients;

  @Option(names = "--cutoff", paramLabel = "X",
      description = "with --coefficients: the published cut-off on the same score scale"
          + " (high = score > X); without it no groups or Kaplan-Meier curves")
  Double cutoff;

  @Option(names = "--standardize", paramLabel = "HOW",
      description = "where the harmonisation and z-scoring come from: training (the"
          + " --signature analysis' saved parameters; the default with --signature), cohort"
          + " (fitted on the scored cohort, as analyze fits them; the default otherwise) or"
          + " none (raw values)")
  ScoringJob.Standardize standardize;

  @Option(names = "--features", required = true, paramLabel = "DIR",
      description = "the cohort's features table (an extraction job's output)")
  String features;

  @Option(names = "--clinical", paramLabel = "FILE",
      description = "clinical table (CSV or .parquet) for the AUC and Kaplan-Meier curves")
  String clinical;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "output directory (its score tables are replaced)")
  String out;

  @Option(names = "--cohort", paramLabel = "LABEL", defaultValue = "external",
      description = "the cohort column's value in the tables (default: ${DEFAULT-VALUE})")
  String cohort;

  @Option(names = "--conf", paramLabel = "FILE",
      description = "analysis settings YAML: the analysis' own (checked against its _run.json)")
  String conf;

  @Spec
  CommandSpec spec;

  @Mixin
  SparkOptions sparkOptions = new SparkOptions();

  @Override
  public Integer call() throws Exception {
    SparkOptions.requireFile(spec, "--conf", conf);
    checkSignatureOptions();
    Map<String, String> sparkConf = sparkOptions.settings();
    OutputCheck.claim(out, OutputMarker.Kind.SCORE, sparkConf);
    SparkSession spark = SparkSessions.getOrCreate("DeltaRad score", sparkConf);
    CohortScoring.Result r = new ScoringJob(spark, AnalyzeCommand.loadSettings(conf)).run(
        new ScoringJob.Options(signature, name, coefficients, cutoff == null ? Double.NaN
            : cutoff, standardize, features, clinical, out, cohort), ScoreReport::render);
    System.out.printf(Locale.ROOT, "%s: %d patient(s) scored (%s)%n", r.signature().name(),
        r.patients().length, r.signature().source());
    if (r.auc() != null) {
      var roc = r.auc().results().get(r.cohort()).get(r.signature().name());
      System.out.printf(Locale.ROOT, "AUC at %s: %s%n", r.auc().horizon(), roc == null ? "NA"
          : String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", roc.auc(), roc.ciLower(),
              roc.ciUpper()));
    }
    if (r.km() != null) {
      System.out.printf(Locale.ROOT, "log-rank p (high vs low): %.4g%n", r.km().pValue());
    }
    if (!r.warnings().isEmpty()) {
      System.out.printf(Locale.ROOT, "warnings: %d (see %s/warnings)%n", r.warnings().size(),
          out);
    }
    System.out.println("tables: " + out);
    System.out.println("report: " + out + "/report/index.html");
    return 0;
  }

  /**
   * A signature to score (--signature, --coefficients, or published coefficients with a saved
   * analysis' standardisation: both), and --cutoff only with coefficients; exit 2 otherwise.
   */
  private void checkSignatureOptions() {
    String why = null;
    if (signature == null && coefficients == null) {
      why = "give --signature ANALYSIS/signatures or --coefficients FILE.csv";
    } else if (coefficients == null && cutoff != null) {
      why = "--cutoff is for --coefficients; a saved signature is split at its training cut-off";
    }
    if (why != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), why);
    }
  }
}
