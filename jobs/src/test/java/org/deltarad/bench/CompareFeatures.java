package org.deltarad.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deltarad.tables.FeaturesTable;
import org.deltarad.tables.ParquetFiles;

/**
 * Are two extraction outputs the same numbers? Reads the {@code features} tables of two
 * {@code extract-job} output directories and compares every feature value of every (patient,
 * timepoint, reader) bit for bit ({@link Double#doubleToRawLongBits}), plus the row keys, and the
 * {@code errors} tables' keys and messages. Prints one line and exits 1 on any difference: the
 * check that a speed change left the values alone.
 *
 * <pre>java -cp ... org.deltarad.bench.CompareFeatures OUT_A OUT_B</pre>
 */
public final class CompareFeatures {
  private CompareFeatures() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    Map<String, Object[]> a = byKey(ParquetFiles.read(conf, args[0] + "/features"));
    Map<String, Object[]> b = byKey(ParquetFiles.read(conf, args[1] + "/features"));
    ParquetFiles.Table ta = ParquetFiles.read(conf, args[0] + "/features");
    List<String> cols = ta.columns();
    ParquetFiles.Table tb = ParquetFiles.read(conf, args[1] + "/features");
    int cells = 0;
    int differ = 0;
    String first = null;
    if (!a.keySet().equals(b.keySet())) {
      differ++;
      first = "row keys differ: " + a.size() + " against " + b.size() + " rows";
    }
    for (Map.Entry<String, Object[]> e : a.entrySet()) {
      Object[] other = b.get(e.getKey());
      if (other == null) {
        continue;
      }
      for (int i = 0; i < cols.size(); i++) {
        if (!FeaturesTable.isFeatureColumn(cols.get(i))) {
          continue;
        }
        int j = tb.column(cols.get(i));
        cells++;
        Object x = e.getValue()[i];
        Object y = j < 0 ? null : other[j];
        boolean same = x instanceof Double && y instanceof Double
            ? Double.doubleToRawLongBits((Double) x) == Double.doubleToRawLongBits((Double) y)
            : java.util.Objects.equals(x, y);
        if (!same) {
          differ++;
          if (first == null) {
            first = e.getKey() + " " + cols.get(i) + ": " + x + " against " + y;
          }
        }
      }
    }
    String errors = errorsCompared(conf, args[0], args[1]);
    System.out.println("compare: " + a.size() + " rows, " + cells + " feature cells, " + differ
        + " differ" + (first == null ? "" : " (first: " + first + ")") + "; errors " + errors);
    System.exit(differ == 0 && errors.startsWith("same") ? 0 : 1);
  }

  private static Map<String, Object[]> byKey(ParquetFiles.Table t) {
    Map<String, Object[]> out = new HashMap<>();
    int p = t.column("patient_id");
    int tp = t.column("timepoint");
    int r = t.column("reader");
    for (Object[] row : t.rows()) {
      out.put(row[p] + "/" + row[tp] + "/" + row[r], row);
    }
    return out;
  }

  private static String errorsCompared(Configuration conf, String a, String b) throws Exception {
    List<String> ea = errorLines(conf, a);
    List<String> eb = errorLines(conf, b);
    return ea.equals(eb) ? "same (" + ea.size() + " rows)" : "differ: " + ea + " against " + eb;
  }

  private static List<String> errorLines(Configuration conf, String dir) throws Exception {
    ParquetFiles.Table t = ParquetFiles.read(conf, dir + "/errors");
    String[] keep = {"patient_id", "timepoint", "reader", "stage", "error_class", "message"};
    return t.rows().stream().map(row -> {
      StringBuilder s = new StringBuilder();
      for (String k : keep) {
        s.append(row[t.column(k)]).append('|');
      }
      return s.toString();
    }).sorted().toList();
  }
}
