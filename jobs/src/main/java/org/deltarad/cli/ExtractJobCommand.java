package org.deltarad.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deltarad.extract.ExtractionJob;
import org.deltarad.extract.RadiomicsEngine;
import org.deltarad.extract.RunSummary;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.tables.Lease;
import org.deltarad.tables.OutputMarker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deltarad extract-job}: the Spark extraction job (features and errors tables as
 * Parquet). The cluster wrapper {@code spark-submit/extract-features.sh} runs the same options.
 */
@Command(name = "extract-job", mixinStandardHelpOptions = true,
    description = {"Extract radiomics features of every volume of a manifest on Spark, into"
        + " Parquet tables DIR/features and DIR/errors, plus DIR/_run.json (printed on stdout).",
        "Re-runs skip volumes already extracted with the same contents and settings and commit"
            + " only their new rows (`compact` folds them). DIR must be new, empty or an earlier"
            + " extract-job output; one run at a time holds it. Exit code 0 unless the error"
            + " fraction exceeds --max-error-fraction (or every volume failed)."})
public final class ExtractJobCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--manifest", required = true, paramLabel = "M",
      description = "manifest, CSV (.csv, .csv.gz, .tsv) or Parquet: patient_id, timepoint,"
          + " reader, image, mask [, label, sidecar, manufacturer, field_strength, tr, te,"
          + " flip_angle, slice_thickness, nex]; paths relative to the manifest or Hadoop URIs")
  String manifest;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
  String out;

  @Option(names = "--params", paramLabel = "YAML",
      description = "PyRadiomics parameter file, local or a Hadoop URI (default:"
          + " conf/paper-t2w.yaml of the DeltaRad installation)")
  String params;

  @Option(names = "--partitions", paramLabel = "N",
      description = "partitions (tasks) for the volumes (default: 4 x cores, at most ~100"
          + " volumes per task)")
  Integer partitions;

  @Option(names = "--max-error-fraction", paramLabel = "F", defaultValue = "1.0",
      description = "fail (exit 1) when failed volumes / manifest rows exceeds F; a run where"
          + " every volume failed always fails (default: ${DEFAULT-VALUE})")
  double maxErrorFraction;

  @Option(names = "--recompute", description = "extract every volume again (same settings"
      + " hash), e.g. after a DeltaRad upgrade")
  boolean recompute;

  @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "5",
      description = "at most one progress line per SECONDS, >= 0 (0: a line per task;"
          + " default: ${DEFAULT-VALUE})")
  double progressInterval;

  @Mixin
  SparkOptions spark = new SparkOptions();

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
      description = "when another run holds --out, wait up to SECONDS for it (default:"
          + " ${DEFAULT-VALUE}: fail at once)")
  double waitSeconds;

  @Option(names = "--stale-lease", paramLabel = "SECONDS", defaultValue = "120",
      description = "take over the lease of a run on another host that sent no heartbeat for"
          + " SECONDS, or for 6 of its heartbeat intervals if longer; at least "
          + MIN_STALE_SECONDS + " (a run on this host, in this pid namespace: at once when its"
          + " process is gone, never while it lives; default: ${DEFAULT-VALUE})")
  double staleSeconds;

  /**
   * The shortest --stale-lease: a silence shorter than this is no sign of death (a GC pause, a
   * slow file system) and host clocks must agree to well within it.
   */
  static final int MIN_STALE_SECONDS = 10;

  /** The old spelling of --spark-conf, refused with a pointer to the new one. */
  @Option(names = "--conf", hidden = true)
  List<String> oldConf = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (maxErrorFraction < 0 || maxErrorFraction > 1 || Double.isNaN(maxErrorFraction)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--max-error-fraction must be in [0, 1], got " + maxErrorFraction);
    }
    if (partitions != null && partitions < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--partitions must be at least 1, got " + partitions);
    }
    if (!oldConf.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--conf " + oldConf.get(0) + ": Spark settings are --spark-conf KEY=VALUE");
    }
    if (!(progressInterval >= 0)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--progress-interval must be >= 0 seconds, got " + progressInterval);
    }
    if (!(waitSeconds >= 0)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--wait must be >= 0 seconds, got " + waitSeconds);
    }
    if (!(staleSeconds >= MIN_STALE_SECONDS)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--stale-lease must be at least " + MIN_STALE_SECONDS + " seconds, got "
              + staleSeconds);
    }
    Lease.Policy lease = new Lease.Policy(Duration.ofMillis(Math.round(waitSeconds * 1000)),
        Duration.ofMillis(Math.round(staleSeconds * 1000)));
    Map<String, String> settings = spark.settings();
    if (params == null) {
      params = Installation.defaultFile("conf/paper-t2w.yaml", "--params");
    }
    // settings first: a bad --params file is refused before --out is claimed (and marked)
    RadiomicsEngine engine = RadiomicsEngine.fromFile(params, OutputCheck.hadoopConf(settings));
    OutputCheck.claim(out, OutputMarker.Kind.EXTRACTION, settings);
    SparkSession session = SparkSessions.getOrCreate("DeltaRad extract-job", settings);
    RunSummary s = new ExtractionJob(session, RadiomicsEngine.READER, engine)
        .run(new ExtractionJob.Options(manifest, out, partitions, maxErrorFraction, recompute,
            Math.round(progressInterval * 1000), params, lease));
    spec.commandLine().getOut().print(s.toJson());
    spec.commandLine().getOut().flush();
    if (s.exceedsErrorBudget()) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT,
          "%d of %d manifest rows failed (%.1f%%, --max-error-fraction %s); see %s/errors",
          s.errors(), s.manifestRows(), 100 * s.errorFraction(), maxErrorFraction, s.out()));
    }
    return 0;
  }
}
