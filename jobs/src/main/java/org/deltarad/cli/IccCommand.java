package org.deltarad.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deltarad.stats.Icc;
import org.deltarad.tables.CsvTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code deltarad icc}: ICC(1) (as ICC::ICCest), ICC(2,1) and ICC(3,1) (as irr::icc, complete
 * subjects only) with 95% bounds, from a long CSV (one row per subject, rater and value).
 */
@Command(name = "icc", mixinStandardHelpOptions = true,
    description = "Intraclass correlation (ICC(1), ICC(2,1), ICC(3,1)) with 95% CIs from a long CSV;"
        + " prints JSON.")
public final class IccCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--input", required = true, description = "CSV file with a header row")
  Path input;

  @Option(names = "--subject", required = true, description = "subject (patient/lesion) column")
  String subjectColumn;

  @Option(names = "--rater", required = true, description = "rater (reader/time point) column")
  String raterColumn;

  @Option(names = "--value", required = true, description = "numeric value column")
  String valueColumn;

  @Override
  public Integer call() throws IOException {
    CsvTable csv = CsvTable.read(input);
    String[] subject = csv.strings(subjectColumn);
    String[] rater = csv.strings(raterColumn);
    double[] value = csv.numbers(valueColumn);
    Icc.Result res;
    try {
      res = Icc.fromLong(subject, rater, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
    }
    ObjectMapper om = new ObjectMapper();
    ObjectNode out = om.createObjectNode();
    put(out, "icc1", res.icc1());
    put(out, "icc2_1", res.icc2_1());
    put(out, "icc3_1", res.icc3_1());
    out.put("subjects", res.subjects());
    out.put("complete_subjects", res.completeSubjects());
    out.put("raters", res.raters());
    spec.commandLine().getOut().println(om.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static void put(ObjectNode out, String key, Icc.Interval iv) {
    ObjectNode o = out.putObject(key);
    o.put("value", iv.value());
    o.put("lower", iv.lower());
    o.put("upper", iv.upper());
  }
}
