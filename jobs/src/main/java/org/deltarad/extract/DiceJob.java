package org.deltarad.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deltarad.extract.StageException.Stage;
import org.deltarad.image.Image3D;
import org.deltarad.image.VolumeShape;
import org.deltarad.runtime.SerializableConf;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.runtime.Version;
import org.deltarad.tables.DiceTables;
import org.deltarad.tables.Lease;
import org.deltarad.tables.OutputMarker;
import org.deltarad.tables.ParquetTables;

/**
 * Inter-reader agreement of the tumour outlines: for every patient and time point of the
 * manifest with a mask of both readers, the Dice coefficient of the two masks
 * ({@link MaskOverlap}), one Spark task per batch of cases (each reads two masks). A case that
 * cannot be compared (a mask unreadable, without its label, or of another geometry than the other
 * reader's) is one row of {@code dice_errors} naming the case and the cause, as the extraction
 * job's errors table does. Writes {@link DiceTables} and {@code _dice_run.json} under the output
 * directory, on the driver: one row per case is small.
 *
 * <p>The output directory is claimed as an extraction output ({@link OutputMarker}: new, empty,
 * or already one), since the tables are meant to go beside the features, and held by its
 * {@link Lease} while the job runs: a directory of someone else's files, or an analysis or score
 * output, is refused before anything is read, and only the dice entries are ever replaced.
 *
 * <p>Like the extraction job's volumes, a pair of masks is priced from their headers against
 * the {@link VolumeBudget} before decoding, and an {@link OutOfMemoryError} while comparing it is
 * that case's error row: one oversized mask must not end the job and lose every other case.
 *
 * <p>The manifest is the extraction job's ({@link Manifest}); rows of other readers are
 * ignored, the first of repeated rows is used (later ones are {@code DuplicateManifestRow}
 * errors), and each reader's mask is read at its row's {@code label} (default 1).
 */
public final class DiceJob {
  private static final Logger LOG = LogManager.getLogger(DiceJob.class);
  /** Manifests up to this many rows are read on the driver, larger ones with Spark. */
  private static final int DRIVER_MANIFEST_MAX_ROWS = 100_000;

  /** Job parameters (the command line's options). */
  public record Options(String manifest, String out, String readerA, String readerB,
      Integer partitions) {}

  /** The counts of a run, as in {@code _dice_run.json}. */
  public record Summary(String runId, String out, int manifestRows, int pairs, int compared,
      int errors, int singleReader, Map<String, Object> record) {
    public String toJson() throws IOException {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(record) + "\n";
    }
  }

  /** One case to compare: a patient's time point outlined by both readers. */
  record Pair(String patient, String timepoint, String readerA, String readerB, String maskA,
      String maskB, int labelA, int labelB, long rowA, long rowB) implements Serializable {
    String what() {
      return patient + " " + timepoint;
    }
  }

  /** A case's outcome: a {@code dice} row or a {@code dice_errors} row. */
  record Outcome(Row dice, Row error) implements Serializable {}

  private final SparkSession spark;
  private final VolumeReader reader;
  private final Consumer<String> log;

  public DiceJob(SparkSession spark, VolumeReader reader) {
    this(spark, reader, SparkSessions.progressSink(spark, LOG));
  }

  public DiceJob(SparkSession spark, VolumeReader reader, Consumer<String> log) {
    this.spark = spark;
    this.reader = reader;
    this.log = log;
  }

  public Summary run(Options o) throws IOException {
    if (o.readerA().equals(o.readerB())) {
      throw new IllegalArgumentException("the two readers must differ, got " + o.readerA()
          + " twice");
    }
    Instant started = Instant.now();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
        .withZone(ZoneOffset.UTC).format(started) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    // A malformed budget setting fails here, once, not as an error row per case.
    VolumeBudget.of(spark.sparkContext().getConf(), Runtime.getRuntime().maxMemory(),
        Runtime.getRuntime().availableProcessors());
    OutputMarker.claim(hadoop, o.out(), OutputMarker.Kind.EXTRACTION, log);
    Path root = new Path(o.out());
    // held from start to end, as the extraction job holds the same directory
    try (Lease lease = Lease.acquire(root.getFileSystem(hadoop), root, runId,
        Lease.Policy.DEFAULT, log)) {
      return run(o, runId, started, hadoop, lease);
    }
  }

  private Summary run(Options o, String runId, Instant started, Configuration hadoop,
      Lease lease) throws IOException {
    List<Row> manifest = Manifest.loadOnDriver(hadoop, o.manifest(), DRIVER_MANIFEST_MAX_ROWS);
    if (manifest == null) {
      manifest = Manifest.load(spark, o.manifest()).collectAsList();
    }
    List<Row> errors = new ArrayList<>();
    Plan plan = plan(manifest, o.readerA(), o.readerB(), runId, errors);
    if (plan.pairs().isEmpty()) {
      throw new IllegalArgumentException("manifest " + o.manifest() + " has no patient and time"
          + " point with masks of both readers " + o.readerA() + " and " + o.readerB());
    }
    log.accept("dice run " + runId + ": " + plan.pairs().size() + " cases with masks of readers "
        + o.readerA() + " and " + o.readerB() + " in " + o.manifest());
    List<Row> dice = new ArrayList<>();
    for (Outcome r : compare(plan.pairs(), o.partitions(), runId)) {
      if (r.dice() != null) {
        dice.add(r.dice());
      } else {
        errors.add(r.error());
      }
    }
    Comparator<Row> byCase = Comparator.comparing((Row r) -> r.getString(0))
        .thenComparing(r -> r.getString(1));
    dice.sort(byCase);
    errors.sort(byCase.thenComparing(r -> r.getString(2), Comparator.nullsFirst(
        Comparator.naturalOrder())).thenComparing(r -> (Long) r.get(7),
        Comparator.nullsFirst(Comparator.naturalOrder())));
    ParquetTables tables = new ParquetTables(hadoop, o.out());
    Map<org.deltarad.tables.AnalysisTables.Table, List<Row>> written = new LinkedHashMap<>();
    written.put(DiceTables.DICE, dice);
    written.put(DiceTables.DICE_ERRORS, errors);
    lease.verify();
    // the earlier record goes first: a run dying midway leaves none describing other tables
    tables.delete(OutputMarker.DICE_RECORD);
    tables.write(written);
    Summary s = summary(o, runId, started, manifest.size(), plan, dice.size(), errors.size());
    tables.writeText(OutputMarker.DICE_RECORD, s.toJson());
    log.accept(String.format(Locale.ROOT, "dice run %s: %d of %d cases compared, %d error row(s)"
        + " -> %s", runId, dice.size(), plan.pairs().size(), errors.size(), o.out()));
    return s;
  }

  /** The cases and the manifest rows that cannot be used (as error rows). */
  record Plan(List<Pair> pairs, int singleReader) {}

  /** Groups the manifest's rows of the two readers by patient and time point. */
  static Plan plan(List<Row> manifest, String readerA, String readerB, String runId,
      List<Row> errors) {
    Map<String, Map<String, Row>> cases = new TreeMap<>();
    for (Row r : manifest) {
      String reader = r.getAs("reader");
      if (!readerA.equals(reader) && !readerB.equals(reader)) {
        continue;
      }
      String patient = r.getAs("patient_id");
      String tp = r.getAs("timepoint");
      String mask = r.getAs("mask");
      if (patient == null || tp == null || mask == null) {
        errors.add(error(patient, tp, reader, mask, Stage.VALIDATE, "ManifestError",
            "manifest row " + r.getAs(Manifest.ROW) + " has no "
                + (patient == null ? "patient_id" : tp == null ? "timepoint" : "mask"),
            r.getAs(Manifest.ROW), runId));
        continue;
      }
      Map<String, Row> readers = cases.computeIfAbsent(patient + '\u0001' + tp,
          k -> new TreeMap<>());
      Row first = readers.putIfAbsent(reader, r);
      if (first != null) {
        errors.add(error(patient, tp, reader, mask, Stage.VALIDATE, "DuplicateManifestRow",
            patient + " " + tp + ": manifest row " + r.getAs(Manifest.ROW) + " repeats reader "
                + reader + " of row " + first.getAs(Manifest.ROW) + "; the first is used",
            r.getAs(Manifest.ROW), runId));
      }
    }
    List<Pair> pairs = new ArrayList<>();
    int single = 0;
    for (Map<String, Row> readers : cases.values()) {
      Row a = readers.get(readerA);
      Row b = readers.get(readerB);
      if (a == null || b == null) {
        single++;
        continue;
      }
      Integer la = label(a, runId, errors);
      Integer lb = label(b, runId, errors);
      if (la != null && lb != null) {
        pairs.add(new Pair(a.getAs("patient_id"), a.getAs("timepoint"), readerA, readerB,
            a.getAs("mask"), b.getAs("mask"), la, lb, a.getAs(Manifest.ROW),
            b.getAs(Manifest.ROW)));
      }
    }
    return new Plan(pairs, single);
  }

  /** The row's label (default 1), or null after an error row naming the bad value. */
  private static Integer label(Row r, String runId, List<Row> errors) {
    String s = r.getAs("label");
    if (s == null) {
      return 1;
    }
    try {
      double d = Double.parseDouble(s.trim());
      if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
        return (int) d;
      }
    } catch (NumberFormatException ex) {
      // reported below
    }
    errors.add(error(r.getAs("patient_id"), r.getAs("timepoint"), r.getAs("reader"),
        r.getAs("mask"), Stage.VALIDATE, "ManifestError", r.getAs("patient_id") + " "
            + r.getAs("timepoint") + ": manifest row " + r.getAs(Manifest.ROW) + ": label '" + s
            + "' is not an integer", r.getAs(Manifest.ROW), runId));
    return null;
  }

  /** Compares the cases as Spark tasks; outcomes in case order. */
  private List<Outcome> compare(List<Pair> pairs, Integer partitions, String runId) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = partitions != null ? partitions
        : Math.min(pairs.size(), 4 * jsc.defaultParallelism());
    // a Hadoop Configuration is ~1,000 properties: broadcast once, not captured per task
    Broadcast<SerializableConf> conf = jsc.broadcast(
        new SerializableConf(spark.sparkContext().hadoopConfiguration()));
    VolumeReader r = reader;
    try {
      return jsc.parallelize(pairs, Math.max(1, slices))
          .map(p -> compareOne(p, r, VolumeBudget.here(), conf.value().get(), runId)).collect();
    } finally {
      conf.destroy();
    }
  }

  /**
   * One case; never throws, not even {@link OutOfMemoryError}: the pair's arrays are garbage once
   * its error row is made, so the task goes on with the next case.
   */
  static Outcome compareOne(Pair p, VolumeReader reader, VolumeBudget budget,
      Configuration conf, String runId) {
    boolean onB = false;
    Stage stage = Stage.READ;
    try {
      VolumeReader.Loaded la;
      VolumeReader.Loaded lb;
      Image3D a;
      Image3D b;
      try {
        la = reader.load(p.maskA(), conf, budget.bytes());
      } catch (Exception ex) {
        return failed(p, false, new StageException(Stage.READ, ex), runId);
      }
      onB = true;
      try {
        lb = reader.load(p.maskB(), conf, budget.bytes());
      } catch (Exception ex) {
        return failed(p, true, new StageException(Stage.READ, ex), runId);
      }
      Outcome over = checkBudget(p, la, lb, budget, runId);
      if (over != null) {
        return over;
      }
      onB = false;
      try {
        a = la.decode();
      } catch (Exception ex) {
        return failed(p, false, new StageException(Stage.READ, ex), runId);
      }
      onB = true;
      try {
        b = lb.decode();
      } catch (Exception ex) {
        return failed(p, true, new StageException(Stage.READ, ex), runId);
      }
      stage = Stage.VALIDATE;
      return compared(p, a, b, runId);
    } catch (OutOfMemoryError e) {
      // The pair's arrays are unreachable here: the case fails, the task and job go on.
      return failed(p, onB, new StageException(stage, "OutOfMemoryError",
          VolumeBudget.outOfMemory(stage.label(), e)), runId);
    }
  }

  /** The case's dice row, or its error row when the masks do not match or lack their label. */
  private static Outcome compared(Pair p, Image3D a, Image3D b, String runId) {
    MaskOverlap o;
    try {
      o = MaskOverlap.of(p.what(), a, p.labelA(), b, p.labelB());
    } catch (StageException ex) {
      return failed(p, true, ex, runId);
    }
    try {
      MaskOverlap.requireLabel(p.what(), a, p.labelA(), o.voxelsA());
    } catch (StageException ex) {
      return failed(p, false, ex, runId);
    }
    try {
      MaskOverlap.requireLabel(p.what(), b, p.labelB(), o.voxelsB());
    } catch (StageException ex) {
      return failed(p, true, ex, runId);
    }
    return new Outcome(RowFactory.create(p.patient(), p.timepoint(), o.dice(), p.readerA(),
        p.readerB(), p.labelA() == p.labelB() ? p.labelA() : null, o.voxelsA(), o.voxelsB(),
        o.both(), p.maskA(), p.maskB()), null);
  }

  /**
   * The error row of a pair whose headers promise more than the budget, blamed on the larger
   * mask; null when it fits or a reader cannot tell before decoding. Priced as the extraction
   * job prices a volume without the feature engine's working copies
   * ({@link VolumeBudget#readCost}).
   */
  private static Outcome checkBudget(Pair p, VolumeReader.Loaded la, VolumeReader.Loaded lb,
      VolumeBudget budget, String runId) {
    VolumeShape a;
    VolumeShape b;
    try {
      a = la.shape();
    } catch (Exception ex) {
      return failed(p, false, new StageException(Stage.READ, ex), runId);
    }
    try {
      b = lb.shape();
    } catch (Exception ex) {
      return failed(p, true, new StageException(Stage.READ, ex), runId);
    }
    if (a == null || b == null) {
      return null;
    }
    long stored = la.storedBytes() + lb.storedBytes();
    boolean bigB = b.decodedBytes() + b.heldBytes() > a.decodedBytes() + a.heldBytes();
    String why = budget.refusal("mask " + (bigB ? b : a) + " with the other reader's "
        + (bigB ? a : b), "read and compare", VolumeBudget.readCost(a, b, stored), stored);
    return why == null ? null
        : failed(p, bigB, new StageException(Stage.READ, "MemoryBudgetExceeded", why), runId);
  }

  /** The error row of the case, blamed on reader B's mask when {@code onB}, else A's. */
  private static Outcome failed(Pair p, boolean onB, StageException e, String runId) {
    return onB ? failed(p, p.readerB(), p.maskB(), p.rowB(), e, runId)
        : failed(p, p.readerA(), p.maskA(), p.rowA(), e, runId);
  }

  private static Outcome failed(Pair p, String reader, String mask, long row, StageException e,
      String runId) {
    String msg = e.getMessage();
    if (!msg.contains(mask)) {
      msg = mask + ": " + msg; // name the file when the cause does not
    }
    if (!msg.contains(p.what())) {
      msg = p.what() + ", reader " + reader + ": " + msg;
    }
    return new Outcome(null, error(p.patient(), p.timepoint(), reader, mask, e.stage(),
        e.errorClass(), msg, row, runId));
  }

  private static Row error(String patient, String tp, String reader, String mask, Stage stage,
      String errorClass, String message, Object row, String runId) {
    return RowFactory.create(patient, tp, reader, mask, stage.label(), errorClass, message,
        row == null ? null : ((Number) row).longValue(), runId);
  }

  private Summary summary(Options o, String runId, Instant started, int manifestRows,
      Plan plan, int compared, int errors) {
    Instant ended = Instant.now();
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("run_id", runId);
    rec.put("job", "dice");
    rec.put("started", started.toString());
    rec.put("ended", ended.toString());
    rec.put("seconds", Duration.between(started, ended).toMillis() / 1000.0);
    rec.put("manifest", o.manifest());
    rec.put("out", o.out());
    rec.put("readers", List.of(o.readerA(), o.readerB()));
    rec.put("deltarad_version", Version.current());
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("manifest_rows", manifestRows);
    counts.put("cases_one_reader", plan.singleReader());
    counts.put("cases_both_readers", plan.pairs().size());
    counts.put("compared", compared);
    counts.put("error_rows", errors);
    rec.put("counts", counts);
    return new Summary(runId, o.out(), manifestRows, plan.pairs().size(), compared, errors,
        plan.singleReader(), rec);
  }
}
