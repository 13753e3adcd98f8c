package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.image.Image3D;
import org.deltarad.runtime.SharedSpark;
import org.deltarad.tables.FeaturesTable;
import org.deltarad.tables.IncrementalTable;
import org.deltarad.tables.Lease;
import org.deltarad.tables.OutputStore;
import org.deltarad.tables.ParquetFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's plumbing end to end on a small cohort of good and broken volumes, with the test
 * doubles of {@link TestVolumes} (the real reader and engine run in ExtractionEndToEndTest).
 */
class ExtractionJobTest {
  static final String SIDECAR = "{\"Manufacturer\":\"Philips\",\"MagneticFieldStrength\":1.5,"
      + "\"RepetitionTime\":3.2,\"EchoTime\":0.09,\"FlipAngle\":90,\"SliceThickness\":4,"
      + "\"NumberOfAverages\":2}";
  @TempDir static Path cohort;
  static Path manifest;
  static final SparkSession spark = SharedSpark.get();
  /** Expected error class per broken patient. */
  static final Map<String, String> BROKEN = new TreeMap<>();
  static int good;
  /** The output of one run with 1 partition, shared by the tests (copied where they change it). */
  @TempDir static Path shared;
  static Path outA;
  static RunSummary summaryA;
  static final List<String> logA = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void writeCohort() throws Exception {
    StringBuilder m = new StringBuilder("patient_id,timepoint,reader,image,mask,label,sidecar,te\n");
    Files.writeString(cohort.resolve("full.json"), SIDECAR);
    Files.writeString(cohort.resolve("no-te.json"), SIDECAR.replace("\"EchoTime\":0.09,", ""));
    int seed = 0;
    for (int p = 1; p <= 6; p++) {
      for (String tp : List.of("pre", "mid")) {
        Image3D[] v = TestVolumes.pair(seed++, 1);
        String id = "P0" + p;
        TestVolumes.write(v[0], cohort.resolve(id + "/" + tp + ".vol"));
        TestVolumes.write(v[1], cohort.resolve(id + "/" + tp + "-mask.vol"));
        m.append(id).append(',').append(tp).append(",1,").append(id).append('/').append(tp)
            .append(".vol,").append(id).append('/').append(tp).append("-mask.vol,,full.json,\n");
        good++;
      }
    }
    // reader 2 of P01 with label 2 and no sidecar but a te override -> the sidecar-less rule
    Image3D[] r2 = TestVolumes.pair(100, 2);
    TestVolumes.write(r2[1], cohort.resolve("P01/pre-mask-r2.vol"));
    m.append("P01,pre,2,P01/pre.vol,P01/pre-mask-r2.vol,2,full.json,0.1\n");
    good++;
    // duplicate of the first row
    m.append("P01,pre,1,P01/pre.vol,P01/pre-mask.vol,,full.json,\n");
    BROKEN.put("P01/pre/1#dup", "DuplicateManifestRow");

    Image3D[] b = TestVolumes.pair(7, 1);
    TestVolumes.write(b[0], cohort.resolve("B/img.vol"));
    TestVolumes.write(b[1], cohort.resolve("B/mask.vol"));
    byte[] whole = Files.readAllBytes(cohort.resolve("B/img.vol"));
    Files.write(cohort.resolve("B/truncated.vol"), Arrays.copyOf(whole, whole.length / 2));
    TestVolumes.write(Image3D.of(3, 3, 3, new double[27]), cohort.resolve("B/small-mask.vol"));
    TestVolumes.write(b[1].withVoxels(new double[b[1].size()], "e"), cohort.resolve("B/empty.vol"));
    double[] nan = b[0].voxels().clone();
    nan[0] = Double.NaN;
    TestVolumes.write(b[0].withVoxels(nan, "n"), cohort.resolve("B/nan.vol"));
    m.append("B1,pre,1,B/truncated.vol,B/mask.vol,,full.json,\n");
    BROKEN.put("B1", "IOException");
    m.append("B2,pre,1,B/missing.vol,B/mask.vol,,full.json,\n");
    BROKEN.put("B2", "IOException");
    m.append("B3,pre,1,B/img.vol,B/small-mask.vol,,full.json,\n");
    BROKEN.put("B3", "GeometryMismatch");
    m.append("B4,pre,1,B/img.vol,B/empty.vol,,full.json,\n");
    BROKEN.put("B4", "EmptyRoi");
    m.append("B5,pre,1,B/img.vol,B/mask.vol,5,full.json,\n");
    BROKEN.put("B5", "EmptyRoi");
    m.append("B6,mid,1,B/nan.vol,B/mask.vol,,full.json,\n");
    BROKEN.put("B6", "NonFiniteImage");
    m.append("B7,mid,1,B/img.vol,B/mask.vol,,no-te.json,\n");
    BROKEN.put("B7", "MissingCovariate");
    m.append("B8,mid,1,,B/mask.vol,,full.json,\n");
    BROKEN.put("B8", "ManifestError");
    m.append("B9,mid,1,B/img.vol,B/mask.vol,one,full.json,\n");
    BROKEN.put("B9", "ManifestError");
    manifest = cohort.resolve("manifest.csv");
    Files.writeString(manifest, m.toString());
    outA = shared.resolve("a");
    summaryA = run(outA, 1, "h1", logA);
  }

  static Path copyOfA(Path to) throws Exception {
    try (var files = Files.walk(outA)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path t = to.resolve(outA.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    }
    return to;
  }

  static RunSummary run(Path out, Integer partitions, String hash, List<String> log)
      throws Exception {
    ExtractionJob job = new ExtractionJob(spark, TestVolumes.READER,
        new TestVolumes.Engine(hash), log == null ? s -> { } : log::add);
    return job.run(new ExtractionJob.Options(manifest.toString(), out.toString(), partitions,
        1.0, false, 0, "test engine"));
  }

  /** The table as readers see it: base and incremental commits merged. */
  static Dataset<Row> features(Path out, String hash) throws Exception {
    OutputStore store = new OutputStore(out.toString(), spark.sparkContext()
        .hadoopConfiguration());
    return FeaturesTable.readTable(spark, store, store.table("features", hash));
  }

  static Dataset<Row> errors(Path out, String hash) throws Exception {
    OutputStore store = new OutputStore(out.toString(), spark.sparkContext()
        .hadoopConfiguration());
    return FeaturesTable.readTable(spark, store, store.table("errors", hash));
  }

  /** Rows as text, sorted, without the columns that legitimately differ between runs. */
  static List<String> rows(Dataset<Row> d, String... drop) {
    return d.drop(drop).collectAsList().stream().map(Row::toString).sorted()
        .collect(Collectors.toList());
  }

  @Test
  void goodVolumesGetRowsBrokenOnesOneErrorEach() throws Exception {
    Path out = outA;
    List<String> log = logA;
    RunSummary s = summaryA;
    Dataset<Row> f = features(out, "h1");
    assertEquals(good, f.count());
    assertEquals(good, f.select("patient_id", "timepoint", "reader").distinct().count());
    List<String> cols = Arrays.asList(f.columns());
    // fixed columns first, then the features sorted by name, timepoint last (partition column)
    assertEquals(List.of("original_firstorder_Maximum", "original_firstorder_Mean",
        "original_shape_VoxelVolume", "timepoint"), cols.subList(cols.size() - 4, cols.size()));
    assertTrue(Files.isDirectory(out.resolve("features/settings_hash=h1/timepoint=pre")));
    Row p01r2 = f.filter("patient_id = 'P01' and reader = '2'").first();
    assertEquals(2, (int) p01r2.getAs("label"));
    assertEquals(0.1, (double) p01r2.getAs("te"), 0);
    assertEquals(8L, (long) p01r2.getAs("roi_voxels"));
    assertEquals(8 * 0.7 * 0.7 * 4, (double) p01r2.getAs("roi_volume_mm3"), 1e-9);
    assertEquals(8 * 0.7 * 0.7 * 4, (double) p01r2.getAs("original_shape_VoxelVolume"), 1e-9);
    assertEquals(40 / 7.0, (double) p01r2.getAs("anisotropy"), 1e-12);
    assertEquals(6 * 0.7, (double) p01r2.getAs("fov_x_mm"), 1e-12);
    assertEquals("Philips", p01r2.getAs("manufacturer"));
    assertEquals(64, ((String) p01r2.getAs("image_sha256")).length());
    assertEquals("h1", p01r2.getAs("settings_hash"));

    List<Row> errs = errors(out, "h1").collectAsList();
    assertEquals(BROKEN.size(), errs.size());
    for (Row e : errs) {
      String id = e.getAs("patient_id");
      String expected = BROKEN.get(id.startsWith("B") ? id : "P01/pre/1#dup");
      assertEquals(expected, e.getAs("error_class"), e.toString());
      String msg = e.getAs("message");
      assertFalse(msg.isBlank() || msg.contains("\n"), msg);
      assertTrue(List.of("read", "validate", "extract").contains((String) e.getAs("stage")));
      switch (id) {
        case "B1" -> assertTrue(msg.contains("truncated.vol"), msg);
        case "B2" -> assertTrue(msg.contains("missing.vol") && msg.contains("not found")
            && "read".equals(e.getAs("stage")), msg);
        case "B5" -> assertTrue(msg.contains("no voxel with label 5"), msg);
        case "B7" -> assertTrue(msg.contains("has no EchoTime"), msg);
        case "B8" -> assertEquals("manifest row 22 has no image", msg);
        case "B9" -> assertTrue(msg.contains("label 'one'"), msg);
        case "P01" -> assertEquals("manifest row 14 repeats patient_id=P01, timepoint=pre,"
            + " reader=1 of manifest row 1; the first row is kept", msg);
        default -> { }
      }
    }
    assertEquals(BROKEN.size(), s.errors());
    assertEquals(1, s.duplicates());
    assertFalse(s.exceedsErrorBudget());
    JsonNode run = new ObjectMapper().readTree(out.resolve("_run.json").toFile());
    assertEquals(good, run.path("counts").path("succeeded").asInt());
    assertEquals(BROKEN.size() - 1, run.path("counts").path("failed").asInt());
    assertEquals(0, run.path("counts").path("skipped").asInt());
    assertEquals("h1", run.path("settings_hash").asText());
    assertTrue(Files.exists(out.resolve("_runs/" + s.runId() + ".json")));
    String total = "/" + (good + BROKEN.size() - 1) + " volumes (100%)";
    assertTrue(log.stream().anyMatch(l -> l.startsWith("extract: ") && l.contains(total)),
        String.join("\n", log));
  }

  @Test
  void sameOutputWithOneAndEightPartitions(@TempDir Path out) throws Exception {
    run(out, 8, "h1", null);
    assertEquals(rows(features(outA, "h1"), "extract_ms"), rows(features(out, "h1"), "extract_ms"));
    assertEquals(rows(errors(outA, "h1"), "run_id"), rows(errors(out, "h1"), "run_id"));
  }

  @Test
  void rerunsSkipDoneVolumesAndRecoverFromACrash(@TempDir Path tmp) throws Exception {
    Path out = copyOfA(tmp.resolve("out"));
    List<String> first = rows(features(out, "h1"), "extract_ms");
    List<String> firstErrors = rows(errors(out, "h1"), "run_id");

    RunSummary second = run(out, null, "h1", null);
    assertEquals(good, second.skipped());
    assertEquals(BROKEN.size() - 1, second.processed()); // failures are retried
    assertEquals(0, second.succeeded());
    assertEquals(first, rows(features(out, "h1"), "extract_ms"));
    assertEquals(firstErrors, rows(errors(out, "h1"), "run_id"));

    // a run killed while writing left partial files in its staging area
    Path stale = out.resolve("_staging/20260101T000000Z-dead/features/timepoint=pre");
    Files.createDirectories(stale);
    Files.writeString(stale.resolve("part-00000.parquet"), "half a file");
    Files.writeString(stale.getParent().getParent().resolve("_OWNER"), "20260101T000000Z-dead");
    // and one volume changed since
    Image3D[] changed = TestVolumes.pair(999, 1);
    Path p03 = cohort.resolve("P03/mid.vol");
    byte[] before = Files.readAllBytes(p03);
    try {
      TestVolumes.write(changed[0], p03);
      RunSummary third = run(out, 2, "h1", null);
      assertEquals(good - 1, third.skipped());
      assertEquals(1, third.succeeded());
      assertFalse(Files.exists(out.resolve("_staging")) && Files.list(out.resolve("_staging"))
          .findAny().isPresent());
      Dataset<Row> f = features(out, "h1");
      assertEquals(good, f.count());
      assertEquals(good, f.select("patient_id", "timepoint", "reader").distinct().count());
      List<String> now = rows(f, "extract_ms");
      assertNotEquals(first, now);
      Row p03mid = f.filter("patient_id = 'P03' and timepoint = 'mid'").first();
      assertEquals(new TestVolumes.Engine("x").extract(changed[0], changed[1])
          .get("original_firstorder_Mean"), (double) p03mid.getAs("original_firstorder_Mean"), 0);
      assertEquals(1, now.stream().filter(r -> !first.contains(r)).count(), p03mid.toString());
      assertEquals(firstErrors, rows(errors(out, "h1"), "run_id"));

      // the later runs were committed as deltas; the driver's merged read sees the same rows
      org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
      OutputStore store = new OutputStore(out.toString(), conf);
      assertEquals(2, IncrementalTable.deltas(store.fs(), store.table("features", "h1")).size());
      ParquetFiles.Table onDriver = FeaturesTable.readTableOnDriver(conf, store,
          store.table("features", "h1"), FeaturesTable.ORDER);
      assertEquals(good, onDriver.rows().size());
      Object[] p03row = onDriver.rows().stream().filter(r -> r[onDriver.column("patient_id")]
          .equals("P03") && r[onDriver.column("timepoint")].equals("mid")).findFirst()
          .orElseThrow();
      assertEquals(p03mid.<Double>getAs("original_firstorder_Mean"),
          p03row[onDriver.column("original_firstorder_Mean")]);
      // compaction folds them into one table of the same rows, laid out as one run writes
      List<Compaction.Result> folded = Compaction.run(conf, out.toString(),
          Lease.Policy.DEFAULT, l -> { });
      assertEquals(List.of(new Compaction.Result("h1", "features", 2, good),
          new Compaction.Result("h1", "errors", 2, firstErrors.size())), folded);
      assertEquals(now, rows(features(out, "h1"), "extract_ms"));
      assertEquals(firstErrors, rows(errors(out, "h1"), "run_id"));
      assertEquals(0, IncrementalTable.deltas(store.fs(), store.table("features", "h1")).size());
      assertEquals(partitionDirs(outA), partitionDirs(out));
      assertEquals(List.of(), Compaction.run(conf, out.toString(), Lease.Policy.DEFAULT,
          l -> { }));
    } finally {
      Files.write(p03, before);
    }
  }

  /**
   * Unchanged files are not enough to skip a volume: a re-run whose manifest gives it another
   * covariate override extracts it again (its row then carries the new value), one with the
   * label written out as the default it already had skips it; on both planning paths.
   */
  @Test
  void rerunsExtractAVolumeWhoseCovariatesChangedThoughItsFilesDidNot(@TempDir Path tmp)
      throws Exception {
    String m = Files.readString(manifest);
    String row = "P02,pre,1,P02/pre.vol,P02/pre-mask.vol,,full.json,\n";
    assertTrue(m.contains(row), m);
    Path changed = cohort.resolve("changed-te.csv");
    Files.writeString(changed, m.replace(row, row.replace(",,full.json,\n",
        ",1,full.json,0.05\n")));
    Path sameLabel = cohort.resolve("same-label.csv");
    Files.writeString(sameLabel, m.replace(row, row.replace(",,full.json,", ",1,full.json,")));
    int maxRows = ExtractionJob.DRIVER_MANIFEST_MAX_ROWS;
    try {
      for (int mode = 0; mode < 2; mode++) {
        ExtractionJob.DRIVER_MANIFEST_MAX_ROWS = mode == 0 ? maxRows : 0;
        Path out = copyOfA(tmp.resolve("out" + mode));
        RunSummary same = runManifest(sameLabel, out);
        assertEquals(good, same.skipped(), "mode " + mode);
        RunSummary again = runManifest(changed, out);
        assertEquals(good - 1, again.skipped(), "mode " + mode);
        assertEquals(1, again.succeeded(), "mode " + mode);
        Row p02 = features(out, "h1").filter("patient_id = 'P02' and timepoint = 'pre'").first();
        assertEquals(0.05, (double) p02.getAs("te"), 0, "mode " + mode);
        assertEquals(good, features(out, "h1").count());
        assertEquals(good, runManifest(changed, out).skipped(), "mode " + mode);
      }
    } finally {
      ExtractionJob.DRIVER_MANIFEST_MAX_ROWS = maxRows;
    }
  }

  private static RunSummary runManifest(Path m, Path out) throws Exception {
    ExtractionJob job = new ExtractionJob(spark, TestVolumes.READER,
        new TestVolumes.Engine("h1"), s -> { });
    return job.run(new ExtractionJob.Options(m.toString(), out.toString(), null, 1.0, false, 0,
        "test engine"));
  }

  @Test
  void driverPlannedAndDistributedRunsWriteIdenticalTables(@TempDir Path tmp) throws Exception {
    // outA was planned and written on the driver (small manifest); force the Spark plan and
    // writes, then the driver plan with Spark writes, fresh and over a previous table.
    int maxRows = ExtractionJob.DRIVER_MANIFEST_MAX_ROWS;
    int maxWrite = ExtractionJob.DRIVER_WRITE_MAX_VOLUMES;
    try {
      for (int mode = 0; mode < 2; mode++) {
        ExtractionJob.DRIVER_MANIFEST_MAX_ROWS = mode == 0 ? 0 : maxRows;
        ExtractionJob.DRIVER_WRITE_MAX_VOLUMES = mode == 0 ? maxWrite : 0;
        Path fresh = tmp.resolve("fresh" + mode);
        RunSummary s = run(fresh, 1, "h1", null);
        assertEquals(summaryA.manifestRows(), s.manifestRows());
        assertEquals(summaryA.duplicates(), s.duplicates());
        assertEquals(summaryA.volumes(), s.volumes());
        assertEquals(summaryA.featuresRows(), s.featuresRows());
        assertEquals(summaryA.errors(), s.errors());
        assertEquals(summaryA.errorsRows(), s.errorsRows());
        assertEquals(List.of("manifest", "extract", "write tables", "commit"),
            new ArrayList<>(s.phaseSeconds().keySet()));
        assertEquals(features(outA, "h1").schema(), features(fresh, "h1").schema());
        assertEquals(errors(outA, "h1").schema(), errors(fresh, "h1").schema());
        assertEquals(rows(features(outA, "h1"), "extract_ms"),
            rows(features(fresh, "h1"), "extract_ms"));
        assertEquals(rows(errors(outA, "h1"), "run_id"), rows(errors(fresh, "h1"), "run_id"));
        assertEquals(partitionDirs(outA), partitionDirs(fresh));

        Path again = copyOfA(tmp.resolve("again" + mode));
        RunSummary s2 = run(again, null, "h1", null);
        assertEquals(good, s2.skipped());
        assertEquals(rows(features(outA, "h1"), "extract_ms"),
            rows(features(again, "h1"), "extract_ms"));
        assertEquals(rows(errors(outA, "h1"), "run_id"), rows(errors(again, "h1"), "run_id"));
      }
    } finally {
      ExtractionJob.DRIVER_MANIFEST_MAX_ROWS = maxRows;
      ExtractionJob.DRIVER_WRITE_MAX_VOLUMES = maxWrite;
    }
  }

  /** The timepoint directories of the h1 features table and their number of data files. */
  static List<String> partitionDirs(Path out) throws Exception {
    return partitionDirs(out, "h1");
  }

  /** The timepoint directories of a features table's base and their number of data files. */
  static List<String> partitionDirs(Path out, String hash) throws Exception {
    try (var dirs = Files.list(out.resolve("features/settings_hash=" + hash))) {
      List<String> l = new ArrayList<>();
      for (Path d : (Iterable<Path>) dirs::iterator) {
        if (Files.isDirectory(d) && !d.getFileName().toString().startsWith("_")) {
          try (var files = Files.list(d)) {
            l.add(d.getFileName() + ":" + files.filter(f -> f.getFileName().toString()
                .endsWith(".parquet")).count());
          }
        }
      }
      Collections.sort(l);
      return l;
    }
  }

  @Test
  void newSettingsGetTheirOwnTable(@TempDir Path tmp) throws Exception {
    Path out = copyOfA(tmp.resolve("out"));
    RunSummary s = run(out, null, "h2", null);
    assertEquals(0, s.skipped());
    assertEquals(good, features(out, "h2").count());
    assertEquals(good, features(out, "h1").count());
    assertEquals(List.of("h1", "h2"),
        new OutputStore(out.toString(), spark.sparkContext().hadoopConfiguration())
            .settingsHashes());
    assertEquals(good, FeaturesTable.read(spark, out.toString(), null).count());
    assertEquals("h2", FeaturesTable.read(spark, out.toString(), null)
        .select("settings_hash").distinct().first().getString(0));
  }

  @Test
  void errorBudget() {
    RunSummary base = new RunSummary("r", "", "", 1, "m", "o", "h", "s", "v", "local", 1,
        10, 0, 10, 0, 10, 7, 3, 7, 3, 5, 1.0, 0, Double.NaN, Map.of());
    assertFalse(base.exceedsErrorBudget());
    RunSummary allFailed = new RunSummary("r", "", "", 1, "m", "o", "h", "s", "v", "local", 1,
        10, 1, 9, 0, 9, 0, 9, 0, 10, 0, 1.0, 0, Double.NaN, Map.of());
    assertTrue(allFailed.exceedsErrorBudget());
    RunSummary strict = new RunSummary("r", "", "", 1, "m", "o", "h", "s", "v", "local", 1,
        10, 0, 10, 0, 10, 7, 3, 7, 3, 5, 0.25, 0, Double.NaN, Map.of());
    assertTrue(strict.exceedsErrorBudget());
    assertEquals(0.3, strict.errorFraction(), 1e-12);
  }
}
