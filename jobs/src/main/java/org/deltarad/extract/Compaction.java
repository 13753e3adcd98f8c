package org.deltarad.extract;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deltarad.tables.FeaturesTable;
import org.deltarad.tables.IncrementalTable;
import org.deltarad.tables.Lease;
import org.deltarad.tables.OutputMarker;
import org.deltarad.tables.OutputStore;
import org.deltarad.tables.ParquetFiles;

/**
 * {@code deltarad compact}: folds the deltas of every table of an extraction output into a new
 * base ({@link IncrementalTable}), with the files, order and layout a single run writes, and
 * commits it whole under the directory's lease. The table's rows do not change, only their
 * files. Runs on the driver (the tables are read there).
 */
public final class Compaction {
  /** One table compacted: its settings hash, name, deltas folded and rows. */
  public record Result(String settingsHash, String table, int deltas, long rows) {}

  private Compaction() {}

  public static List<Result> run(Configuration conf, String out, Lease.Policy policy,
      Consumer<String> log) throws IOException {
    if (OutputMarker.kindOf(conf, out) != OutputMarker.Kind.EXTRACTION) {
      throw new OutputMarker.OutputDirectoryException("--out " + out
          + " is not a DeltaRad extraction output (no " + OutputMarker.FILE + " of that kind)");
    }
    OutputStore store = new OutputStore(out, conf);
    String runId = "compact-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
        .withZone(ZoneOffset.UTC).format(Instant.now()) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    List<Result> done = new ArrayList<>();
    try (Lease lease = Lease.acquire(store.fs(), store.root(), runId, policy, log)) {
      store.recover(log);
      for (String hash : store.settingsHashes()) {
        Path features = store.table("features", hash);
        Path errors = store.table("errors", hash);
        int fd = IncrementalTable.deltas(store.fs(), features).size();
        int ed = IncrementalTable.deltas(store.fs(), errors).size();
        if (fd + ed == 0) {
          continue;
        }
        store.beginStaging(runId);
        try {
          DriverTables w = new DriverTables(conf, hash, runId, List.of());
          long fr = stageFeatures(conf, store, features, w, store.staged(runId, "features"));
          long er = store.exists(errors)
              ? stageErrors(conf, store, errors, w, store.staged(runId, "errors")) : 0;
          lease.verify();
          store.commit(runId, hash, false);
          done.add(new Result(hash, "features", fd, fr));
          done.add(new Result(hash, "errors", ed, er));
          log.accept(String.format(Locale.ROOT, "settings hash %s: features %d rows (%d deltas"
              + " folded), errors %d rows (%d deltas folded)", hash, fr, fd, er, ed));
        } finally {
          store.abandon(runId);
        }
      }
    }
    if (done.isEmpty()) {
      log.accept(out + ": nothing to compact");
    }
    return done;
  }

  private static long stageFeatures(Configuration conf, OutputStore store, Path live,
      DriverTables w, Path staged) throws IOException {
    ParquetFiles.Table t = FeaturesTable.readTableOnDriver(conf, store, live,
        FeaturesTable.ORDER);
    List<String> columns = new ArrayList<>(FeaturesTable.FIXED_COLUMNS);
    if (t != null) {
      TreeSet<String> names = new TreeSet<>();
      w.addFeatureColumns(t, names);
      columns.addAll(names);
    }
    List<Object[]> rows = reorder(t, columns);
    w.writeFeaturesTable(columns, rows, staged, store);
    return rows.size();
  }

  private static long stageErrors(Configuration conf, OutputStore store, Path live,
      DriverTables w, Path staged) throws IOException {
    ParquetFiles.Table t = FeaturesTable.readTableOnDriver(conf, store, live,
        ExtractionJob.ERRORS_ORDER);
    List<Object[]> rows = reorder(t, ExtractionJob.ERROR_COLUMNS);
    w.writeErrorsTable(rows, staged);
    return rows.size();
  }

  /** The rows of {@code t} with {@code columns} in that order (null where absent). */
  private static List<Object[]> reorder(ParquetFiles.Table t, List<String> columns) {
    List<Object[]> out = new ArrayList<>();
    if (t == null) {
      return out;
    }
    int[] from = columns.stream().mapToInt(t::column).toArray();
    for (Object[] r : t.rows()) {
      Object[] v = new Object[columns.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = from[i] < 0 ? null : r[from[i]];
      }
      out.add(v);
    }
    return out;
  }
}
