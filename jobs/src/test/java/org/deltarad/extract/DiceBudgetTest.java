package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.runtime.SharedSpark;
import org.deltarad.tables.ParquetFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One oversized mask is one {@code dice_errors} row, not the end of the job: a 1 MB
 * {@code .nii.gz} whose header claims 1000x1000x500 int16 (1 GB of voxels, over the 1 GB a
 * volume of the tests' 4 GB heap and 2 slots may take) is refused from its header, and so is an
 * out-of-memory error while a pair is compared; the good case beside it is compared.
 */
class DiceBudgetTest {
  static final SparkSession spark = SharedSpark.get();
  static final Path SAMPLES = Path.of("../data-samples").toAbsolutePath().normalize();
  @TempDir Path dir;

  @Test
  void anOversizedMaskIsOneErrorRowAndTheGoodCaseIsCompared() throws Exception {
    Path bomb = dir.resolve("bomb.nii.gz");
    writeBomb(bomb);
    assertTrue(Files.size(bomb) < 3_000_000, "bomb is " + Files.size(bomb) + " bytes");
    String img = SAMPLES.resolve("P0004/pre/T2w.nii.gz").toString();
    String m1 = SAMPLES.resolve("P0004/pre/mask_reader1.nii.gz").toString();
    String m2 = SAMPLES.resolve("P0004/pre/mask_reader2.nii.gz").toString();
    Path manifest = Files.write(dir.resolve("manifest.csv"), List.of(
        "patient_id,timepoint,reader,image,mask", "BIG,pre,1," + img + "," + m1,
        "BIG,pre,2," + img + "," + bomb, "P0004,pre,1," + img + "," + m1,
        "P0004,pre,2," + img + "," + m2));
    Path out = dir.resolve("out");
    DiceJob.Summary s = new DiceJob(spark, RadiomicsEngine.READER, msg -> { }).run(
        new DiceJob.Options(manifest.toString(), out.toString(), "1", "2", 2));
    assertEquals(2, s.pairs());
    assertEquals(1, s.compared());
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ParquetFiles.Table dice = ParquetFiles.read(conf, out.resolve("dice").toString());
    assertEquals(1, dice.rows().size());
    assertEquals("P0004", dice.rows().get(0)[dice.column("patient_id")]);
    ParquetFiles.Table errors = ParquetFiles.read(conf, out.resolve("dice_errors").toString());
    assertEquals(1, errors.rows().size());
    Object[] e = errors.rows().get(0);
    assertEquals("BIG", e[errors.column("patient_id")]);
    assertEquals("2", e[errors.column("reader")]);
    assertEquals("read", e[errors.column("stage")]);
    assertEquals("MemoryBudgetExceeded", e[errors.column("error_class")]);
    String msg = (String) e[errors.column("message")];
    assertTrue(msg.startsWith("BIG pre, reader 2: " + bomb + ": mask 1000x1000x500 int16 with"
        + " the other reader's "), msg);
    assertTrue(msg.contains("over the memory budget of one volume"), msg);
    assertTrue(!msg.contains("\n"), msg);
  }

  @Test
  void anOutOfMemoryErrorComparingAPairIsThatPairsErrorRow() {
    String m1 = SAMPLES.resolve("P0004/pre/mask_reader1.nii.gz").toString();
    DiceJob.Pair p = new DiceJob.Pair("P1", "mid", "1", "2", m1, "/data/huge.nii.gz", 1, 1, 3,
        4);
    VolumeReader oom = (uri, conf) -> {
      if (uri.equals("/data/huge.nii.gz")) {
        throw new OutOfMemoryError("Java heap space");
      }
      return RadiomicsEngine.READER.read(uri, conf);
    };
    VolumeBudget budget = new VolumeBudget(1L << 30, "test");
    DiceJob.Outcome o = DiceJob.compareOne(p, oom, budget, new Configuration(), "run");
    assertNull(o.dice());
    Row e = o.error();
    assertEquals("2", e.getString(2));
    assertEquals("/data/huge.nii.gz", e.getString(3));
    assertEquals("read", e.getString(4));
    assertEquals("OutOfMemoryError", e.getString(5));
    assertTrue(e.getString(6).startsWith("P1 mid, reader 2: /data/huge.nii.gz: out of memory in"
        + " stage read (Java heap space, heap "), e.getString(6));
    assertEquals(4L, e.get(7));
    // the same reader compares a good pair
    DiceJob.Pair good = new DiceJob.Pair("P1", "pre", "1", "2", m1, m1, 1, 1, 1, 2);
    assertEquals(1.0, DiceJob.compareOne(good, oom, budget, new Configuration(), "run").dice()
        .getDouble(2), 0.0);
  }

  /** A NIfTI-1 header claiming 1000x1000x500 int16 whose zero voxels gzip to about 1 MB. */
  static void writeBomb(Path file) throws Exception {
    InputSafetyTest.writeBomb(file, new short[] {1000, 1000, 500}, (short) 4, (short) 16);
  }
}
