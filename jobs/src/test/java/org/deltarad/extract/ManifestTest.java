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

  /** RFC 4180 as any CSV writer writes it, read the same by the driver and by Spark. */
  @Test
  void standardCsvQuotingIsDecoded() throws Exception {
    String body = "\uFEFFpatient_id,timepoint,reader,image,mask\r\n"
        + "\"Q,\"\"x\"\"\",pre,1,a.nii,b.nii\r\n"
        + "\"two\r\nline\"\"\",mid,1,c.nii,d.nii\r\n"
        + "R,pre,1,e.nii,f.nii,extra\r\n"
        + "S,pre,1,g.nii\r\n"
        + "T,pre,1,h.nii,i.nii\r\n";
    Path csv = dir.resolve("q/manifest.csv");
    Files.createDirectories(csv.getParent());
    Files.writeString(csv, body);
    sameOnDriver(csv.toString());
    List<Row> rows = Manifest.loadOnDriver(spark.sparkContext().hadoopConfiguration(),
        csv.toString(), 1000);
    assertEquals(5, rows.size());
    assertEquals("Q,\"x\"", rows.get(0).getAs("patient_id"));
    // univocity (Spark's parser) ends lines inside a quoted value with \n
    assertEquals("two\nline\"", rows.get(1).getAs("patient_id"));
    assertNull(rows.get(0).getAs(Manifest.PROBLEM));
    assertNull(rows.get(1).getAs(Manifest.PROBLEM));
    assertEquals("manifest " + csv + " row 3 has 6 fields, the header has 5",
        rows.get(2).getAs(Manifest.PROBLEM));
    assertEquals("manifest " + csv + " row 4 has 4 fields, the header has 5",
        rows.get(3).getAs(Manifest.PROBLEM));
    assertEquals(5L, (long) rows.get(4).getAs(Manifest.ROW));
    assertNull(rows.get(4).getAs(Manifest.PROBLEM));
  }

  @Test
  void pyRadiomicsBatchCsvIsAManifest() throws Exception {
    Path csv = dir.resolve("py/batch.csv");
    Files.createDirectories(csv.getParent());
    Files.writeString(csv, "Image,Mask,Label\nP1/pre/T2w.nii.gz,P1/pre/mask.nii.gz,2\n"
        + "./P2/T2w.nrrd,P2/mask.nrrd,\n");
    sameOnDriver(csv.toString());
    List<Row> rows = Manifest.loadOnDriver(spark.sparkContext().hadoopConfiguration(),
        csv.toString(), 1000);
    assertEquals("P1/pre/T2w", rows.get(0).getAs("patient_id"));
    assertEquals(Manifest.BATCH_TIMEPOINT, rows.get(0).getAs("timepoint"));
    assertEquals(Manifest.BATCH_READER, rows.get(0).getAs("reader"));
    assertEquals("2", rows.get(0).getAs("label"));
    assertEquals("file:" + dir.resolve("py/P1/pre/T2w.nii.gz"), rows.get(0).getAs("image"));
    assertEquals("P2/T2w", rows.get(1).getAs("patient_id"));
    Path withId = dir.resolve("py/with-id.csv");
    Files.writeString(withId, "ID,Image,Mask,timepoint\ncase7,a.nii,b.nii,mid\n");
    sameOnDriver(withId.toString());
    Row r = Manifest.loadOnDriver(spark.sparkContext().hadoopConfiguration(),
        withId.toString(), 1000).get(0);
    assertEquals("case7", r.getAs("patient_id"));
    assertEquals("mid", r.getAs("timepoint"));
  }

  /** The driver's reading gives the rows Spark's gives (as text, in manifest order). */
  private void sameOnDriver(String uri) {
    List<String> spark1 = Manifest.load(spark, uri).orderBy("manifest_row").collectAsList()
        .stream().map(Row::toString).toList();
    List<Row> driver = Manifest.loadOnDriver(spark.sparkContext().hadoopConfiguration(), uri,
        1000);
    assertTrue(driver != null, uri);
    assertEquals(spark1, driver.stream().map(Row::toString).toList(), uri);
  }

  @Test
  void driverReadingMatchesSparkReading() throws Exception {
    String body = "\n Patient_ID ,TimePoint,reader,image,mask,extra,te,EXTRA,\n"
        + "P1,pre,1,img/p1.nii.gz,/abs/m.nii,x, ,y,\n"
        + "\n   \n"
        + "\"P,2\",\"mid\",2,\"s3a://b/i \"\"q\"\".nii\",../up/m.nii,y,0.1\n"
        + "P3,pre\n"
        + "P4,pre,1,a,b,c,1e-3,d,e,f,g\n"
        + ",pre,1,a,b,,,,\n"
        + "P1,pre,1,again.nii,m.nii,,,,\n";
    Path csv = dir.resolve("c/manifest.csv");
    Files.createDirectories(csv.getParent());
    Files.writeString(csv, body);
    sameOnDriver(csv.toString());
    Path tsv = dir.resolve("c/manifest.tsv");
    Files.writeString(tsv, body.replace(',', '\t'));
    sameOnDriver(tsv.toString());
    Path gz = dir.resolve("c/manifest.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    sameOnDriver(gz.toString());
    // one Parquet file with typed columns
    String pq = dir.resolve("p").toString();
    spark.sql("select 'P1' as patient_id, 'pre' as timepoint, 1 as reader, 'a.nii' as image,"
        + " 'b.nii' as mask, 2L as label, 1.5d as te, true as nex union all select 'P2', null,"
        + " 2, 'c.nii', 'd.nii', null, 1e7d, false").coalesce(1).write().parquet(pq);
    try (var files = Files.list(Path.of(pq))) {
      Path part = files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .findFirst().orElseThrow();
      Path single = dir.resolve("c/m.parquet");
      Files.copy(part, single);
      sameOnDriver(single.toString());
    }
    // too many rows, or a directory: left to Spark
    assertNull(Manifest.loadOnDriver(spark.sparkContext().hadoopConfiguration(),
        csv.toString(), 3));
    assertNull(Manifest.loadOnDriver(spark.sparkContext().hadoopConfiguration(), pq, 1000));
    // the same errors for unusable manifests
    Path bad = dir.resolve("c/bad.csv");
    Files.writeString(bad, "patient_id,timepoint,image,Image\nP1,pre,a.nii,b\n");
    String viaSpark = assertThrows(Manifest.ManifestException.class,
        () -> Manifest.load(spark, bad.toString())).getMessage();
    assertEquals(viaSpark, assertThrows(Manifest.ManifestException.class,
        () -> Manifest.loadOnDriver(spark.sparkContext().hadoopConfiguration(), bad.toString(),
            1000)).getMessage());
  }
}
