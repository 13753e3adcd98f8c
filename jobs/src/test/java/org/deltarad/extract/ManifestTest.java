package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deltarad.runtime.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @TempDir Path dir;
  final SparkSession spark = SharedSpark.get();

  @Test
  void csvColumnsAreCanonicalisedAndPathsResolved() throws Exception {
    Path m = dir.resolve("cohort/manifest.csv");
    Files.createDirectories(m.getParent());
    Files.writeString(m, " Patient_ID ,TimePoint,reader,image,mask,extra,te\n"
        + "P1,pre,1,img/p1.nii.gz,/abs/m.nii,x, \n"
        + "P2,mid,2,s3a://bucket/i.nii,../up/m.nii,y,0.1\n");
    List<Row> rows = Manifest.load(spark, m.toString()).orderBy("manifest_row").collectAsList();
    assertEquals(2, rows.size());
    Row r = rows.get(0);
    String base = "file:" + dir.resolve("cohort");
    assertEquals(1L, (long) r.getAs("manifest_row"));
    assertEquals("P1", r.getAs("patient_id"));
    assertEquals(base + "/img/p1.nii.gz", r.getAs("image"));
    assertEquals("/abs/m.nii", r.getAs("mask"));
    assertNull(r.getAs("te"));
    assertNull(r.getAs("sidecar"));
    Row r2 = rows.get(1);
    assertEquals(2L, (long) r2.getAs("manifest_row"));
    assertEquals("s3a://bucket/i.nii", r2.getAs("image"));
    assertEquals("file:" + dir.resolve("up/m.nii"), r2.getAs("mask"));
    assertEquals("0.1", r2.getAs("te"));
  }

  @Test
  void parquetManifestWithTypedColumns() throws Exception {
    String out = dir.resolve("m.parquet").toString();
    spark.sql("select 'P1' as patient_id, 'pre' as timepoint, 1 as reader, 'a.nii' as image,"
        + " 'b.nii' as mask, 2 as label").write().parquet(out);
    Row r = Manifest.load(spark, out).collectAsList().get(0);
    assertEquals("1", r.getAs("reader"));
    assertEquals("2", r.getAs("label"));
    assertEquals("file:" + dir.resolve("m.parquet/a.nii"), r.getAs("image"));
  }

  @Test
  void unusableManifestsFailWithOneClearLine() throws Exception {
    Path m = dir.resolve("bad.csv");
    Files.writeString(m, "patient_id,timepoint,image\nP1,pre,a.nii\n");
    Manifest.ManifestException e = assertThrows(Manifest.ManifestException.class,
        () -> Manifest.load(spark, m.toString()));
    assertEquals("manifest " + m + " lacks column(s) reader, mask (it has: patient_id, timepoint,"
        + " image)", e.getMessage());
    e = assertThrows(Manifest.ManifestException.class,
        () -> Manifest.load(spark, dir.resolve("none.csv").toString()));
    assertTrue(e.getMessage().endsWith("none.csv does not exist"), e.getMessage());
  }
}
