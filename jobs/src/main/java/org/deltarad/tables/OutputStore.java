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
 * </pre>
 *
 * A run writes each complete new table (previous rows merged with its own) under
 * {@code _staging/RUN_ID/<table>}, then writes a {@code _COMMIT} marker, then swaps each table
 * into place by directory renames (the old one is moved aside first, then deleted). Readers never
 * see a partial table: Spark skips paths starting with {@code _}, and a table directory is either
 * the old or the new one. (On HDFS a rename is atomic; on object stores such as S3 it is a copy,
 * so there use a committer-backed table format or a single-writer convention.)
 *
 * <p>Recovery, at the start of every run: a staging directory without {@code _COMMIT} is an
 * interrupted run and is deleted; one with {@code _COMMIT} was interrupted while swapping, and
 * the swap is completed (it holds the complete merged tables). Runs on one DIR must not overlap.
 */
public final class OutputStore {
  public static final List<String> TABLES = List.of("features", "errors");
  private static final String COMMIT = "_COMMIT";
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

  /** Finishes committed swaps and deletes interrupted runs' staging areas. */
  public void recover(Consumer<String> log) throws IOException {
    Path stagingRoot = new Path(root, "_staging");
    if (!fs.exists(stagingRoot)) {
      return;
    }
    for (FileStatus s : fs.listStatus(stagingRoot)) {
      Path marker = new Path(s.getPath(), COMMIT);
      if (fs.exists(marker)) {
        String hash = readString(marker).trim();
        log.accept("completing the interrupted commit of run " + s.getPath().getName());
        swap(s.getPath(), hash);
      } else {
        log.accept("removing the partial output of interrupted run " + s.getPath().getName());
      }
      fs.delete(s.getPath(), true);
    }
  }

  /** Swaps a run's staged tables into place; see the class comment. */
  public void commit(String runId, String settingsHash) throws IOException {
    Path st = staging(runId);
    writeString(new Path(st, COMMIT), settingsHash);
    swap(st, settingsHash);
    fs.delete(st, true);
  }

  private void swap(Path st, String settingsHash) throws IOException {
    for (String t : TABLES) {
      Path staged = new Path(st, t);
      if (!fs.exists(staged)) {
        continue; // already swapped before an interruption
      }
      Path live = table(t, settingsHash);
      Path old = new Path(st, "old-" + t);
      if (fs.exists(live)) {
        if (fs.exists(old)) {
          fs.delete(old, true);
        }
        rename(live, old);
      }
      fs.mkdirs(live.getParent());
      rename(staged, live);
      fs.delete(old, true);
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
