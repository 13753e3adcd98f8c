package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.runtime.SharedSpark;
import org.deltarad.tables.FeaturesTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input corpus of the production-safety issue: hostile or broken inputs mixed into one
 * manifest with the first 12 volumes of {@code data-samples/}, through the real reader and
 * engine. Each bad input must be exactly one error row with a clear message, and every good
 * volume must be in {@code features}. Big inputs are made here on the fly, never committed.
 */
class InputSafetyTest {
  static final Path PARAMS = Path.of("../conf/paper-t2w.yaml");
  static final Path SAMPLES = Path.of("../data-samples").toAbsolutePath().normalize();
  static final SparkSession spark = SharedSpark.get();
  @TempDir static Path dir;
  static final int GOOD = 12;
  /** patient_id -> {expected error class, a fragment the message must hold}. */
  static final Map<String, String[]> BAD = new LinkedHashMap<>();
  static RunSummary summary;
  static Path out;

  @BeforeAll
  static void corpusAndRun() throws Exception {
    List<String> sample = Files.readAllLines(SAMPLES.resolve("manifest.csv"));
    StringBuilder m = new StringBuilder(sample.get(0)).append('\n');
    for (String l : sample.subList(1, GOOD + 1)) {
      String[] f = l.split(",");
      for (int i = 3; i < 6; i++) {
        f[i] = SAMPLES.resolve(f[i]).toString();
      }
      m.append(String.join(",", f)).append('\n');
    }
    String[] first = sample.get(1).split(",");
    String mask = SAMPLES.resolve(first[4]).toString();
    String sidecar = SAMPLES.resolve(first[5]).toString();
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);

    writeBomb(bad.resolve("bomb.nii.gz"));
    bad(m, "BOMB", "bad/bomb.nii.gz", mask, sidecar, "MemoryBudgetExceeded",
        "800x800x765 float32");

    Path manifest = dir.resolve("manifest.csv");
    Files.writeString(manifest, m);
    out = dir.resolve("out");
    ExtractionJob job = new ExtractionJob(spark, RadiomicsEngine.READER,
        RadiomicsEngine.fromFile(PARAMS.toString(), spark.sparkContext().hadoopConfiguration()),
        s -> { });
    summary = job.run(new ExtractionJob.Options(manifest.toString(), out.toString(), null, 1.0,
        false, 1000, PARAMS.toString()));
  }

  static void bad(StringBuilder m, String id, String image, String mask, String sidecar,
      String errorClass, String fragment) {
    m.append(id).append(",pre,1,").append(image).append(',').append(mask).append(',')
        .append(sidecar).append('\n');
    BAD.put(id, new String[] {errorClass, fragment});
  }

  /**
   * The bomb: a NIfTI-1 header claiming 800x800x765 float32 (1.96 GB of voxels) whose
   * zero voxels gzip to about 2 MB. Written as concatenated gzip members (which gzip readers
   * join), one member of 64 MiB of zeros repeated, so making it costs milliseconds.
   */
  static void writeBomb(Path file) throws Exception {
    ByteBuffer h = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0, 348);
    short[] dim = {3, 800, 800, 765, 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      h.putShort(40 + 2 * i, dim[i]);
      h.putFloat(76 + 4 * i, 1f);
    }
    h.putShort(70, (short) 16).putShort(72, (short) 32).putFloat(108, 352f);
    h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    long total = 800L * 800 * 765 * 4;
    int chunk = 64 << 20;
    byte[] zeros = gzip(new byte[chunk]);
    try (OutputStream o = Files.newOutputStream(file)) {
      o.write(gzip(h.array()));
      for (long done = 0; done < total; done += chunk) {
        o.write(done + chunk <= total ? zeros : gzip(new byte[(int) (total - done)]));
      }
    }
  }

  static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(buf)) {
      z.write(b);
    }
    return buf.toByteArray();
  }

  @Test
  void bombIsSmallOnDisk() throws Exception {
    long size = Files.size(dir.resolve("bad/bomb.nii.gz"));
    assertTrue(size < 3_000_000, "bomb is " + size + " bytes");
  }

  @Test
  void everyBadInputIsOneErrorRowAndEveryGoodVolumeHasFeatures() throws Exception {
    List<Row> features = FeaturesTable.read(spark, out.toString(), null).collectAsList();
    assertEquals(GOOD, features.size());
    List<Row> errors = spark.read()
        .parquet(out.resolve("errors/settings_hash=" + summary.settingsHash()).toString())
        .collectAsList();
    List<String> ids = new ArrayList<>();
    for (Row e : errors) {
      String id = e.getAs("patient_id");
      ids.add(id);
      String[] want = BAD.get(id);
      String msg = e.getAs("message");
      assertTrue(want != null, "unexpected error row " + e);
      assertEquals(want[0], e.getAs("error_class"), msg);
      assertTrue(msg.contains(want[1]) && !msg.contains("\n"), msg);
    }
    assertEquals(BAD.keySet().stream().sorted().toList(), ids.stream().sorted().toList());
    assertEquals(GOOD, summary.succeeded());
  }
}
