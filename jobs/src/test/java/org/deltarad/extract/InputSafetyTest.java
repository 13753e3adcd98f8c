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
import org.deltarad.image.Image3D;
import org.deltarad.image.ImageReaders;
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
  /** Good volumes: 12 sample rows, the last with an id holding a newline. */
  static final int GOOD = 12;
  /** patient_id -> {expected error class, a fragment the message must hold}. */
  static final Map<String, String[]> BAD = new LinkedHashMap<>();
  static RunSummary summary;
  /** The first patient's id, quoted as written, and the id it decodes to. */
  static final Map<String, String> QUOTED = Map.of("P0001", "\"Q,\"\"x\"\"\"");
  static final String DECODED = "Q,\"x\"";
  static Path out;

  @BeforeAll
  static void corpusAndRun() throws Exception {
    List<String> sample = Files.readAllLines(SAMPLES.resolve("manifest.csv"));
    StringBuilder m = new StringBuilder(sample.get(0)).append('\n');
    for (String l : sample.subList(1, GOOD)) {
      String[] f = l.split(",");
      for (int i = 3; i < 6; i++) {
        f[i] = SAMPLES.resolve(f[i]).toString();
      }
      // ids as a CSV writer quotes them: a comma and quotes, a newline
      f[0] = QUOTED.getOrDefault(f[0], f[0]);
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

    // inputs that are not regular files: a FIFO (opening it would block), a symbolic link loop
    Process mk = new ProcessBuilder("mkfifo", bad.resolve("fifo.nii.gz").toString()).start();
    assertEquals(0, mk.waitFor());
    bad(m, "FIFO", "bad/fifo.nii.gz", mask, sidecar, "ImageIoException", "not a regular file");
    Files.createSymbolicLink(bad.resolve("loop.nii.gz"), bad.resolve("loop2.nii.gz"));
    Files.createSymbolicLink(bad.resolve("loop2.nii.gz"), bad.resolve("loop.nii.gz"));
    bad(m, "LOOP", "bad/loop.nii.gz", mask, sidecar, "ImageIoException", "symbolic link loop");

    // a detached NRRD header whose data file climbs out of its directory to a file of the
    // right size (the "system file")
    Image3D image = ImageReaders.read(SAMPLES.resolve(first[3]).toString());
    ByteBuffer raw = ByteBuffer.allocate(2 * image.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : image.voxels()) {
      raw.putShort((short) v);
    }
    Files.write(dir.resolve("outside.raw"), raw.array());
    Files.createDirectories(bad.resolve("nrrd"));
    Files.writeString(bad.resolve("nrrd/escape.nhdr"), "NRRD0004\ntype: short\ndimension: 3\n"
        + "sizes: " + image.nx() + " " + image.ny() + " " + image.nz() + "\nencoding: raw\n"
        + "endian: little\ndata file: ../../outside.raw\n");
    bad(m, "NRRDUP", "bad/nrrd/escape.nhdr", mask, sidecar, "ImageIoException",
        "lies outside the header's directory");

    // spacing 0 and NaN: an error, not 1 mm
    byte[] nii = gunzip(Files.readAllBytes(SAMPLES.resolve(first[3])));
    ByteBuffer.wrap(nii).order(ByteOrder.LITTLE_ENDIAN).putFloat(80, 0f);
    Files.write(bad.resolve("pixdim0.nii"), nii);
    bad(m, "PIX0", "bad/pixdim0.nii", mask, sidecar, "ImageIoException",
        "invalid spacing pixdim[1] = 0.0");
    ByteBuffer.wrap(nii).order(ByteOrder.LITTLE_ENDIAN).putFloat(80, 0.7f)
        .putFloat(88, Float.NaN);
    Files.write(bad.resolve("pixdimnan.nii"), nii);
    bad(m, "PIXNAN", "bad/pixdimnan.nii", mask, sidecar, "ImageIoException",
        "invalid spacing pixdim[3] = NaN");

    // a record with a field more than the header: one error row, naming the manifest row
    m.append("RAGGED,pre,1,a.nii.gz,b.nii.gz,c.json,surplus\n");
    BAD.put("RAGGED", new String[] {"ManifestError", "row 18 has 7 fields, the header has 6"});
    // an id with a newline inside quotes is one record, not two
    String[] second = sample.get(GOOD).split(",");
    m.append("\"NL\nline\"\"\",").append(second[1]).append(',').append(second[2]);
    for (int i = 3; i < 6; i++) {
      m.append(',').append(SAMPLES.resolve(second[i]));
    }
    m.append('\n');

    // an infinite scl_inter is ignored, as before, but said so in the row: a good volume
    byte[] inter = gunzip(Files.readAllBytes(SAMPLES.resolve(first[3])));
    ByteBuffer.wrap(inter).order(ByteOrder.LITTLE_ENDIAN).putFloat(112, 2f)
        .putFloat(116, Float.POSITIVE_INFINITY);
    Files.write(bad.resolve("inter-inf.nii"), inter);
    m.append("WARN,pre,1,").append(bad.resolve("inter-inf.nii")).append(',').append(mask)
        .append(',').append(sidecar).append('\n');

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
    writeBomb(file, new short[] {800, 800, 765}, (short) 16, (short) 32);
  }

  /** As {@link #writeBomb(Path)}, claiming {@code size} voxels of NIfTI datatype and bitpix. */
  static void writeBomb(Path file, short[] size, short datatype, short bitpix) throws Exception {
    ByteBuffer h = ByteBuffer.allocate(352).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0, 348);
    short[] dim = {3, size[0], size[1], size[2], 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      h.putShort(40 + 2 * i, dim[i]);
      h.putFloat(76 + 4 * i, 1f);
    }
    h.putShort(70, datatype).putShort(72, bitpix).putFloat(108, 352f);
    h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    long total = (long) size[0] * size[1] * size[2] * (bitpix / 8);
    int chunk = 64 << 20;
    byte[] zeros = gzip(new byte[chunk]);
    try (OutputStream o = Files.newOutputStream(file)) {
      o.write(gzip(h.array()));
      for (long done = 0; done < total; done += chunk) {
        o.write(done + chunk <= total ? zeros : gzip(new byte[(int) (total - done)]));
      }
    }
  }

  static byte[] gunzip(byte[] gz) throws Exception {
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
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
    assertEquals(GOOD + 1, features.size());
    for (Row f : features) {
      String w = f.getAs("warnings");
      if (f.getAs("patient_id").equals("WARN")) {
        assertEquals("image: scl_inter Infinity is not finite: intensity scaling ignored"
            + " (scl_slope 2.0)", w);
      } else {
        assertEquals(null, w, f.toString());
      }
    }
    List<String> patients = features.stream().map(r -> (String) r.getAs("patient_id")).toList();
    assertTrue(patients.contains(DECODED) && patients.contains("NL\nline\""), patients.toString());
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
    assertEquals(GOOD + 1, summary.succeeded());
  }

  /** An engine that runs out of memory on one volume, as the executor did. */
  static final class GreedyEngine implements FeatureEngine {
    private static final long serialVersionUID = 1L;
    private final TestVolumes.Engine plain = new TestVolumes.Engine("oom");

    @Override
    public Map<String, Double> extract(Image3D image, Image3D mask) {
      if (image.source().contains("greedy")) {
        throw new OutOfMemoryError("Java heap space");
      }
      return plain.extract(image, mask);
    }

    @Override
    public List<String> featureNames() {
      return plain.featureNames();
    }

    @Override
    public String settingsHash() {
      return plain.settingsHash();
    }

    @Override
    public int defaultLabel() {
      return 1;
    }
  }

  @Test
  void anOutOfMemoryErrorFailsItsRowAndTheJobGoesOn() throws Exception {
    Path cohort = dir.resolve("oom");
    StringBuilder m = new StringBuilder("patient_id,timepoint,reader,image,mask\n");
    for (int p = 0; p < 4; p++) {
      Image3D[] v = TestVolumes.pair(p, 1);
      String img = p == 2 ? "greedy" + p + ".vol" : "img" + p + ".vol";
      TestVolumes.write(v[0], cohort.resolve(img));
      TestVolumes.write(v[1], cohort.resolve("mask" + p + ".vol"));
      m.append("P").append(p).append(",pre,1,").append(img).append(",mask").append(p)
          .append(".vol\n");
    }
    Files.writeString(cohort.resolve("manifest.csv"), m);
    Path o = dir.resolve("oom-out");
    RunSummary s = new ExtractionJob(spark, TestVolumes.READER, new GreedyEngine(), x -> { })
        .run(new ExtractionJob.Options(cohort.resolve("manifest.csv").toString(), o.toString(),
            2, 1.0, false, 1000, "greedy"));
    assertEquals(3, s.succeeded());
    Row e = spark.read().parquet(o.resolve("errors/settings_hash=oom").toString()).first();
    assertEquals("P2", e.getAs("patient_id"));
    assertEquals("OutOfMemoryError", e.getAs("error_class"));
    assertEquals("extract", e.getAs("stage"));
    String msg = e.getAs("message");
    assertTrue(msg.contains("greedy2.vol: out of memory in stage extract (Java heap space"), msg);
  }
}
