package org.deltarad.analysis;

import static org.apache.spark.sql.functions.col;

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
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.analysis.settings.AnalysisSettings;
import org.deltarad.analysis.settings.AnalysisSettings.Distribute;
import org.deltarad.runtime.SparkSessions;
import org.deltarad.runtime.Version;
import org.deltarad.tables.CsvTable;
import org.deltarad.tables.FeaturesTable;
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
    Instant started = Instant.now();
    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
        .withZone(ZoneOffset.UTC).format(started) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    log.accept("analysis run " + runId + ": features " + featuresPath + ", clinical "
        + clinicalPath + " -> " + out);
    long t0 = System.nanoTime();
    String hash = FeaturesTable.latestSettingsHash(spark, featuresPath);
    CohortData data = readFeatures(featuresPath, readClinical(clinicalPath));
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    log.accept(String.format(Locale.ROOT, "analysis: read: %.2f s: %d scans, %d features, %d"
        + " clinical rows", readSeconds, data.scans().size(), data.features().size(),
        data.clinical().size()));
    WorkPool pool = pool(data);
    ParquetTables tables = new ParquetTables(spark, out);
    AnalysisResult result;
    try {
      result = new CohortAnalysis(settings, pool, log).run(data);
    } catch (AnalysisException ex) {
      if (ex.partial() != null) {
        AnalysisRun partial = new AnalysisRun(runId, featuresPath, hash, clinicalPath, out,
            started, pool.toString(), ex.partial());
        tables.write(ResultTables.of(ex.partial()));
        writeRunRecord(tables, partial, readSeconds, 0, 0, null, ex.getMessage());
      }
      throw ex;
    }
    AnalysisRun run = new AnalysisRun(runId, featuresPath, hash, clinicalPath, out, started,
        pool.toString(), result);
    long t1 = System.nanoTime();
    tables.write(ResultTables.of(result));
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

  /** Driver threads for small cohorts, Spark tasks for large ones (execution settings). */
  private WorkPool pool(CohortData data) {
    Distribute d = settings.execution().distribute();
    long patients = data.scans().stream().map(Scan::patient).distinct().count();
    boolean spark = d == Distribute.SPARK
        || d == Distribute.AUTO && patients >= settings.execution().sparkMinPatients();
    return spark ? new SparkWorkPool(this.spark) : WorkPool.local();
  }

  /** The features table's rows this analysis uses, collected on the driver. */
  CohortData readFeatures(String path, Map<String, Clinical> clinical) throws IOException {
    Dataset<Row> raw = FeaturesTable.read(spark, path, null);
    Set<String> cols = new HashSet<>(Arrays.asList(raw.columns()));
    List<String> needed = new ArrayList<>(FeaturesTable.KEYS);
    needed.addAll(settings.harmonization().columns());
    List<String> missing = needed.stream().filter(c -> !cols.contains(c)).distinct().toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(path + ": the features table lacks column(s) "
          + String.join(", ", missing));
    }
    Set<String> excluded = new HashSet<>(settings.features().exclude());
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
    Map<String, String> casts = covariateCasts(cols);
    List<Column> select = new ArrayList<>();
    for (String k : FeaturesTable.KEYS) {
      select.add(col(k).cast("string").as(k));
    }
    casts.forEach((c, type) -> select.add(type == null ? col(c) : col(c).cast(type).as(c)));
    for (String f : features) {
      select.add(col(f).cast("double").as(f));
    }
    List<Row> rows = raw.select(select.toArray(new Column[0])).collectAsList();
    List<String> covs = new ArrayList<>(casts.keySet());
    List<Scan> scans = new ArrayList<>(rows.size());
    int k = FeaturesTable.KEYS.size();
    for (Row r : rows) {
      Map<String, Object> c = new LinkedHashMap<>();
      for (int i = 0; i < covs.size(); i++) {
        c.put(covs.get(i), r.get(k + i));
      }
      double[] v = new double[features.size()];
      for (int j = 0; j < v.length; j++) {
        int at = k + covs.size() + j;
        v[j] = r.isNullAt(at) ? Double.NaN : r.getDouble(at);
      }
      scans.add(new Scan(r.getString(0), r.getString(1), r.getString(2), c, v));
    }
    return new CohortData(features, scans, clinical);
  }

  /**
   * Covariate columns and how to read them: numeric ones as doubles, categorical ones as
   * strings, the field strength (split strata) as a double when present, others as stored.
   */
  private Map<String, String> covariateCasts(Set<String> cols) {
    Map<String, String> casts = new LinkedHashMap<>();
    AnalysisSettings.Harmonization h = settings.harmonization();
    if (cols.contains("field_strength")) {
      casts.put("field_strength", "double");
    }
    for (String c : h.numeric()) {
      if (cols.contains(c)) {
        casts.put(c, "double");
      }
    }
    for (String c : h.categorical()) {
      if (cols.contains(c)) {
        casts.putIfAbsent(c, "string");
      }
    }
    for (String c : h.columns()) {
      casts.putIfAbsent(c, null);
    }
    return casts;
  }

  /** CSV (RFC 4180, on the driver) or, for a {@code .parquet} path, a Parquet table. */
  Map<String, Clinical> readClinical(String path) throws IOException {
    List<String> columns;
    List<Map<String, String>> rows = new ArrayList<>();
    if (path.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      Dataset<Row> df = spark.read().parquet(path);
      columns = Arrays.asList(df.columns());
      for (Row r : df.collectAsList()) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          m.put(columns.get(i), r.isNullAt(i) ? null : String.valueOf(r.get(i)));
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
    rec.put("inputs", Map.of("features", run.featuresPath(), "features_settings_hash",
        String.valueOf(run.settingsHash()), "clinical", run.clinicalPath()));
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
