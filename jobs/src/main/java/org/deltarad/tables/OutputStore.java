package org.deltarad.tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output directory of the extraction job and its commit protocol.
 *
 * <pre>
 * DIR/features/settings_hash=H/timepoint=T/part-*.parquet   one row per volume
 * DIR/errors/settings_hash=H/part-*.parquet                 one row per failed volume
 * DIR/_run.json, DIR/_runs/RUN_ID.json                      run summaries (latest, history)
 * DIR/_staging/RUN_ID/...                                   work area of a run in progress
 * DIR/_deltarad.json, DIR/_lease.json                       ownership marker, lease
 * DIR/_lease.json.takeover                                  while a stale lease is taken over
 * </pre>
 *
 * The first run for a settings hash writes each complete table under
 * {@code _staging/RUN_ID/<table>}, then a {@code _COMMIT} marker, then swaps each table into
 * place by directory renames (the old one is moved aside first, then deleted); compaction
 * commits so too. A later run stages only its new rows and the keys they replace, each table as
 * a delta ({@link IncrementalTable}), and its commit moves each delta into the live table's
 * {@code _deltas} with one rename: a re-run costs what its new rows cost, not a rewrite, and a
 * run that changes nothing commits nothing. Readers never see a partial table: Spark skips
 * paths starting with {@code _}, a delta is complete when it appears, and a table directory is
 * either the old or the new one (a full swap has a moment between the two renames, and a kill
 * there leaves the table absent until the next run completes the commit). (On HDFS a rename is
 * atomic; on object stores such as S3 it is a copy, so there use a committer-backed table
 * format.)
 *
 * <p>A run holds the directory's {@link Lease} from its start to its end, so runs on one DIR
 * never overlap: what a run reads as the live table at its start is still the live table when
 * it commits, and its commit loses no other run's rows. Recovery, at the start of every run
 * (under the lease, so no other run is live): a staging directory with {@code _COMMIT} was
 * interrupted while swapping, and the swap is completed (it holds the complete merged tables);
 * one with only the {@code _OWNER} file a run writes first is an interrupted run's, and is
 * deleted; anything else under {@code _staging} was not written by DeltaRad and is left alone.
 */
public final class OutputStore {
  public static final List<String> TABLES = List.of("features", "errors");
  private static final String COMMIT = "_COMMIT";
  private static final String OWNER = "_OWNER";
  private static final String FULL = "full";
  /**
   * Test hook: with this system property set to a file path, {@link #commit} creates that file
   * after moving the live features table aside (a whole swap) or after moving the features
   * delta in (before the errors delta), and then waits forever, so that a test can kill the
   * JVM in the middle of a commit.
   */
  static final String PAUSE_IN_SWAP = "deltarad.test.pauseInSwap";
  private final Path root;
  private final FileSystem fs;

  public OutputStore(String dir, Configuration conf) throws IOException {
    Path p = new Path(dir);
    this.fs = p.getFileSystem(conf);
    this.root = fs.makeQualified(p);
  }

  public Path root() {
    return root;
  }

  public FileSystem fs() {
    return fs;
  }

  /** The live directory of a table for a settings hash. */
  public Path table(String table, String settingsHash) {
    return new Path(new Path(root, table), "settings_hash=" + settingsHash);
  }

  public Path staging(String runId) {
    return new Path(new Path(root, "_staging"), runId);
  }

  public Path staged(String runId, String table) {
    return new Path(staging(runId), table);
  }

  public boolean exists(Path p) throws IOException {
    return fs.exists(p);
  }

  /** Creates a run's staging area, owned: {@link #recover} removes only owned ones. */
  public void beginStaging(String runId) throws IOException {
    fs.mkdirs(staging(runId));
    writeString(new Path(staging(runId), OWNER), runId);
  }

  /**
   * Finishes committed swaps and deletes interrupted runs' staging areas; leaves alone what a
   * run did not create. Call only while holding the lease.
   */
  public void recover(Consumer<String> log) throws IOException {
    Path stagingRoot = new Path(root, "_staging");
    if (!fs.exists(stagingRoot)) {
      return;
    }
    for (FileStatus s : fs.listStatus(stagingRoot)) {
      Path marker = new Path(s.getPath(), COMMIT);
      String name = s.getPath().getName();
      if (s.isDirectory() && fs.exists(marker)) {
        log.accept("completing the interrupted commit of run " + name);
        swap(s.getPath(), readString(marker));
      } else if (s.isDirectory() && fs.exists(new Path(s.getPath(), OWNER))) {
        log.accept("removing the partial output of interrupted run " + name);
      } else {
        if (!name.startsWith(".")) {
          log.accept("leaving " + s.getPath() + " alone: not written by a DeltaRad run");
        }
        continue;
      }
      fs.delete(s.getPath(), true);
    }
  }

  /** Deletes a failed run's staging area, unless its commit began (recovery finishes that). */
  public void abandon(String runId) throws IOException {
    Path st = staging(runId);
    if (fs.exists(new Path(st, OWNER)) && !fs.exists(new Path(st, COMMIT))) {
      fs.delete(st, true);
    }
  }

  /**
   * Moves a run's staged tables into place (see the class comment): as deltas when
   * {@code incremental} and the live table exists, else whole.
   */
  public void commit(String runId, String settingsHash, boolean incremental) throws IOException {
    Path st = staging(runId);
    if (!fs.exists(new Path(st, OWNER))) {
      throw new IOException("staging area " + st + " of run " + runId + " is gone or not"
          + " this run's; nothing committed");
    }
    List<Path> live = new ArrayList<>();
    for (String t : TABLES) {
      live.add(table(t, settingsHash));
    }
    String how = incremental ? IncrementalTable.nextDelta(fs, live, runId) : FULL;
    writeString(new Path(st, COMMIT), settingsHash + "\n" + how);
    swap(st, settingsHash + "\n" + how);
    fs.delete(st, true);
  }

  /** Swaps every staged table in; whole, as before, when the marker names no delta. */
  private void swap(Path st, String marker) throws IOException {
    String[] m = marker.trim().split("\n");
    String settingsHash = m[0].trim();
    String delta = m.length > 1 && !m[1].trim().equals(FULL) ? m[1].trim() : null;
    for (String t : TABLES) {
      Path staged = new Path(st, t);
      if (!fs.exists(staged)) {
        continue; // already swapped before an interruption, or not staged (nothing changed)
      }
      Path live = table(t, settingsHash);
      if (delta != null && fs.exists(live)) {
        Path deltas = new Path(live, IncrementalTable.DELTAS);
        fs.mkdirs(deltas);
        rename(staged, new Path(deltas, delta));
        pauseForTest(t);
        continue;
      }
      Path old = new Path(st, "old-" + t);
      if (fs.exists(live)) {
        if (fs.exists(old)) {
          fs.delete(old, true);
        }
        rename(live, old);
        pauseForTest(t);
      }
      fs.mkdirs(live.getParent());
      rename(staged, live);
      fs.delete(old, true);
    }
  }

  private static void pauseForTest(String table) throws IOException {
    String file = System.getProperty(PAUSE_IN_SWAP);
    if (file == null || !table.equals("features")) {
      return;
    }
    java.nio.file.Files.writeString(java.nio.file.Path.of(file), "paused");
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted in the swap test hook");
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  /** Writes a small file atomically (temporary name, then rename over the old one). */
  public void writeAtomically(Path p, String content) throws IOException {
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    writeString(tmp, content);
    if (fs.exists(p)) {
      fs.delete(p, false);
    }
    rename(tmp, p);
  }

  public void writeString(Path p, String content) throws IOException {
    try (OutputStream out = fs.create(p, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  public String readString(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Settings hashes that have a features table, sorted. */
  public List<String> settingsHashes() throws IOException {
    List<String> out = new ArrayList<>();
    Path f = new Path(root, "features");
    if (fs.exists(f)) {
      for (FileStatus s : fs.listStatus(f)) {
        String n = s.getPath().getName();
        if (s.isDirectory() && n.startsWith("settings_hash=")) {
          out.add(n.substring("settings_hash=".length()));
        }
      }
    }
    out.sort(null);
    return out;
  }
}
