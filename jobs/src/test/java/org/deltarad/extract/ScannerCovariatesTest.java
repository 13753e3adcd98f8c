package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deltarad.extract.StageException.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerCovariatesTest {
  @TempDir Path dir;
  final Configuration conf = new Configuration();

  private String sidecar(String json) throws Exception {
    Path p = dir.resolve("s.json");
    Files.writeString(p, json);
    return p.toUri().toString();
  }

  private static final String FULL = "{\"Manufacturer\":\"Siemens\",\"MagneticFieldStrength\":3,"
      + "\"RepetitionTime\":4.5,\"EchoTime\":0.1,\"FlipAngle\":150,\"SliceThickness\":4,"
      + "\"NumberOfAverages\":\"2\"}";

  @Test
  void readsEveryFieldFromTheSidecar() throws Exception {
    ScannerCovariates c = ScannerCovariates.resolve(sidecar(FULL), new HashMap<>(), conf);
    assertEquals("Siemens", c.manufacturer());
    assertEquals(3.0, c.get("field_strength"));
    assertEquals(4.5, c.get("tr"));
    assertEquals(0.1, c.get("te"));
    assertEquals(150.0, c.get("flip_angle"));
    assertEquals(4.0, c.get("slice_thickness"));
    assertEquals(2.0, c.get("nex"));
  }

  @Test
  void manifestColumnsOverrideTheSidecar() throws Exception {
    Map<String, String> o = new HashMap<>(Map.of("field_strength", "1.5", "manufacturer", " GE "));
    o.put("tr", "");
    ScannerCovariates c = ScannerCovariates.resolve(sidecar(FULL), o, conf);
    assertEquals(1.5, c.get("field_strength"));
    assertEquals("GE", c.manufacturer());
    assertEquals(4.5, c.get("tr"));
  }

  @Test
  void missingFieldNamesFieldAndFile() throws Exception {
    String s = sidecar(FULL.replace("\"EchoTime\":0.1,", ""));
    StageException e = assertThrows(StageException.class,
        () -> ScannerCovariates.resolve(s, new HashMap<>(), conf));
    assertEquals(Stage.VALIDATE, e.stage());
    assertTrue(e.getMessage().contains("has no EchoTime") && e.getMessage().contains(s)
        && e.getMessage().contains("column te"), e.getMessage());
    // ... and the manifest column fills the gap
    assertEquals(0.09, ScannerCovariates.resolve(s, Map.of("te", "0.09"), conf).get("te"));
  }

  @Test
  void noSidecarNoOverridesMeansNoCovariates() throws Exception {
    ScannerCovariates c = ScannerCovariates.resolve(null, new HashMap<>(), conf);
    assertNull(c.manufacturer());
    assertNull(c.get("tr"));
  }

  @Test
  void overridesWithoutSidecarMustBeComplete() {
    StageException e = assertThrows(StageException.class,
        () -> ScannerCovariates.resolve(null, Map.of("tr", "4"), conf));
    assertTrue(e.getMessage().startsWith("no sidecar"), e.getMessage());
  }

  @Test
  void badValuesAreReported() throws Exception {
    StageException e = assertThrows(StageException.class, () -> ScannerCovariates.resolve(
        sidecar(FULL.replace("150", "\"wide\"")), new HashMap<>(), conf));
    assertTrue(e.getMessage().contains("FlipAngle") && e.getMessage().contains("wide"),
        e.getMessage());
    e = assertThrows(StageException.class, () -> ScannerCovariates.resolve(
        sidecar(FULL), Map.of("nex", "NaN"), conf));
    assertTrue(e.getMessage().contains("column nex"), e.getMessage());
    e = assertThrows(StageException.class, () -> ScannerCovariates.resolve(
        sidecar("[1, 2]"), new HashMap<>(), conf));
    assertEquals(Stage.READ, e.stage());
    e = assertThrows(StageException.class, () -> ScannerCovariates.resolve(
        sidecar("{\"Manufacturer\": "), new HashMap<>(), conf));
    assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    String missing = dir.resolve("nope.json").toUri().toString();
    e = assertThrows(StageException.class,
        () -> ScannerCovariates.resolve(missing, new HashMap<>(), conf));
    assertEquals("sidecar " + missing + " does not exist", e.getMessage());
  }
}
