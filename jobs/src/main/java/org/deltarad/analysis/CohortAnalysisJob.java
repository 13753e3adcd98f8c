package org.deltarad.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.Distribute;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.runtime.Version;
import org.deltarad.tables.AnalysisTables;
import org.deltarad.tables.CsvTable;
import org.deltarad.tables.FeaturesTable;
import org.deltarad.tables.Lease;
import org.deltarad.tables.OutputMarker;
import org.deltarad.tables.ParquetFiles;
import org.deltarad.tables.ParquetTables;

/**
 * The cohort analysis on Spark: reads the features table (through {@link FeaturesTable}) and the
 * clinical table, runs the Spark-free {@link CohortAnalysis} with per-feature and per-fold work
 * on executors for large cohorts and on driver threads for small ones, and writes every
 * table of {@code AnalysisTables}, the report and the run record {@code _run.json} under the
 * output directory. A progress line per stage goes to the console (local) and the driver log.
 */
public final class CohortAnalysisJob {
  private static final Logger LOG = LogManager.getLogger(CohortAnalysisJob.class);

  private final SparkSession spark;
  private final AnalysisSettings settings;
  private final Consumer<String> log;

  public CohortAnalysisJob(SparkSession spark, AnalysisSettings settings) {
    this(spark, settings, SparkSessions.progressSink(spark, LOG));
  }

  public CohortAnalysisJob(SparkSession spark, AnalysisSettings settings, Consumer<String> log) {
    this.spark = spark;
    this.settings = settings;
    this.log = log;
  }

  /**
   * Runs the analysis and writes its outputs.
   *
   * @param report renders the report's HTML from the run (the command line passes the report
   *     package's renderer, so the analysis does not depend on it)
   */
  public AnalysisRun run(String featuresPath, String clinicalPath, String out,
      Function<AnalysisRun, String> report) throws IOException {
    return run(featuresPath, clinicalPath, null, out, report);
  }

  /**
   * Runs the analysis and writes its outputs, with the readers' Dice agreement summarised from
   * the {@code dice} job's table.
   *
   * @param dicePath the dice job's output (or its dice table); null to use
   *     {@code featuresPath/dice} when present and go without otherwise
   */
  public AnalysisRun run(String featuresPath, String clinicalPath, String dicePath, String out,
      Function<AnalysisRun, String> report) throws IOException {
    Instant started = Instant.now();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
        .withZone(ZoneOffset.UTC).format(started) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    log.accept("analysis run " + runId + ": features " + featuresPath + ", clinical "
        + clinicalPath + " -> " + out);
    long t0 = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OutputMarker.claim(conf, out, OutputMarker.Kind.ANALYSIS, log);
    Path root = new Path(out);
    try (Lease lease = Lease.acquire(root.getFileSystem(conf), root, runId, Lease.Policy.DEFAULT,
        log)) {
      return run(featuresPath, clinicalPath, dicePath, out, report, runId, started, t0, conf);
    }
  }

  private AnalysisRun run(String featuresPath, String clinicalPath, String dicePath, String out,
      Function<AnalysisRun, String> report, String runId, Instant started, long t0,
      Configuration conf) throws IOException {
    String hash = FeaturesTable.latestSettingsHash(conf, featuresPath);
    ParquetTables tables = new ParquetTables(conf, out);
    CohortData data;
    DiceAgreement dice;
    try {
      data = readFeatures(featuresPath, readClinical(clinicalPath));
      dice = DiceAgreement.read(conf, dicePath != null ? dicePath : featuresPath,
          List.of(settings.timepoints().pre(), settings.timepoints().mid()), dicePath != null);
    } catch (IOException | RuntimeException ex) {
      failed(tables, new AnalysisRun(runId, featuresPath, hash, clinicalPath, out, started,
          "none", AnalysisResult.none(settings, 0), null), (System.nanoTime() - t0) / 1e9, ex);
      throw ex;
    }
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    log.accept(String.format(Locale.ROOT, "analysis: read: %.2f s: %d scans, %d features, %d"
        + " clinical rows", readSeconds, data.scans().size(), data.features().size(),
        data.clinical().size()));
    WorkPool pool = pool(data);
    AnalysisRun run;
    try {
      run = new AnalysisRun(runId, featuresPath, hash, clinicalPath, out, started,
          pool.toString(), new CohortAnalysis(settings, pool, log).run(data), dice);
    } catch (RuntimeException ex) {
      AnalysisResult partial = ex instanceof AnalysisException a ? a.partial() : null;
      failed(tables, new AnalysisRun(runId, featuresPath, hash, clinicalPath, out, started,
          pool.toString(), partial != null ? partial : AnalysisResult.none(settings,
          data.features().size()), dice), readSeconds, ex);
      throw ex;
    }
    long t1 = System.nanoTime();
    tables.write(ResultTables.of(run.result()));
    double writeSeconds = (System.nanoTime() - t1) / 1e9;
    log.accept(String.format(Locale.ROOT, "analysis: write tables: %.2f s", writeSeconds));
    long t2 = System.nanoTime();
    String reportPath = tables.writeText("report/index.html", report.apply(run));
    double reportSeconds = (System.nanoTime() - t2) / 1e9;
    writeRunRecord(tables, run, readSeconds, writeSeconds, reportSeconds, reportPath, null);
    log.accept(String.format(Locale.ROOT, "analysis run %s done in %.1f s -> %s", runId,
        (System.nanoTime() - t0) / 1e9, out));
    return run;
  }

  /**
   * A run that stopped: the tables it computed, a failed run record naming the cause, and no
   * table or report of an earlier run left beside them (they would describe another run).
   */
  private void failed(ParquetTables tables, AnalysisRun run, double readSeconds,
      Exception cause) throws IOException {
    Map<AnalysisTables.Table, List<org.apache.spark.sql.Row>> written =
        ResultTables.of(run.result());
    for (AnalysisTables.Table t : AnalysisTables.ALL) {
      if (!written.containsKey(t)) {
        tables.delete(t.name());
      }
    }
    tables.delete("report");
    tables.write(written);
    writeRunRecord(tables, run, readSeconds, 0, 0, null, String.valueOf(cause.getMessage()));
  }

  /** Driver threads for small cohorts, Spark tasks for large ones (execution settings). */
  WorkPool pool(CohortData data) {
    Distribute d = settings.execution().distribute();
    long patients = data.scans().stream().map(Scan::patient).distinct().count();
    boolean spark = d == Distribute.SPARK
        || d == Distribute.AUTO && patients >= settings.execution().sparkMinPatients();
    return spark ? new SparkWorkPool(this.spark) : WorkPool.local();
  }

  /** The features table's rows this analysis uses, read on the driver. */
  CohortData readFeatures(String path, Map<String, Clinical> clinical) throws IOException {
    ParquetFiles.Table raw = FeaturesTable.readOnDriver(spark.sparkContext()
        .hadoopConfiguration(), path);
    Set<String> cols = new HashSet<>(raw.columns());
    List<String> needed = new ArrayList<>(FeaturesTable.KEYS);
    needed.addAll(settings.harmonization().columns());
    List<String> missing = needed.stream().filter(c -> !cols.contains(c)).distinct().toList();
    if (!missing.isEmpty()) {
      List<String> unreadable = missing.stream().filter(raw.skipped()::contains).toList();
      throw new IllegalArgumentException(path + ": the features table lacks column(s) "
          + String.join(", ", missing) + (unreadable.isEmpty() ? "" : " (" + String.join(", ",
          unreadable) + ": nested or INT96 columns, which the analysis cannot read)"));
    }
    Set<String> excluded = new HashSet<>(settings.features().exclude());
    List<String> unknown = excluded.stream().filter(c -> !cols.contains(c)).sorted().toList();
    if (!unknown.isEmpty()) {
      // a misspelt name must not leave a feature in the models unnoticed
      throw new IllegalArgumentException("analysis settings: features.exclude names "
          + String.join(", ", unknown) + ", not a column of the features table " + path);
    }
    List<String> features = new ArrayList<>();
    for (String c : new TreeSet<>(cols)) {
      if (c.startsWith(FeaturesTable.FEATURE_PREFIX) && !excluded.contains(c)) {
        features.add(c);
      }
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException(path
          + ": the features table has no feature columns (original_*)");
    }
    Map<String, Kind> kinds = covariateKinds(cols);
    int[] keys = FeaturesTable.KEYS.stream().mapToInt(raw::column).toArray();
    int[] featureAt = features.stream().mapToInt(raw::column).toArray();
    List<Scan> scans = new ArrayList<>(raw.rows().size());
    for (Object[] r : raw.rows()) {
      Map<String, Object> c = new LinkedHashMap<>();
      kinds.forEach((name, kind) -> c.put(name, kind.convert(r[raw.column(name)])));
      double[] v = new double[features.size()];
      for (int j = 0; j < v.length; j++) {
        v[j] = Kind.NUMBER.number(r[featureAt[j]]);
      }
      scans.add(new Scan(Kind.LABEL.label(r[keys[0]]), Kind.LABEL.label(r[keys[1]]),
          Kind.LABEL.label(r[keys[2]]), c, v));
    }
    return new CohortData(features, scans, clinical);
  }

  /** How a column is read, as Spark's casts would: a number, a label, or as stored. */
  enum Kind {
    NUMBER, LABEL, AS_STORED;

    Object convert(Object v) {
      return switch (this) {
        case NUMBER -> {
          double d = number(v);
          yield Double.isNaN(d) && !(v instanceof Number) ? null : d;
        }
        case LABEL -> label(v);
        case AS_STORED -> v;
      };
    }

    /** A number (NaN when null or not a number). */
    double number(Object v) {
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      if (v instanceof String s) {
        try {
          return Double.parseDouble(s.trim());
        } catch (NumberFormatException ex) {
          return Double.NaN;
        }
      }
      return Double.NaN;
    }

    String label(Object v) {
      return v == null ? null : String.valueOf(v);
    }
  }

  /**
   * Covariate columns and how to read them: numeric ones as numbers (null when not a number),
   * categorical ones as labels, the batch and protected ones as stored; the ROI volume as a
   * number. The split's field-strength strata use {@code field_strength} when it is one of
   * them, as its value was read.
   */
  private Map<String, Kind> covariateKinds(Set<String> cols) {
    Map<String, Kind> kinds = new LinkedHashMap<>();
    AnalysisSettings.Harmonization h = settings.harmonization();
    for (String c : h.numeric()) {
      if (cols.contains(c)) {
        kinds.put(c, Kind.NUMBER);
      }
    }
    for (String c : h.categorical()) {
      if (cols.contains(c)) {
        kinds.putIfAbsent(c, Kind.LABEL);
      }
    }
    for (String c : h.columns()) {
      kinds.putIfAbsent(c, Kind.AS_STORED);
    }
    for (String c : h.batch()) {
      if (cols.contains(c)) {
        kinds.putIfAbsent(c, Kind.AS_STORED); // Suppl. Table 2 lists them whatever the method
      }
    }
    if (cols.contains(SizeStage.ROI_VOLUME)) {
      kinds.putIfAbsent(SizeStage.ROI_VOLUME, Kind.NUMBER); // the Tumour_volume markers
    }
    return kinds;
  }

  /** CSV (RFC 4180, on the driver) or, for a {@code .parquet} path, a Parquet table. */
  Map<String, Clinical> readClinical(String path) throws IOException {
    List<String> columns;
    List<Map<String, String>> rows = new ArrayList<>();
    if (path.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      ParquetFiles.Table t = ParquetFiles.read(spark.sparkContext().hadoopConfiguration(), path);
      columns = t.columns();
      for (Object[] r : t.rows()) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          m.put(columns.get(i), r[i] == null ? null : String.valueOf(r[i]));
        }
        rows.add(m);
      }
    } else {
      CsvTable csv = CsvTable.read(path);
      columns = Arrays.asList(csv.columns());
      List<String[]> byColumn = new ArrayList<>();
      for (String c : columns) {
        byColumn.add(csv.strings(c));
      }
      for (int i = 0; i < csv.size(); i++) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
          String v = byColumn.get(c)[i];
          m.put(columns.get(c), v == null || v.isEmpty() ? null : v);
        }
        rows.add(m);
      }
    }
    return new ClinicalReader(settings).read(path, columns, rows);
  }

  private void writeRunRecord(ParquetTables tables, AnalysisRun run, double read, double write,
      double report, String reportPath, String failure) throws IOException {
    AnalysisResult r = run.result();
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("run_id", run.runId());
    rec.put("job", "analyze");
    rec.put("status", failure == null ? "succeeded" : "failed");
    if (failure != null) {
      rec.put("failure", failure);
    }
    rec.put("started", run.started().toString());
    rec.put("ended", Instant.now().toString());
    rec.put("deltarad_version", Version.current());
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("features", run.featuresPath());
    inputs.put("features_settings_hash", String.valueOf(run.settingsHash()));
    inputs.put("clinical", run.clinicalPath());
    inputs.put("dice", run.dice() == null ? null : run.dice().source());
    rec.put("inputs", inputs);
    rec.put("out", run.out());
    rec.put("report", reportPath);
    rec.put("work_pool", run.pool());
    rec.put("settings", settings.effective());
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("features_in", r.featuresIn());
    counts.put("features_usable", r.harmonized() == null ? null
        : r.harmonized().features().size());
    counts.put("features_robust", r.icc() == null ? null : r.icc().selected().size());
    counts.put("patients", r.deltas() == null ? null : r.matrix().size());
    counts.put("training", r.split() == null ? null : r.split().trainingRows().length);
    counts.put("validation", r.split() == null ? null : r.split().validationRows().length);
    counts.put("warnings", r.warnings().size());
    rec.put("counts", counts);
    if (r.signatures() != null) {
      Map<String, Object> sigs = new LinkedHashMap<>();
      r.signatures().forEach(s -> sigs.put(s.name(), s.coefficients()));
      rec.put("signatures", sigs);
      rec.put("validation_auc", r.auc() == null ? null : r.auc().validationAuc());
    }
    if (run.dice() != null) {
      Map<String, Object> dice = new LinkedHashMap<>();
      run.dice().timepoints().forEach(d -> dice.put(d.timepoint(), Map.of("n", d.n(),
          "median", d.median(), "q1", d.q1(), "q3", d.q3())));
      rec.put("dice", dice);
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("read", read);
    seconds.putAll(r.stageSeconds());
    seconds.put("write tables", write);
    seconds.put("report", report);
    rec.put("stage_seconds", seconds);
    tables.writeText("_run.json", new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(rec));
  }
}
