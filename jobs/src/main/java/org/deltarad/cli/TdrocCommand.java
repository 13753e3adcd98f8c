package org.deltarad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deltarad.stats.RightCensoredSample;
import org.deltarad.stats.SurvivalRoc;
import org.deltarad.stats.TimeDependentRoc;
import org.deltarad.tables.CsvTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deltarad tdroc}: time-dependent AUC of one marker at a horizon (timeROC IPCW estimate
 * with iid SE and 95% CI) plus survivalROC's KM AUC and Youden cut-off, as JSON on stdout.
 */
@Command(name = "tdroc", mixinStandardHelpOptions = true,
    description = "Time-dependent ROC at a horizon: timeROC AUC (IPCW, iid SE, 95% CI),"
        + " survivalROC KM AUC and Youden cut-off. Prints JSON.")
public final class TdrocCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--input", required = true,
      description = "CSV file with a header row (local path or any Hadoop file system URI)")
  String input;

  @Option(names = "--time", required = true, description = "column of follow-up times")
  String timeColumn;

  @Option(names = "--event", required = true, description = "column of event indicators (1/0)")
  String eventColumn;

  @Option(names = "--marker", required = true,
      description = "column of the marker (larger = higher risk)")
  String markerColumn;

  @Option(names = "--horizon", required = true,
      description = "prediction horizon, in the unit of --time (e.g. 60 months)")
  double horizon;

  @Override
  public Integer call() throws IOException {
    if (!Double.isFinite(horizon) || horizon <= 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--horizon must be a positive number, got " + horizon);
    }
    CsvTable csv = CsvTable.read(input);
    double[] time = csv.times(timeColumn);
    int[] event = csv.events(eventColumn);
    double[] marker = csv.numbers(markerColumn);
    int n = csv.size();
    // checks that there are at least 2 subjects
    RightCensoredSample sample = new RightCensoredSample(time, event, input);
    TimeDependentRoc.Result roc = TimeDependentRoc.compute(sample, marker, horizon);
    SurvivalRoc.Result km = SurvivalRoc.km(sample, marker, horizon);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("marker", markerColumn);
    out.put("horizon", horizon);
    out.put("n", n);
    out.put("auc", roc.auc());
    out.put("se", roc.se());
    out.put("ci_lower", roc.ciLower());
    out.put("ci_upper", roc.ciUpper());
    out.put("cases", roc.cases());
    out.put("controls", roc.controls());
    out.put("censored", roc.censored());
    out.put("survivalroc_auc", km.auc());
    // -Infinity (no cut beats chance) is written as the string "-Infinity"
    out.put("youden_cutoff", km.youdenCutoff());
    PrintWriter w = spec.commandLine().getOut();
    w.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(out));
    w.flush();
    return 0;
  }
}
