package org.deltarad.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deltarad.stats.Quantiles;
import org.deltarad.tables.DiceTables;
import org.deltarad.tables.ParquetFiles;

/**
 * The readers' agreement on the tumour outlines, from the {@code dice} job's table: per time
 * point the number of cases and the median (type-7 quartiles) of the Dice coefficients, as the
 * paper reports it (0.85 pre, 0.57 mid treatment).
 *
 * @param source the dice table read
 */
public record DiceAgreement(String source, List<TimePoint> timepoints) {

  /** One time point: cases, median, quartiles and range of the Dice coefficients. */
  public record TimePoint(String timepoint, int n, double median, double q1, double q3,
      double min, double max) {}

  /**
   * Summarises (patient, time point, Dice) rows; the given time points first, in that order,
   * then any other in sorted order.
   */
  public static DiceAgreement of(String source, List<String> order, List<String> timepoint,
      double[] dice) {
    Map<String, List<Double>> byTp = new TreeMap<>();
    for (int i = 0; i < dice.length; i++) {
      byTp.computeIfAbsent(timepoint.get(i), k -> new ArrayList<>()).add(dice[i]);
    }
    Map<String, List<Double>> ordered = new LinkedHashMap<>();
    order.stream().filter(byTp::containsKey).forEach(t -> ordered.put(t, byTp.get(t)));
    ordered.putAll(byTp);
    List<TimePoint> out = new ArrayList<>();
    ordered.forEach((tp, v) -> {
      double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      out.add(new TimePoint(tp, s.length, Quantiles.type7(s, 0.5), Quantiles.type7(s, 0.25),
          Quantiles.type7(s, 0.75), s[0], s[s.length - 1]));
    });
    return new DiceAgreement(source, out);
  }

  /**
   * Reads the dice table of a {@code dice} run: {@code DIR/dice} when present, else DIR itself.
   *
   * @param required false to return null when there is no table (the features directory is
   *     looked at in passing); true to fail naming the path
   */
  public static DiceAgreement read(Configuration conf, String dir, List<String> order,
      boolean required) throws IOException {
    Path root = new Path(dir);
    FileSystem fs = root.getFileSystem(conf);
    Path table = new Path(root, DiceTables.DICE.name());
    if (!fs.exists(table)) {
      if (!required || !fs.exists(root)) {
        if (required) {
          throw new IllegalArgumentException("--dice " + dir + ": no such directory");
        }
        return null;
      }
      table = root;
    }
    ParquetFiles.Table t = ParquetFiles.read(conf, table.toString());
    for (String c : List.of("timepoint", "dice")) {
      if (!t.columns().contains(c)) {
        throw new IllegalArgumentException(table + ": not a dice table (no column " + c
            + "; the dice command writes DIR/dice)");
      }
    }
    int tpAt = t.column("timepoint");
    int diceAt = t.column("dice");
    List<String> tps = new ArrayList<>();
    double[] dice = new double[t.rows().size()];
    int n = 0;
    for (Object[] r : t.rows()) {
      if (r[diceAt] instanceof Number d && r[tpAt] != null) {
        tps.add(String.valueOf(r[tpAt]));
        dice[n++] = d.doubleValue();
      }
    }
    if (n == 0) {
      if (!required) {
        return null;
      }
      throw new IllegalArgumentException(table + ": the dice table has no rows (see the"
          + " dice_errors table beside it)");
    }
    return of(table.toString(), order, tps, Arrays.copyOf(dice, n));
  }
}
