package org.deltarad.extract;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deltarad.runtime.ProgressListener;
import org.deltarad.runtime.SerializableConf;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.runtime.Version;
import org.deltarad.tables.FeaturesTable;
import org.deltarad.tables.IncrementalTable;
import org.deltarad.tables.Lease;
import org.deltarad.tables.OutputMarker;
import org.deltarad.tables.OutputStore;
import org.deltarad.tables.ParquetFiles;

/**
 * The extraction job: a manifest of volumes in, the {@code features} and {@code errors} tables
 * out (layout and commit protocol in {@link OutputStore}, columns in the README).
 *
 * <p>Plan: load and number the manifest; flag repeated keys (the first row wins, each repeat is
 * an error row); join each volume with the hashes of its row in the features table, if any
 * (each settings hash has its own table); run {@link VolumeTask} in {@code mapPartitions} over N
 * partitions, which reads each file once, skips volumes whose files hash the same and extracts
 * the rest; stage this run's rows of both tables with the keys they replace (a processed key
 * replaces its old row, success or not; a skipped key keeps it) and commit them as deltas
 * ({@link IncrementalTable}), nothing when nothing changed. The whole run holds the output's
 * {@link Lease}, so what it read as the previous table is the live one when it commits. Only
 * counts reach the driver; the feature columns are the engine's names, known from the
 * settings.
 *
 * <p>Small runs skip Spark's fixed costs, which in a fresh JVM outweigh the work for a few
 * hundred volumes: a manifest of at most {@link #DRIVER_MANIFEST_MAX_ROWS} rows (with a features
 * table of at most {@link #DRIVER_TABLE_MAX_BYTES}) is read, checked for duplicates and joined
 * with the previous hashes on the driver in one pass ({@link Manifest#loadOnDriver}); with at
 * most {@link #DRIVER_WRITE_MAX_VOLUMES} volumes the same {@link VolumeTask}s run as plain RDD
 * tasks, their result rows come back to the driver and both tables are written there
 * ({@link DriverTables}). Same rows, values, layout and commit protocol either way
 * (ExtractionJobTest runs both).
 *
 * <p>Run under spark-submit with {@code --class ExtractionJob} and the
 * {@code extract-job} options.
 */
public final class ExtractionJob {
  private static final Logger LOG = LogManager.getLogger(ExtractionJob.class);
  static final String[] KEYS = Manifest.KEYS.toArray(new String[0]);
  private static final scala.collection.immutable.Seq<String> KEYS_SEQ =
      scala.jdk.javaapi.CollectionConverters.asScala(Manifest.KEYS).toList();
  /** Column flagging a repeated manifest row. */
  static final String DUPLICATE = "_duplicate";
  /** Order of the errors table's rows (its one file). */
  static final List<String> ERRORS_ORDER = List.of("patient_id", "timepoint", "reader",
      "manifest_row");
  /**
   * Deltas on the features table from which a run suggests compaction: each is read on every
   * read of the table (a directory listing and a small file or two).
   */
  static final int COMPACT_HINT_DELTAS = 50;
  /** Columns of the errors table, in order. */
  public static final List<String> ERROR_COLUMNS = List.of("patient_id", "timepoint", "reader",
      "image", "mask", "stage", "error_class", "message", "manifest_row", "settings_hash",
      "run_id");

  /**
   * Largest manifest planned on the driver (read, duplicates and previous hashes in one pass,
   * no Spark job): 100,000 rows of text are some tens of MB of driver memory, while the Spark
   * plan (CSV source, window functions, an aggregation, a join) costs seconds of fixed planning
   * and stages in a fresh JVM. Larger manifests are planned by Spark. Package-private and
   * settable so that tests can force either path (0: always Spark).
   */
  static int DRIVER_MANIFEST_MAX_ROWS = 100_000;
  /** The driver plan also reads the existing features table there: only when this small. */
  static long DRIVER_TABLE_MAX_BYTES = 64L << 20;
  /**
   * Most volumes whose results are gathered on the driver and written there with parquet-hadoop
   * (some 2 KB a row with ~100 features: ~40 MB); larger runs write the tables with Spark.
   */
  static int DRIVER_WRITE_MAX_VOLUMES = 20_000;

  /** Job parameters (the command line's options). */
  public record Options(String manifest, String out, Integer partitions,
      double maxErrorFraction, boolean recomputeAll, long progressIntervalMs,
      String settingsSource, Lease.Policy lease) {
    /** With the default lease policy: fail at once when another run holds {@code out}. */
    public Options(String manifest, String out, Integer partitions, double maxErrorFraction,
        boolean recomputeAll, long progressIntervalMs, String settingsSource) {
      this(manifest, out, partitions, maxErrorFraction, recomputeAll, progressIntervalMs,
          settingsSource, Lease.Policy.DEFAULT);
    }
  }

  private final SparkSession spark;
  private final VolumeReader reader;
  private final FeatureEngine engine;
  private final Consumer<String> log;

  public ExtractionJob(SparkSession spark, VolumeReader reader, FeatureEngine engine) {
    this(spark, reader, engine, SparkSessions.progressSink(spark, LOG));
  }

  public ExtractionJob(SparkSession spark, VolumeReader reader, FeatureEngine engine,
      Consumer<String> log) {
    this.spark = spark;
    this.reader = reader;
    this.engine = engine;
    this.log = log;
  }



  public RunSummary run(Options o) throws IOException {
    Instant started = Instant.now();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
        .withZone(ZoneOffset.UTC).format(started) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    // Partition values such as "1" or "2e5" must stay strings when tables are read back.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    String hash = engine.settingsHash();
    SerializableConf conf = new SerializableConf(spark.sparkContext().hadoopConfiguration());
    OutputMarker.claim(conf.get(), o.out(), OutputMarker.Kind.EXTRACTION, log);
    OutputStore store = new OutputStore(o.out(), conf.get());
    try (Lease lease = Lease.acquire(store.fs(), store.root(), runId, o.lease(), log)) {
      store.recover(log);
      store.beginStaging(runId);
      try {
        return run(o, runId, started, hash, conf, store, lease);
      } finally {
        store.abandon(runId);
      }
    }
  }

  private RunSummary run(Options o, String runId, Instant started, String hash,
      SerializableConf conf, OutputStore store, Lease lease) throws IOException {
    log.accept("run " + runId + ": manifest " + o.manifest() + ", settings hash " + hash);
    // A malformed budget setting fails here, once, not as an error row per volume.
    VolumeBudget.of(spark.sparkContext().getConf(), Runtime.getRuntime().maxMemory(),
        Runtime.getRuntime().availableProcessors());

    LongAccumulator succeededAcc = spark.sparkContext().longAccumulator("deltarad.succeeded");
    LongAccumulator failedAcc = spark.sparkContext().longAccumulator("deltarad.failed");
    LongAccumulator skippedAcc = spark.sparkContext().longAccumulator("deltarad.skipped");
    ProgressListener progress = new ProgressListener(succeededAcc, failedAcc, skippedAcc,
        o.progressIntervalMs(), log);
    spark.sparkContext().addSparkListener(progress);
    try {
      // Broadcast, not captured: a Hadoop Configuration is ~1,000 properties, and a task closure
      // is deserialised once per task while a broadcast is read once per executor.
      Broadcast<SerializableConf> confB =
          JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(conf);
      try {
        return run(o, runId, started, hash, confB, store, lease, succeededAcc, failedAcc,
            skippedAcc, progress);
      } finally {
        confB.destroy();
      }
    } finally {
      spark.sparkContext().removeSparkListener(progress);
    }
  }

  private RunSummary run(Options o, String runId, Instant started, String hash,
      Broadcast<SerializableConf> conf, OutputStore store, Lease lease,
      LongAccumulator succeededAcc,
      LongAccumulator failedAcc, LongAccumulator skippedAcc, ProgressListener progress)
      throws IOException {
    Phases phases = new Phases();
    phases.start("manifest");
    Path liveFeatures = store.table("features", hash);
    Configuration hadoop = conf.value().get();
    // A manifest that fits on the driver (and a features table small enough to read there) is
    // planned there in one pass; else by Spark (CSV source, window functions, join).
    List<Row> manifestOnDriver = null;
    List<Row> uniqueOnDriver = null;
    if (DRIVER_MANIFEST_MAX_ROWS > 0 && (!store.exists(liveFeatures)
        || store.fs().getContentSummary(liveFeatures).getLength() <= DRIVER_TABLE_MAX_BYTES)) {
      manifestOnDriver = Manifest.loadOnDriver(hadoop, o.manifest(), DRIVER_MANIFEST_MAX_ROWS);
    }
    boolean onDriver = manifestOnDriver != null;
    Dataset<Row> manifest;
    Dataset<Row> unique;
    Dataset<Row> ranked = null;
    Dataset<Row> duplicateErrors = null;
    List<Row> duplicateErrorRows = null;
    ParquetFiles.Table existingOnDriver = null;
    Dataset<Row> existing = null;
    long manifestRows;
    long duplicates;
    if (onDriver) {
      manifestRows = manifestOnDriver.size();
      if (manifestRows == 0) {
        throw new Manifest.ManifestException("manifest " + o.manifest() + " has no rows", null);
      }
      duplicateErrorRows = new ArrayList<>();
      List<Row> uniqueRows = duplicatesOnDriver(manifestOnDriver, duplicateErrorRows);
      duplicates = duplicateErrorRows.size();
      existingOnDriver = FeaturesTable.readTableOnDriver(hadoop, store, liveFeatures,
          FeaturesTable.ORDER);
      StructType schema = Manifest.schema();
      if (existingOnDriver != null && !o.recomputeAll()) {
        uniqueRows = withPreviousHashes(uniqueRows, existingOnDriver);
        schema = PreviousRow.addTo(schema);
      }
      uniqueOnDriver = uniqueRows;
      if (manifestRows - duplicates > DRIVER_WRITE_MAX_VOLUMES) {
        manifest = spark.createDataFrame(manifestOnDriver, Manifest.schema());
        unique = spark.createDataFrame(uniqueRows, schema);
      } else {
        manifest = null; // results gathered on the driver: no Dataset (see below)
        unique = null;
      }
    } else {
      manifest = Manifest.load(spark, o.manifest());
      WindowSpec byKey = Window.partitionBy(keyCols()).orderBy(col(Manifest.ROW));
      ranked = manifest
          .withColumn(DUPLICATE, keysPresent().and(row_number().over(byKey).gt(1)))
          .withColumn("_first", min(col(Manifest.ROW)).over(Window.partitionBy(keyCols())))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Row counts = ranked.agg(count(lit(1)), sum(when(col(DUPLICATE), 1).otherwise(0))).first();
      manifestRows = counts.getLong(0);
      if (manifestRows == 0) {
        throw new Manifest.ManifestException("manifest " + o.manifest() + " has no rows", null);
      }
      duplicates = counts.getLong(1);
      duplicateErrors = ranked.filter(col(DUPLICATE))
          .mapPartitions(ExtractionJob::duplicateErrors, Encoders.row(VolumeResult.schema()));
      unique = ranked.filter(not(col(DUPLICATE))).drop(DUPLICATE, "_first");

      // Volumes already in the table carry their hashes into the task, which skips them when
      // the files hash the same: one read of each file decides and, if needed, extracts.
      existing = FeaturesTable.readTable(spark, store, liveFeatures);
      if (existing != null && !o.recomputeAll()) {
        unique = unique.join(PreviousRow.select(existing), KEYS_SEQ, "left");
      }
    }
    long volumes = manifestRows - duplicates;
    phases.end();
    log.accept(String.format(Locale.ROOT, "%d manifest rows: %d volumes, %d duplicate rows",
        manifestRows, volumes, duplicates));

    // Small results are gathered on the driver and written there (ParquetFiles): no Spark job
    // per table, which in a fresh JVM costs seconds of planning for a few hundred rows.
    boolean writeOnDriver = onDriver && volumes <= DRIVER_WRITE_MAX_VOLUMES;
    int m = partitionsFor(o.partitions(), volumes);
    VolumeTask task = new VolumeTask(reader, engine, conf, succeededAcc, failedAcc, skippedAcc);
    Dataset<Row> results = null;
    if (!writeOnDriver) {
      results = unique.repartition(m).mapPartitions(task, Encoders.row(VolumeResult.schema()))
          .persist(StorageLevel.MEMORY_AND_DISK());
    }
    // One pass reads and extracts everything (results are cached or collected).
    phases.start("extract");
    progress.start(volumes);
    List<Row> collected = null;
    long succeeded;
    long skipped;
    double meanVolumeMs;
    if (writeOnDriver) {
      // Plain RDD tasks over the driver's rows, results back as rows (no schema): no query to
      // plan, no shuffle, no code generation for a few hundred volumes in a fresh JVM.
      collected = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(uniqueOnDriver, m).mapPartitions(task::call).collect();
      int msAt = VolumeResult.schema().fieldIndex("extract_ms");
      succeeded = 0;
      skipped = 0;
      double msSum = 0;
      for (Row r : collected) {
        if (VolumeResult.isOk(r)) {
          succeeded++;
          msSum += r.getLong(msAt);
        } else if (VolumeResult.isSkipped(r)) {
          skipped++;
        }
      }
      meanVolumeMs = succeeded == 0 ? 0 : msSum / succeeded;
    } else {
      Row summary0 = results.agg(
            sum(when(col("ok"), 1).otherwise(0)),
            sum(when(col("skipped"), 1).otherwise(0)),
            avg(when(col("ok"), col("extract_ms"))))
          .first();
      succeeded = summary0.isNullAt(0) ? 0 : summary0.getLong(0);
      skipped = summary0.isNullAt(1) ? 0 : summary0.getLong(1);
      meanVolumeMs = summary0.isNullAt(2) ? 0 : summary0.getDouble(2);
    }
    progress.report(true);
    double secondHalfRate = progress.secondHalfRate();
    progress.start(0);
    phases.end();
    long processed = volumes - skipped;
    long failed = processed - succeeded;
    log.accept(String.format(Locale.ROOT, "%d volumes: %d unchanged (skipped), %d extracted, "
        + "%d failed", volumes, skipped, succeeded, failed));
    List<String> engineNames = engine.featureNames();
    TreeSet<String> names = new TreeSet<>(engineNames);
    // Each table is staged as a delta (this run's rows and the keys they replace), committed by
    // one rename; a table the run does not change is not staged, a run that changes nothing
    // commits nothing (an unchanged re-run costs the hashing of its files only).
    phases.start("write tables");
    Path stagedFeatures = store.staged(runId, "features");
    Path stagedErrors = store.staged(runId, "errors");
    Path liveErrors = store.table("errors", hash);
    long featuresRows;
    long errorsRows;
    boolean stageFeatures = processed > 0;
    boolean stageErrors;
    if (writeOnDriver) {
      DriverTables w = new DriverTables(hadoop, hash, runId, engineNames);
      ParquetFiles.Table oldErrors = FeaturesTable.readTableOnDriver(hadoop, store, liveErrors,
          ERRORS_ORDER);
      stageErrors = processed > 0 || duplicates > 0 || (oldErrors != null
          && DriverTables.keptErrors(oldErrors, DriverTables.manifestKeys(manifestOnDriver))
              < oldErrors.rows().size());
      if (stageFeatures) {
        featuresRows = w.writeFeatures(collected, existingOnDriver, names, stagedFeatures, store);
      } else {
        featuresRows = existingOnDriver == null ? 0 : existingOnDriver.rows().size();
        w.addFeatureColumns(existingOnDriver, names);
      }
      if (stageErrors) {
        errorsRows = w.writeErrors(collected, duplicateErrorRows, manifestOnDriver, oldErrors,
            stagedErrors);
      } else {
        errorsRows = oldErrors == null ? 0 : oldErrors.rows().size();
      }
    } else {
      if (onDriver) {
        duplicateErrors = spark.createDataFrame(duplicateErrorRows, VolumeResult.schema());
        existing = FeaturesTable.readTable(spark, store, liveFeatures);
      }
      Dataset<Row> ok = results.filter(col("ok"));
      Dataset<Row> fresh = featureRows(ok, engineNames, hash);
      featuresRows = succeeded;
      Dataset<Row> processedKeys = results.filter(not(col("skipped"))).select(keyCols());
      if (existing != null) {
        featuresRows += existing.join(processedKeys, KEYS, "left_anti").count();
        for (String c : existing.columns()) {
          if (FeaturesTable.isFeatureColumn(c)) {
            names.add(c);
          }
        }
      }
      if (stageFeatures) {
        // One file per timepoint, rows sorted by key: the same files whatever the partitioning.
        fresh.select(featureColumnOrder(new TreeSet<>(engineNames)))
            .repartition(col("timepoint")).sortWithinPartitions("patient_id", "reader")
            .write().partitionBy("timepoint").parquet(stagedFeatures.toString());
        writeKeys(processedKeys, stagedFeatures);
      }
      Dataset<Row> manifestKeys = manifest.filter(keysPresent()).select(keyCols()).distinct();
      errorsRows = failed + duplicates;
      Dataset<Row> oldErrors = FeaturesTable.readTable(spark, store, liveErrors);
      long touched = 0;
      if (oldErrors != null) {
        long keptErrors = oldErrors.filter(keysPresent())
            .join(manifestKeys, KEYS, "left_anti").count();
        errorsRows += keptErrors;
        touched = oldErrors.count() - keptErrors;
      }
      stageErrors = processed > 0 || duplicates > 0 || touched > 0;
      if (stageErrors) {
        Dataset<Row> runErrors = results.filter(not(col("ok")).and(not(col("skipped"))))
            .unionByName(duplicateErrors)
            .withColumn("settings_hash", lit(hash)).withColumn("run_id", lit(runId))
            .select(ERROR_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
        // A single file (an empty one still carries the schema).
        runErrors.coalesce(1)
            .sortWithinPartitions("patient_id", "timepoint", "reader", "manifest_row")
            .write().parquet(stagedErrors.toString());
        writeKeys(manifestKeys, stagedErrors);
      }
    }
    phases.start("commit");
    lease.verify();
    if (stageFeatures || stageErrors) {
      store.commit(runId, hash, true);
    } else {
      log.accept("nothing changed: no commit");
    }
    int deltas = IncrementalTable.deltas(store.fs(), liveFeatures).size();
    if (deltas >= COMPACT_HINT_DELTAS) {
      log.accept(deltas + " incremental commits on the features table; `deltarad compact --out "
          + o.out() + "` folds them into one table");
    }
    phases.end();

    Instant ended = Instant.now();
    RunSummary summary = new RunSummary(runId, started.toString(), ended.toString(),
        Duration.between(started, ended).toMillis() / 1000.0, o.manifest(),
        store.root().toString(), hash, o.settingsSource(), Version.current(),
        spark.sparkContext().master(), m, manifestRows, duplicates, volumes, skipped, processed,
        succeeded, failed, featuresRows, errorsRows, names.size(), o.maxErrorFraction(),
        meanVolumeMs, secondHalfRate, phases.seconds);
    String json = summary.toJson();
    store.fs().mkdirs(new Path(store.root(), "_runs"));
    store.writeString(new Path(new Path(store.root(), "_runs"), runId + ".json"), json);
    store.writeAtomically(new Path(store.root(), "_run.json"), json);
    if (!writeOnDriver) {
      results.unpersist();
    }
    if (ranked != null) {
      ranked.unpersist();
    }
    log.accept(String.format(Locale.ROOT,
        "run %s done in %.1f s: %d extracted, %d failed, %d skipped, %d duplicate rows;"
            + " features %d rows, errors %d rows -> %s", runId, summary.seconds(), succeeded,
        failed, skipped, duplicates, featuresRows, errorsRows, store.root()));
    return summary;
  }

  /** Wall time per phase, logged and kept for the run summary; names Spark's stages too. */
  private final class Phases {
    final Map<String, Double> seconds = new LinkedHashMap<>();
    private String current;
    private long t0;

    void start(String name) {
      end();
      current = name;
      t0 = System.nanoTime();
      spark.sparkContext().setCallSite(name);
    }

    void end() {
      if (current != null) {
        double s = (System.nanoTime() - t0) / 1e9;
        seconds.put(current, Math.round(s * 1000) / 1000.0);
        log.accept(String.format(Locale.ROOT, "%s: %.1f s", current, s));
        current = null;
        spark.sparkContext().clearCallSite();
      }
    }
  }

  private static Column keysPresent() {
    return col("patient_id").isNotNull().and(col("timepoint").isNotNull())
        .and(col("reader").isNotNull());
  }

  private static Column[] keyCols() {
    return new Column[] {col("patient_id"), col("timepoint"), col("reader")};
  }

  private static Column[] featureColumnOrder(TreeSet<String> names) {
    List<Column> cols = new ArrayList<>();
    for (String c : FeaturesTable.FIXED_COLUMNS) {
      cols.add(col(c));
    }
    for (String f : names) {
      cols.add(col("`" + f + "`"));
    }
    return cols.toArray(new Column[0]);
  }

  /** Successful results as feature-table rows (one double column per feature name). */
  private Dataset<Row> featureRows(Dataset<Row> ok, List<String> names, String hash) {
    List<Column> cols = new ArrayList<>();
    for (String c : FeaturesTable.FIXED_COLUMNS) {
      switch (c) {
        case "settings_hash" -> cols.add(lit(hash).as(c));
        case "deltarad_version" -> cols.add(lit(Version.current()).as(c));
        default -> cols.add(col(c));
      }
    }
    for (int i = 0; i < names.size(); i++) {
      cols.add(col("features").getItem(i).as(names.get(i)));
    }
    return ok.select(cols.toArray(new Column[0]));
  }

  /**
   * The driver's duplicate check, rows in manifest order: a row whose three keys are all
   * present and were seen in an earlier row becomes an error row in {@code errors} (as
   * {@link #duplicateErrors}); the others are returned.
   */
  static List<Row> duplicatesOnDriver(List<Row> manifest, List<Row> errors) {
    Map<List<String>, Long> first = new HashMap<>();
    List<Row> unique = new ArrayList<>(manifest.size());
    for (Row r : manifest) {
      String p = r.getAs("patient_id");
      String t = r.getAs("timepoint");
      String rd = r.getAs("reader");
      if (p != null && t != null && rd != null) {
        List<String> key = List.of(p, t, rd);
        Long row = r.getAs(Manifest.ROW);
        Long kept = first.putIfAbsent(key, row);
        if (kept != null) {
          errors.add(duplicateError(r, kept));
          continue;
        }
      }
      unique.add(r);
    }
    return unique;
  }

  /** Manifest rows with what their existing features row holds ({@link PreviousRow}; or nulls). */
  private static List<Row> withPreviousHashes(List<Row> rows, ParquetFiles.Table existing) {
    int pi = existing.column("patient_id");
    int ti = existing.column("timepoint");
    int ri = existing.column("reader");
    Map<List<Object>, Object[]> previous = new HashMap<>();
    for (Object[] e : existing.rows()) {
      if (e[pi] != null && e[ti] != null && e[ri] != null) {
        previous.put(List.of(e[pi], e[ti], e[ri]), PreviousRow.values(existing.columns(), e));
      }
    }
    StructType schema = PreviousRow.addTo(Manifest.schema());
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Object[] v = new Object[r.size() + PreviousRow.size()];
      for (int i = 0; i < r.size(); i++) {
        v[i] = r.get(i);
      }
      String p = r.getAs("patient_id");
      String t = r.getAs("timepoint");
      String rd = r.getAs("reader");
      Object[] h = p == null || t == null || rd == null ? null : previous.get(List.of(p, t, rd));
      if (h != null) {
        System.arraycopy(h, 0, v, r.size(), h.length);
      }
      out.add(new GenericRowWithSchema(v, schema));
    }
    return out;
  }

  /** An error row per repeated manifest row, naming the row that is kept. */
  private static Iterator<Row> duplicateErrors(Iterator<Row> rows) {
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      out.add(duplicateError(r, r.getAs("_first")));
    }
    return out.iterator();
  }

  private static Row duplicateError(Row r, Object firstRow) {
    String msg = "manifest row " + r.getAs(Manifest.ROW) + " repeats patient_id="
        + r.getAs("patient_id") + ", timepoint=" + r.getAs("timepoint") + ", reader="
        + r.getAs("reader") + " of manifest row " + firstRow + "; the first row is kept";
    return VolumeResult.error(r, null, StageException.Stage.VALIDATE.label(),
        "DuplicateManifestRow", msg, 0);
  }

  /** The keys a delta replaces, as one small file (see {@link IncrementalTable}). */
  private static void writeKeys(Dataset<Row> keys, Path delta) {
    keys.coalesce(1).sortWithinPartitions("patient_id", "timepoint", "reader").write()
        .parquet(new Path(delta, IncrementalTable.REPLACED).toString());
  }

  /** Default volumes per extraction task (see {@link #partitionsFor}). */
  static final int VOLUMES_PER_TASK = 100;

  /**
   * Partitions for {@code volumes} units of work: as asked, else enough for every core four
   * times over and no more than ~100 volumes per task (progress advances per task), never more
   * than there are volumes.
   */
  int partitionsFor(Integer asked, long volumes) {
    if (asked != null) {
      return Math.max(1, asked);
    }
    int cores = spark.sparkContext().defaultParallelism();
    // Each task pays a fixed cost (task deserialisation, Spark's per-partition code generation,
    // cache and shuffle blocks) of some 30 ms: about 100 volumes per task keeps that near 5% of
    // the work even for small volumes, and 4 tasks per core still balance the load.
    long want = Math.max(4L * cores, (volumes + VOLUMES_PER_TASK - 1) / VOLUMES_PER_TASK);
    return (int) Math.max(1, Math.min(volumes, Math.min(want, 100_000)));
  }
}
