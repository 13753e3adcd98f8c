package org.deltarad.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deltarad.extract.Compaction;
import org.deltarad.tables.Lease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deltarad compact}: folds an extraction output's incremental commits into one table. */
@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {"Rewrites each table of an extraction output (features, errors) as one"
        + " table, folding in the incremental commits of later runs; the rows stay the same."
        + " Needs no Spark; holds the output's lease like a run."})
public final class CompactCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "the extraction job's output directory")
  String out;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
      description = "when a run holds --out, wait up to SECONDS for it (default: ${DEFAULT-VALUE})")
  double waitSeconds;

  @Override
  public Integer call() throws Exception {
    if (!(waitSeconds >= 0)) {
      throw new ParameterException(spec.commandLine(), "--wait must be >= 0, got "
          + waitSeconds);
    }
    Lease.Policy policy = new Lease.Policy(Duration.ofMillis(Math.round(waitSeconds * 1000)),
        Lease.Policy.DEFAULT.staleAfter());
    Map<String, String> none = new LinkedHashMap<>();
    Compaction.run(OutputCheck.hadoopConf(none), out, policy,
        msg -> System.err.println("deltarad: " + msg));
    return 0;
  }
}
