package org.deltarad.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deltarad.extract.DiceJob;
import org.deltarad.extract.RadiomicsEngine;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.tables.OutputMarker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deltarad dice}: the Dice coefficient of the two readers' masks of every patient and
 * time point of a manifest outlined by both (Parquet tables DIR/dice and DIR/dice_errors).
 * {@code --out} is claimed as an extraction output before Spark starts ({@link OutputCheck}):
 * the tables go beside the features, and a directory of other files is refused untouched.
 */
@Command(name = "dice", mixinStandardHelpOptions = true,
    description = {"Inter-reader agreement: the Dice coefficient of both readers' masks for every"
        + " patient and time point of the manifest with a mask of each, into Parquet tables"
        + " DIR/dice and DIR/dice_errors, plus DIR/_dice_run.json (printed on stdout).",
        "Give the extraction job's --out as DIR and `analyze` reports the Dice median (IQR)"
            + " per time point; exit code 0 unless no case could be compared."})
public final class DiceCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--manifest", required = true, paramLabel = "M",
      description = "the extraction manifest (CSV or Parquet: patient_id, timepoint, reader,"
          + " mask [, label]; other columns ignored)")
  String manifest;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory:"
      + " new, empty, or a DeltaRad extraction output (its dice tables are replaced; nothing else"
      + " there is touched)")
  String out;

  @Option(names = "--readers", paramLabel = "A,B", split = ",", defaultValue = "1,2",
      description = "the two readers compared, as in the manifest's reader column (default:"
          + " ${DEFAULT-VALUE}, the primary and second reader of conf/analysis.yaml)")
  String[] readers;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Spark tasks (default: 4 x cores, at most one per case)")
  Integer partitions;

  @Mixin
  SparkOptions spark = new SparkOptions();

  @Override
  public Integer call() throws Exception {
    if (readers.length != 2) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--readers takes two readers, A,B; got " + readers.length);
    }
    if (partitions != null && partitions < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--partitions must be at least 1, got " + partitions);
    }
    Map<String, String> settings = spark.settings();
    OutputCheck.claim(out, OutputMarker.Kind.EXTRACTION, settings);
    SparkSession session = SparkSessions.getOrCreate("DeltaRad dice", settings);
    DiceJob.Summary s = new DiceJob(session, RadiomicsEngine.READER).run(new DiceJob.Options(
        manifest, out, readers[0].trim(), readers[1].trim(), partitions));
    spec.commandLine().getOut().print(s.toJson());
    spec.commandLine().getOut().flush();
    if (s.compared() == 0) {
      throw new IllegalStateException("none of the " + s.pairs() + " cases with both readers"
          + " could be compared; see " + s.out() + "/dice_errors");
    }
    return 0;
  }
}
