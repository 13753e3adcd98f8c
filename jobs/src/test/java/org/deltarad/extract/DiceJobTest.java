package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.deltarad.analysis.DiceAgreement;
import org.deltarad.image.Image3D;
import org.deltarad.image.ImageReaders;
import org.deltarad.image.NiftiDatatype;
import org.deltarad.image.NiftiWriter;
import org.deltarad.runtime.SharedSpark;
import org.deltarad.tables.ParquetFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dice job on {@code data-samples/} (whose generator recorded each reader-2 mask's Dice with
 * reader 1 in {@code latent.csv}, to 4 decimals, and reader 1's voxel counts) plus broken cases
 * written here: a missing mask, a mask of another geometry, an empty mask, a repeated row.
 */
class DiceJobTest {
  static final SparkSession spark = SharedSpark.get();
  static final Path SAMPLES = Path.of("../data-samples").toAbsolutePath().normalize();
  @TempDir
  static Path dir;
  static Path manifest;
  static DiceJob.Summary summary;
  static ParquetFiles.Table dice;
  static ParquetFiles.Table errors;

  @BeforeAll
  static void run() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(SAMPLES.resolve("manifest.csv")));
    String header = lines.get(0);
    List<String> out = new ArrayList<>();
    out.add(header);
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      for (int i = 3; i < 6; i++) {
        f[i] = SAMPLES.resolve(f[i]).toString();
      }
      out.add(String.join(",", f));
    }
    String m1 = SAMPLES.resolve("P0004/pre/mask_reader1.nii.gz").toString();
    String m2 = SAMPLES.resolve("P0004/pre/mask_reader2.nii.gz").toString();
    Image3D mask = ImageReaders.read(m1);
    Path shifted = dir.resolve("shifted.nii.gz");
    double[] origin = mask.origin().clone();
    origin[0] += 1.5;
    NiftiWriter.write(new Image3D(mask.nx(), mask.ny(), mask.nz(), mask.voxels(),
        mask.spacing(), origin, mask.direction(), "shifted"), NiftiDatatype.UINT8,
        shifted.toString());
    Path empty = dir.resolve("empty.nii.gz");
    NiftiWriter.write(mask.withVoxels(new double[mask.size()], "empty"), NiftiDatatype.UINT8,
        empty.toString());
    String img = SAMPLES.resolve("P0004/pre/T2w.nii.gz").toString();
    out.add("X1,pre,1," + img + "," + m1 + ",");
    out.add("X1,pre,2," + img + "," + dir.resolve("missing.nii.gz") + ",");
    out.add("X2,pre,1," + img + "," + m1 + ",");
    out.add("X2,pre,2," + img + "," + shifted + ",");
    out.add("X3,pre,1," + img + "," + m1 + ",");
    out.add("X3,pre,2," + img + "," + empty + ",");
    out.add("X4,pre,2," + img + "," + m2 + ",");
    out.add("X4,pre,2," + img + "," + m1 + ",");
    manifest = dir.resolve("manifest.csv");
    Files.write(manifest, out);
    summary = job(dir.resolve("out"), 3);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    dice = ParquetFiles.read(conf, dir.resolve("out/dice").toString());
    errors = ParquetFiles.read(conf, dir.resolve("out/dice_errors").toString());
  }

  static DiceJob.Summary job(Path out, Integer partitions) throws Exception {
    return new DiceJob(spark, RadiomicsEngine.READER, msg -> { }).run(new DiceJob.Options(
        manifest.toString(), out.toString(), "1", "2", partitions));
  }

  @Test
  void diceOfEveryTwoReaderScanEqualsTheGeneratorsValue() throws Exception {
    Map<String, String[]> latent = new HashMap<>();
    List<String> rows = Files.readAllLines(SAMPLES.resolve("latent.csv"));
    List<String> cols = List.of(rows.get(0).split(","));
    for (String l : rows.subList(1, rows.size())) {
      latent.put(l.split(",")[0], l.split(",", -1));
    }
    int checked = 0;
    for (Object[] r : dice.rows()) {
      String pid = (String) r[dice.column("patient_id")];
      if (pid.startsWith("X")) {
        continue;
      }
      String tp = (String) r[dice.column("timepoint")];
      String[] truth = latent.get(pid);
      double d = (Double) r[dice.column("dice")];
      long a = (Long) r[dice.column("voxels_a")];
      long b = (Long) r[dice.column("voxels_b")];
      long both = (Long) r[dice.column("voxels_both")];
      assertEquals(2.0 * both / (a + b), d, 0.0, pid + " " + tp);
      assertEquals(Double.parseDouble(truth[cols.indexOf("dice_" + tp)]), d, 5.001e-5,
          pid + " " + tp);
      assertEquals(Long.parseLong(truth[cols.indexOf("mask_voxels_" + tp)]), a, pid + " " + tp);
      checked++;
    }
    // data-samples: 20 of 80 patients have a second reader, at both time points
    assertEquals(40, checked);
    // X4: the first of its repeated reader-2 rows is used (reader 1 has none: no case)
    DiceAgreement agreement = DiceAgreement.read(spark.sparkContext().hadoopConfiguration(),
        dir.resolve("out").toString(), List.of("pre", "mid"), true);
    DiceAgreement.TimePoint pre = agreement.timepoints().get(0);
    DiceAgreement.TimePoint mid = agreement.timepoints().get(1);
    assertEquals("pre", pre.timepoint());
    // the generator's targets: N(0.85, 0.03) pre, N(0.60, 0.07) mid
    assertTrue(pre.median() > 0.82 && pre.median() < 0.88, pre.toString());
    assertTrue(mid.median() > 0.52 && mid.median() < 0.68, mid.toString());
  }

  @Test
  void brokenCasesAreErrorRowsNamingTheCase() {
    Map<String, String> byCase = new HashMap<>();
    for (Object[] r : errors.rows()) {
      String msg = (String) r[errors.column("message")];
      String pid = (String) r[errors.column("patient_id")];
      byCase.put(pid, r[errors.column("error_class")] + " reader " + r[errors.column("reader")]);
      assertTrue(msg.contains(pid + " pre"), msg);
      assertTrue(!msg.contains("\n"), msg);
    }
    assertEquals(Map.of("X1", "ImageIoException reader 2", "X2", "GeometryMismatch reader 2",
        "X3", "EmptyRoi reader 2", "X4", "DuplicateManifestRow reader 2"), byCase);
    assertEquals(4, summary.errors());
    assertEquals(43, summary.pairs());
    assertEquals(40, summary.compared());
  }

  @Test
  void tablesDoNotDependOnThePartitioning() throws Exception {
    job(dir.resolve("one"), 1);
    ParquetFiles.Table one = ParquetFiles.read(spark.sparkContext().hadoopConfiguration(),
        dir.resolve("one/dice").toString());
    assertEquals(dice.rows().size(), one.rows().size());
    for (int i = 0; i < one.rows().size(); i++) {
      assertEquals(List.of(dice.rows().get(i)), List.of(one.rows().get(i)));
    }
  }

  @Test
  void noCaseWithBothReadersIsAClearError() throws Exception {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> new DiceJob(spark, RadiomicsEngine.READER, msg -> { }).run(new DiceJob.Options(
            manifest.toString(), dir.resolve("none").toString(), "1", "3", null)));
    assertTrue(ex.getMessage().contains("no patient and time point with masks of both readers"
        + " 1 and 3"), ex.getMessage());
  }
}
