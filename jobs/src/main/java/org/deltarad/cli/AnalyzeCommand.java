package org.deltarad.cli;

import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deltarad.analysis.AnalysisRun;
import org.deltarad.analysis.CohortAnalysisJob;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettingsParser;
import org.deltarad.report.CohortReport;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.tables.OutputMarker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deltarad analyze}: the cohort analysis alone, on an existing features table. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = {"Runs the cohort analysis (harmonization, ICC filter, deltas, split,"
        + " LASSO-Cox signatures, ROC, survival, tests) on a features table and writes every"
        + " table as Parquet plus report/index.html under --out."})
public final class AnalyzeCommand implements Callable<Integer> {
  @Option(names = "--features", required = true, paramLabel = "DIR",
      description = "the extraction job's features table (Parquet directory)")
  String features;

  @Option(names = "--clinical", required = true, paramLabel = "FILE",
      description = "clinical table, CSV with header or .parquet")
  String clinical;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "output directory: new, empty, or an earlier analyze output (its tables"
          + " are replaced)")
  String out;

  @Option(names = "--dice", paramLabel = "DIR",
      description = "the dice command's output (its dice table), reported as median (IQR) per"
          + " time point (default: the features directory's dice table, when there is one)")
  String dice;

  @Option(names = "--conf", paramLabel = "FILE",
      description = "analysis settings YAML (default: the paper's, as in conf/analysis.yaml)")
  String conf;

  @Mixin
  SparkOptions sparkOptions = new SparkOptions();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SparkOptions.requireFile(spec, "--conf", conf);
    AnalysisSettings settings = loadSettings(conf);
    Map<String, String> sparkConf = sparkOptions.settings();
    OutputCheck.claim(out, OutputMarker.Kind.ANALYSIS, sparkConf);
    SparkSession spark = SparkSessions.getOrCreate("DeltaRad analyze", sparkConf);
    print(new CohortAnalysisJob(spark, settings).run(features, clinical, dice, out,
        CohortReport::render));
    return 0;
  }

  static AnalysisSettings loadSettings(String path) throws Exception {
    if (path == null) {
      return AnalysisSettings.defaults();
    }
    try (InputStream in = new FileInputStream(path)) {
      return AnalysisSettingsParser.parse(in, path);
    } catch (java.io.FileNotFoundException ex) {
      throw new IllegalArgumentException(path + ": configuration file not found");
    }
  }

  static void print(AnalysisRun run) {
    var r = run.result();
    System.out.printf(Locale.ROOT, "patients: %d (training %d, validation %d)%n",
        r.matrix().size(), r.split().trainingRows().length, r.split().validationRows().length);
    System.out.printf(Locale.ROOT, "features: %d extracted, %d %s%n", r.featuresIn(),
        r.selected().size(), r.settings().icc().enabled() ? "robust (ICC)"
            : "kept (ICC filter disabled)");
    r.signatures().forEach(s -> {
      System.out.printf(Locale.ROOT, "%s: %d feature(s)%n", s.name(), s.coefficients().size());
      s.coefficients().forEach((f, b) -> System.out.printf(Locale.ROOT, "  %-55s %+.4f%n", f,
          b));
    });
    System.out.print("validation AUC:");
    r.auc().validationAuc().forEach((m, a) -> System.out.printf(Locale.ROOT, " %s %s;", m,
        r.auc().notes().containsKey(m) ? r.auc().notes().get(m) : String.format(Locale.ROOT,
            "%.3f", a)));
    System.out.println();
    if (run.dice() != null) {
      System.out.print("reader Dice, median (IQR):");
      run.dice().timepoints().forEach(d -> System.out.printf(Locale.ROOT,
          " %s %.2f (%.2f-%.2f), n = %d;", d.timepoint(), d.median(), d.q1(), d.q3(), d.n()));
      System.out.println();
    }
    if (!r.warnings().isEmpty()) {
      System.out.printf(Locale.ROOT, "warnings: %d (see %s/warnings)%n", r.warnings().size(),
          run.out());
    }
    System.out.println("tables: " + run.out());
    System.out.println("report: " + run.out() + "/report/index.html");
  }
}
