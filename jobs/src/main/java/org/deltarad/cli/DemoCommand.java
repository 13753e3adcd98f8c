package org.deltarad.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deltarad.analysis.CohortAnalysisJob;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.extract.ExtractionJob;
import org.deltarad.extract.RadiomicsEngine;
import org.deltarad.extract.RunSummary;
import org.deltarad.report.CohortReport;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.tables.OutputMarker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deltarad demo}: the whole study on the bundled synthetic cohort, on the embedded
 * Spark: extraction, then the cohort analysis, then where to find the tables and the report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs extraction and the cohort analysis on the synthetic cohort in --data"
        + " (generated first, with `synth`, only when it has no manifest.csv) and prints where"
        + " the Parquet tables and report/index.html are."})
public final class DemoCommand implements Callable<Integer> {
  static final String DEFAULT_DATA = "data-samples";

  @Option(names = "--data", paramLabel = "DIR", defaultValue = DEFAULT_DATA,
      description = "cohort directory with manifest.csv and clinical.csv (default: ${DEFAULT-VALUE})")
  String data;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/demo",
      description = "output directory (default: ${DEFAULT-VALUE})")
  String out;

  @Option(names = "--params", paramLabel = "YAML",
      description = "PyRadiomics parameter file (default: conf/paper-t2w.yaml of the DeltaRad"
          + " installation)")
  String params;

  @Option(names = "--conf", paramLabel = "FILE",
      description = "analysis settings YAML (default: the paper's, as conf/analysis.yaml)")
  String conf;

  @Option(names = "--patients", paramLabel = "N", defaultValue = "80",
      description = "patients to generate when --data has no cohort (default: ${DEFAULT-VALUE})")
  int patients;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "seed for a generated cohort (default: ${DEFAULT-VALUE})")
  long seed;

  @Spec
  CommandSpec spec;

  /**
   * The cohort directory: only the default is looked up in the installation; a directory the
   * user names is read (or generated) where they pointed, never a same-named one elsewhere.
   */
  static String cohortDir(String data) {
    return data.equals(DEFAULT_DATA) ? Installation.fromHome(data) : data;
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    SparkOptions.requireFile(spec, "--conf", conf);
    data = cohortDir(data);
    params = params != null ? params
        : Installation.defaultFile("conf/paper-t2w.yaml", "--params");
    String extracted = Path.of(out, "extraction").toAbsolutePath().toString();
    String analysis = Path.of(out, "analysis").toAbsolutePath().toString();
    OutputCheck.claim(extracted, OutputMarker.Kind.EXTRACTION, java.util.Map.of());
    OutputCheck.claim(analysis, OutputMarker.Kind.ANALYSIS, java.util.Map.of());
    Path dir = Path.of(data);
    if (!Files.exists(dir.resolve("manifest.csv"))) {
      System.err.println("deltarad: no cohort in " + dir + "; generating " + patients
          + " synthetic patients (seed " + seed + ")");
      // the data-samples settings (data-samples/README.md)
      int rc = Main.run("synth", "--patients", Integer.toString(patients), "--out", data,
          "--seed", Long.toString(seed), "--size", "64x64x12", "--event-fraction", "0.40");
      if (rc != 0) {
        return rc;
      }
    }
    if (!new File(params).isFile()) {
      throw new IllegalArgumentException(params + ": parameter file not found");
    }
    AnalysisSettings settings = AnalyzeCommand.loadSettings(conf);
    SparkSession spark = SparkSessions.getOrCreate("DeltaRad demo", new LinkedHashMap<>());
    RadiomicsEngine engine = RadiomicsEngine.fromFile(params,
        spark.sparkContext().hadoopConfiguration());
    RunSummary run = new ExtractionJob(spark, RadiomicsEngine.READER, engine)
        .run(new ExtractionJob.Options(dir.resolve("manifest.csv").toAbsolutePath().toString(),
            extracted, null, 1.0, false, 5000, params));
    System.out.printf(java.util.Locale.ROOT, "extraction: %d volumes (%d extracted, %d already"
        + " there, %d failed) -> %s%n", run.manifestRows(), run.succeeded(), run.skipped(),
        run.errors(), extracted);
    AnalyzeCommand.print(new CohortAnalysisJob(spark, settings).run(extracted,
        dir.resolve("clinical.csv").toAbsolutePath().toString(), analysis,
        CohortReport::render));
    System.out.printf(java.util.Locale.ROOT, "demo finished in %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
