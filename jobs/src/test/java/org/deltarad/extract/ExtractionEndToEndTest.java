package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.cli.Main;
import org.deltarad.features.RadiomicsExtractor;
import org.deltarad.features.RadiomicsSettings;
import org.deltarad.image.Image3D;
import org.deltarad.image.ImageReaders;
import org.deltarad.image.NiftiDatatype;
import org.deltarad.image.NiftiWriter;
import org.deltarad.runtime.SharedSpark;
import org.deltarad.tables.FeaturesTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with the real NIfTI reader and PyRadiomics-equivalent engine, on the first volumes of
 * {@code data-samples/} plus the broken cases the issue lists, written here by hand.
 */
class ExtractionEndToEndTest {
  static final Path PARAMS = Path.of("../conf/paper-t2w.yaml");
  static final SparkSession spark = SharedSpark.get();
  @TempDir static Path dir;
  static Path manifest;
  static int good;
  static String firstKey;
  /** patient_id of each broken row -> expected error class. */
  static final Map<String, String> BROKEN = new TreeMap<>();
  static Path outA;
  static RunSummary summaryA;

  static final Path SAMPLES = Path.of("../data-samples").toAbsolutePath().normalize();
  /** Data rows of data-samples/manifest.csv used (the first patients; all would only cost time). */
  static final int SAMPLE_ROWS = 16;

  @BeforeAll
  static void cohortAndFirstRun() throws Exception {
    Path cohort = dir.resolve("cohort");
    Files.createDirectories(cohort);
    List<String> all = Files.readAllLines(SAMPLES.resolve("manifest.csv"));
    assertEquals("patient_id,timepoint,reader,image,mask,sidecar", all.get(0));
    List<String> lines = new ArrayList<>();
    lines.add(all.get(0));
    for (String l : all.subList(1, SAMPLE_ROWS + 1)) {
      String[] f = l.split(",");
      for (int i = 3; i < 6; i++) {
        f[i] = SAMPLES.resolve(f[i]).toString();
      }
      lines.add(String.join(",", f));
    }
    good = lines.size() - 1;
    String[] first = lines.get(1).split(",");
    firstKey = "patient_id = '" + first[0] + "' and timepoint = '" + first[1]
        + "' and reader = '" + first[2] + "'";
    Path img = Path.of(first[3]);
    Path mask = Path.of(first[4]);
    Image3D image = ImageReaders.read(img.toString());
    Image3D m = ImageReaders.read(mask.toString());
    Path b = cohort.resolve("broken");
    Files.createDirectories(b);

    byte[] gz = Files.readAllBytes(img);
    Files.write(b.resolve("truncated.nii.gz"), Arrays.copyOf(gz, gz.length / 2));
    add(lines, "X1", "broken/truncated.nii.gz", first[4], first[5], "ImageIoException");
    add(lines, "X2", "broken/missing.nii.gz", first[4], first[5], "ImageIoException");
    NiftiWriter.write(Image3D.of(10, 10, 4, new double[400]), NiftiDatatype.UINT8,
        b.resolve("small-mask.nii.gz").toString());
    add(lines, "X3", first[3], "broken/small-mask.nii.gz", first[5], "GeometryMismatch");
    NiftiWriter.write(m.withVoxels(new double[m.size()], "empty"), NiftiDatatype.UINT8,
        b.resolve("empty-mask.nii.gz").toString());
    add(lines, "X4", first[3], "broken/empty-mask.nii.gz", first[5], "EmptyRoi");
    double[] nan = image.voxels().clone();
    nan[nan.length / 2] = Double.NaN;
    NiftiWriter.write(image.withVoxels(nan, "nan"), NiftiDatatype.FLOAT32,
        b.resolve("nan.nii.gz").toString());
    add(lines, "X6", "broken/nan.nii.gz", first[4], first[5], "NonFiniteImage");
    write4d(image, b.resolve("four-d.nii"));
    add(lines, "X7", "broken/four-d.nii", first[4], first[5], "ImageIoException");
    String sidecar = Files.readString(Path.of(first[5]));
    Files.writeString(b.resolve("no-te.json"), sidecar.replaceAll("\"EchoTime\"\\s*:", "\"Echo\":"));
    add(lines, "X8", first[3], first[4], "broken/no-te.json", "MissingCovariate");
    lines.add(lines.get(1)); // duplicate of the first row
    BROKEN.put(first[0], "DuplicateManifestRow");
    // wrong label: needs the label column, so a second manifest part is not possible in CSV;
    // encode it as a row with the label in a column of its own
    List<String> withLabel = new ArrayList<>();
    withLabel.add(lines.get(0) + ",label");
    for (String l : lines.subList(1, lines.size())) {
      withLabel.add(l + ",");
    }
    withLabel.add("X5,pre,1," + first[3] + "," + first[4] + "," + first[5] + ",7");
    BROKEN.put("X5", "EmptyRoi");
    manifest = cohort.resolve("manifest-mixed.csv");
    Files.write(manifest, withLabel);
    outA = dir.resolve("outA");
    summaryA = job(PARAMS).run(options(outA, 1));
  }

  static void add(List<String> lines, String id, String image, String mask, String sidecar,
      String errorClass) {
    lines.add(id + ",pre,1," + image + "," + mask + "," + sidecar);
    BROKEN.put(id, errorClass);
  }

  /** A NIfTI-1 with dim[0] = 4 and two volumes, from a 3-D one written by NiftiWriter. */
  static void write4d(Image3D image, Path file) throws Exception {
    Path tmp = file.resolveSibling("tmp3d.nii");
    NiftiWriter.write(image, NiftiDatatype.INT16, tmp.toString());
    byte[] nii = Files.readAllBytes(tmp);
    Files.delete(tmp);
    int data = nii.length - 352;
    ByteBuffer out = ByteBuffer.allocate(nii.length + data).order(ByteOrder.LITTLE_ENDIAN);
    out.put(nii).put(nii, 352, data);
    out.putShort(40, (short) 4).putShort(48, (short) 2);
    Files.write(file, out.array());
  }

  static ExtractionJob job(Path params) throws Exception {
    return new ExtractionJob(spark, RadiomicsEngine.READER,
        RadiomicsEngine.fromFile(params.toString(), spark.sparkContext().hadoopConfiguration()),
        s -> { });
  }

  static ExtractionJob.Options options(Path out, Integer partitions) {
    return new ExtractionJob.Options(manifest.toString(), out.toString(), partitions, 1.0,
        false, 1000, PARAMS.toString());
  }

  static List<String> rows(Dataset<Row> d, String... drop) {
    return d.drop(drop).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void everyGoodVolumeHasItsRowEveryBrokenOneAnError() throws Exception {
    Dataset<Row> f = FeaturesTable.read(spark, outA.toString(), null);
    assertEquals(good, f.count());
    assertEquals(good, f.select("patient_id", "timepoint", "reader").distinct().count());
    List<String> features = Arrays.stream(f.columns()).filter(c -> c.startsWith("original_"))
        .toList();
    assertEquals(82, features.size());
    assertEquals(features.stream().sorted().toList(), features);

    // the values are the engine's own for that volume
    Row r = f.filter(firstKey).first();
    Map<String, Double> direct = new RadiomicsExtractor(RadiomicsSettings.fromFile(PARAMS))
        .extract(ImageReaders.read(r.getAs("image")), ImageReaders.read(r.getAs("mask")));
    for (String name : features) {
      assertEquals(direct.get(name), (Double) r.getAs(name), name);
    }
    assertEquals(RadiomicsSettings.fromFile(PARAMS).settingsHash(), r.getAs("settings_hash"));
    assertTrue((long) r.getAs("roi_voxels") > 0);
    assertTrue(r.getAs("manufacturer") != null && r.getAs("field_strength") != null);

    List<Row> errors = spark.read()
        .parquet(outA.resolve("errors/settings_hash=" + summaryA.settingsHash()).toString())
        .collectAsList();
    assertEquals(BROKEN.size(), errors.size(), errors.toString());
    for (Row e : errors) {
      String id = e.getAs("patient_id");
      String msg = e.getAs("message");
      assertEquals(BROKEN.get(id), e.getAs("error_class"), e.toString());
      assertTrue(!msg.isBlank() && !msg.contains("\n"), msg);
      switch (id) {
        case "X1" -> assertTrue(msg.contains("truncated.nii.gz"), msg);
        case "X2" -> assertTrue(msg.contains("missing.nii.gz") && msg.contains("not found"), msg);
        case "X3" -> assertTrue(msg.contains("is 10x10x4 but image"), msg);
        case "X5" -> assertTrue(msg.contains("no voxel with label 7"), msg);
        case "X6" -> assertTrue(msg.contains("1 NaN or infinite voxel"), msg);
        case "X7" -> assertTrue(msg.contains("four-d.nii") && msg.contains("4-D"), msg);
        case "X8" -> assertTrue(msg.contains("has no EchoTime"), msg);
        default -> { }
      }
    }
    assertEquals(good, summaryA.succeeded());
  }

  @Test
  void sameTablesWithEightPartitions() throws Exception {
    Path outB = dir.resolve("outB");
    job(PARAMS).run(options(outB, 8));
    String h = "settings_hash=" + summaryA.settingsHash();
    assertEquals(rows(spark.read().parquet(outA.resolve("features/" + h).toString()),
            "extract_ms"),
        rows(spark.read().parquet(outB.resolve("features/" + h).toString()), "extract_ms"));
    assertEquals(rows(spark.read().parquet(outA.resolve("errors/" + h).toString()), "run_id"),
        rows(spark.read().parquet(outB.resolve("errors/" + h).toString()), "run_id"));
  }

  @Test
  void commandLineRerunSkipsEverythingAfterACrash() throws Exception {
    Path out = dir.resolve("outC");
    job(PARAMS).run(options(out, null));
    // killed mid-write: a partial staging area
    Path stale = out.resolve("_staging/dead/features/timepoint=mid");
    Files.createDirectories(stale);
    Files.writeString(stale.resolve("part-00000.snappy.parquet"), "PAR1 partial");
    Files.writeString(out.resolve("_staging/dead/_OWNER"), "dead");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int code;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      code = Main.run("extract-job", "--manifest", manifest.toString(), "--out",
          out.toString(), "--params", PARAMS.toString(), "--partitions", "3");
    } finally {
      System.setOut(old);
    }
    assertEquals(0, code);
    JsonNode run = new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8));
    assertEquals(good, run.path("counts").path("skipped").asInt());
    assertEquals(0, run.path("counts").path("succeeded").asInt());
    assertEquals(BROKEN.size() - 1, run.path("counts").path("failed").asInt());
    assertEquals(run, new ObjectMapper().readTree(out.resolve("_run.json").toFile()));
    assertTrue(!Files.exists(out.resolve("_staging/dead")));
    Dataset<Row> f = FeaturesTable.read(spark, out.toString(), null);
    assertEquals(good, f.count());
    assertEquals(good, f.select("patient_id", "timepoint", "reader").distinct().count());
  }

  @Test
  void changedSettingsRecomputeUnderANewHash() throws Exception {
    Path out = dir.resolve("outD");
    Path params2 = dir.resolve("bw20.yaml");
    Files.writeString(params2, Files.readString(PARAMS).replace("binWidth: 10", "binWidth: 20"));
    RunSummary s1 = job(PARAMS).run(options(out, null));
    RunSummary s2 = job(params2).run(new ExtractionJob.Options(manifest.toString(),
        out.toString(), null, 1.0, false, 1000, params2.toString()));
    assertNotEquals(s1.settingsHash(), s2.settingsHash());
    assertEquals(0, s2.skipped());
    assertEquals(good, s2.succeeded());
    Dataset<Row> f1 = FeaturesTable.read(spark, out.toString(), s1.settingsHash());
    Dataset<Row> f2 = FeaturesTable.read(spark, out.toString(), null);
    assertEquals(good, f1.count());
    assertEquals(good, f2.count());
    assertEquals(1, f2.select("settings_hash").distinct().count());
    double e1 = f1.filter(firstKey)
        .first().getAs("original_firstorder_Entropy");
    double e2 = f2.filter(firstKey)
        .first().getAs("original_firstorder_Entropy");
    assertNotEquals(e1, e2);
  }

  @Test
  void everythingFailedMeansExitCodeOne() throws Exception {
    Path m = dir.resolve("cohort/all-broken.csv");
    Files.writeString(m, "patient_id,timepoint,reader,image,mask\n"
        + "Z1,pre,1,broken/missing.nii.gz,broken/missing.nii.gz\n");
    assertEquals(1, Main.run("extract-job", "--manifest", m.toString(), "--out",
        dir.resolve("outE").toString(), "--params", PARAMS.toString()));
    assertEquals(2, Main.run("extract-job", "--manifest", m.toString(), "--out",
        dir.resolve("outE").toString(), "--max-error-fraction", "2"));
  }
}
