package org.deltarad.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Marks a directory as a DeltaRad output ({@code DIR/_deltarad.json}: format, format version,
 * kind) and checks an {@code --out} before a job does any work: a path that is a file, a
 * directory that cannot be written, a non-empty directory without the marker (someone else's
 * files) or with the marker of another kind of output are refused with one line naming the
 * directory and the cause. A job writes and deletes only under a directory it has marked, and
 * there only the entries it names; so a user's files are never touched.
 *
 * <p>Directories written before the marker existed are adopted (and said so) when every entry
 * is one the job itself writes and their run record ({@code _run.json}, {@code score}'s
 * {@code _score_run.json}) is a DeltaRad run record.
 */
public final class OutputMarker {
  /** The marker file's name: Spark skips names starting with '_' when it reads a table. */
  public static final String FILE = "_deltarad.json";
  /** Version of the output layout this code writes and reads. */
  public static final int FORMAT_VERSION = 1;
  private static final String FORMAT = "deltarad-output";

  /** The score job's run record. */
  public static final String SCORE_RECORD = "_score_run.json";
  /** The dice job's run record; dice writes into an extraction output, beside its tables. */
  public static final String DICE_RECORD = "_dice_run.json";

  /** What a directory holds; a job refuses the other kinds. */
  public enum Kind {
    /** The extraction job's tables, and the dice job's beside them (same manifest). */
    EXTRACTION("an extraction", List.of("_run.json", DICE_RECORD), Set.of("features", "errors",
        "_run.json", "_runs", "_staging", "dice", "dice_errors", DICE_RECORD)),
    ANALYSIS("an analysis", List.of("_run.json"), analysisEntries()),
    SCORE("a score", List.of(SCORE_RECORD), scoreEntries());

    private final String label;
    private final String article;
    /** The run records jobs of this kind write (one marks an earlier version's output). */
    private final List<String> records;
    private final Set<String> entries;

    Kind(String named, List<String> records, Set<String> entries) {
      this.article = named.substring(0, named.indexOf(' '));
      this.label = named.substring(named.indexOf(' ') + 1);
      this.records = records;
      this.entries = entries;
    }

    public String label() {
      return label;
    }

    /** "an extraction", "a score": the label with its article, for messages. */
    String named() {
      return article + " " + label;
    }

    static Kind of(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      return null;
    }
  }

  private OutputMarker() {}

  private static Set<String> scoreEntries() {
    Set<String> s = new HashSet<>(Set.of("report", SCORE_RECORD));
    for (AnalysisTables.Table t : ScoreTables.ALL) {
      s.add(t.name());
    }
    return Set.copyOf(s);
  }

  private static Set<String> analysisEntries() {
    Set<String> s = new java.util.HashSet<>(Set.of("report", "_run.json"));
    for (AnalysisTables.Table t : AnalysisTables.ALL) {
      s.add(t.name());
    }
    return Set.copyOf(s);
  }

  /**
   * Checks {@code dir} as an output of {@code kind} and marks it (creating it if needed);
   * throws {@link OutputDirectoryException} naming the cause when it may not be written.
   * Idempotent: a marked directory of the same kind passes unchanged.
   */
  public static void claim(Configuration conf, String dir, Kind kind, Consumer<String> log)
      throws IOException {
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(conf);
    FileStatus st = status(fs, p);
    if (st != null && !st.isDirectory()) {
      throw refused(dir, "is a file, not a directory");
    }
    Path marker = new Path(p, FILE);
    if (st != null && fs.exists(marker)) {
      checkMarker(fs, marker, dir, kind);
      return;
    }
    if (st != null && !writable(fs, p)) {
      throw refused(dir, "is not writable");
    }
    if (st != null && fs.listStatus(p).length > 0) {
      if (!legacy(fs, p, kind)) {
        throw refused(dir, "is not empty and is not a DeltaRad " + kind.label() + " output (no "
            + FILE + "); DeltaRad writes only into a new or empty directory or its own output");
      }
      log.accept(dir + ": a DeltaRad " + kind.label() + " output of an earlier version;"
          + " marking it (" + FILE + ")");
    }
    try {
      fs.mkdirs(p);
      write(fs, marker, kind);
    } catch (FileAlreadyExistsException ex) {
      checkMarker(fs, marker, dir, kind); // another run marked it at the same moment
    } catch (IOException ex) {
      throw refused(dir, "cannot be written (" + ex.getMessage() + ")");
    }
  }

  /** The kind of output {@code dir} is marked as, or null when it has no marker. */
  public static Kind kindOf(Configuration conf, String dir) throws IOException {
    Path marker = new Path(dir, FILE);
    FileSystem fs = marker.getFileSystem(conf);
    return fs.exists(marker) ? Kind.of(read(fs, marker).path("kind").asText()) : null;
  }

  private static FileStatus status(FileSystem fs, Path p) throws IOException {
    try {
      return fs.getFileStatus(p);
    } catch (FileNotFoundException ex) {
      return null;
    }
  }

  private static void checkMarker(FileSystem fs, Path marker, String dir, Kind kind)
      throws IOException {
    JsonNode m = read(fs, marker);
    if (!FORMAT.equals(m.path("format").asText())) {
      throw refused(dir, "has a " + FILE + " that is not a DeltaRad marker");
    }
    int version = m.path("format_version").asInt(-1);
    if (version > FORMAT_VERSION || version < 1) {
      throw refused(dir, String.format(Locale.ROOT, "is in output format %d; this DeltaRad"
          + " reads format %d (use a matching version or another directory)", version,
          FORMAT_VERSION));
    }
    Kind found = Kind.of(m.path("kind").asText());
    if (found != kind) {
      throw refused(dir, "is a DeltaRad " + m.path("kind").asText() + " output, not "
          + kind.named() + " output; use another directory");
    }
    if (!writable(fs, marker.getParent())) {
      throw refused(dir, "is not writable");
    }
  }

  /** On a local disk as the OS decides (root may write anywhere); elsewhere as Hadoop does. */
  static boolean writable(FileSystem fs, Path dir) {
    if (fs instanceof org.apache.hadoop.fs.LocalFileSystem
        || fs instanceof org.apache.hadoop.fs.RawLocalFileSystem) {
      return java.nio.file.Files.isWritable(java.nio.file.Path.of(fs.makeQualified(dir).toUri()));
    }
    try {
      fs.access(dir, org.apache.hadoop.fs.permission.FsAction.WRITE);
      return true;
    } catch (IOException ex) {
      return false;
    }
  }

  /** Every entry is one the job writes, and its run record is a DeltaRad run record. */
  private static boolean legacy(FileSystem fs, Path p, Kind kind) throws IOException {
    for (FileStatus s : fs.listStatus(p)) {
      if (!kind.entries.contains(s.getPath().getName())) {
        return false;
      }
    }
    for (String record : kind.records) {
      Path run = new Path(p, record);
      if (fs.exists(run)) {
        try {
          if (read(fs, run).hasNonNull("deltarad_version")) {
            return true;
          }
        } catch (IOException ex) {
          // not a DeltaRad run record: try the kind's other record
        }
      }
    }
    return false;
  }

  private static void write(FileSystem fs, Path marker, Kind kind) throws IOException {
    ObjectNode m = new ObjectMapper().createObjectNode();
    m.put("format", FORMAT);
    m.put("format_version", FORMAT_VERSION);
    m.put("kind", kind.label());
    m.put("created", Instant.now().toString());
    try (OutputStream out = fs.create(marker, false)) {
      out.write(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m)
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static JsonNode read(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static OutputDirectoryException refused(String dir, String cause) {
    return new OutputDirectoryException("--out " + dir + " " + cause);
  }

  /** An output directory a job may not write; the message is the one line a user sees. */
  public static final class OutputDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    public OutputDirectoryException(String message) {
      super(message);
    }
  }
}
