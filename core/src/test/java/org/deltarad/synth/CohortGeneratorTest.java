package org.deltarad.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written cohort: determinism, layout, sidecars, masks, manifest. */
class CohortGeneratorTest {
  static final int PATIENTS = 4;
  static SynthParams small(long seed) {
    return SynthParams.defaults(PATIENTS, seed).withSize(48, 48, 10).withReader2Fraction(0.5);
  }

  @TempDir
  static Path tmp;
  static Path first;

  @BeforeAll
  static void writeOnce() throws IOException {
    first = tmp.resolve("a");
    new CohortGenerator(small(17)).writeTo(first, false, null);
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(dir::relativize).sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
    Path again = tmp.resolve("b");
    new CohortGenerator(small(17)).writeTo(again, false, null);
    List<Path> fa = files(first);
    assertEquals(fa, files(again));
    for (Path f : fa) {
      assertArrayEquals(Files.readAllBytes(first.resolve(f)), Files.readAllBytes(again.resolve(f)),
          f.toString());
    }
    Path other = tmp.resolve("c");
    new CohortGenerator(small(18)).writeTo(other, false, null);
    assertFalse(java.util.Arrays.equals(
        Files.readAllBytes(first.resolve("P0001/pre/T2w.nii.gz")),
        Files.readAllBytes(other.resolve("P0001/pre/T2w.nii.gz"))));
  }

  @Test
  void patientsDoNotDependOnCohortSize() {
    // Per-patient streams: patient 2 of a 4-patient cohort equals patient 2 of a 9-patient one.
    CohortGenerator a = new CohortGenerator(small(5));
    CohortGenerator b = new CohortGenerator(
        SynthParams.defaults(9, 5).withSize(48, 48, 10).withReader2Fraction(0.5));
    CohortGenerator.PatientVolumes pa = a.patient(2);
    CohortGenerator.PatientVolumes pb = b.patient(2);
    assertArrayEquals(pa.mid().scan().image().voxels(), pb.mid().scan().image().voxels());
    assertEquals(pa.patient().biology(), pb.patient().biology());
  }

  @Test
  void manifestListsEveryVolumeAndEveryFileExists() throws IOException {
    List<String> rows = Files.readAllLines(first.resolve("manifest.csv"));
    assertEquals("patient_id,timepoint,reader,image,mask,sidecar", rows.get(0));
    Set<String> keys = new HashSet<>();
    int reader2 = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",", -1);
      assertEquals(6, c.length, row);
      assertTrue(keys.add(c[0] + "/" + c[1] + "/" + c[2]), "duplicate " + row);
      for (int k = 3; k < 6; k++) {
        assertTrue(Files.isRegularFile(first.resolve(c[k])), "missing " + c[k]);
      }
      assertTrue(c[1].equals("pre") || c[1].equals("mid"), row);
      reader2 += c[2].equals("2") ? 1 : 0;
    }
    for (int i = 0; i < PATIENTS; i++) {
      String id = PatientCase.idFor(i, PATIENTS);
      assertTrue(keys.contains(id + "/pre/1") && keys.contains(id + "/mid/1"), id);
      boolean two = small(17).hasReader2(i);
      assertEquals(two, keys.contains(id + "/pre/2"), id);
      assertEquals(two, keys.contains(id + "/mid/2"), id);
    }
    assertEquals(4, reader2); // half of 4 patients, at both time points
    List<String> clinical = Files.readAllLines(first.resolve("clinical.csv"));
    assertEquals("patient_id,age,figo_stage,max_diameter_cm,pfs_months,progression,"
        + "mid_diameter_cm", clinical.get(0));
    assertEquals(PATIENTS + 1, clinical.size());
    for (String row : clinical.subList(1, clinical.size())) {
      String[] c = row.split(",");
      int figo = Integer.parseInt(c[2]);
      assertTrue(figo >= 1 && figo <= 4, row);
      assertTrue(Double.parseDouble(c[4]) > 0, row);
      assertTrue(c[5].equals("0") || c[5].equals("1"), row);
    }
    JsonNode gt = new ObjectMapper().readTree(first.resolve("ground_truth.json").toFile());
    assertEquals(PATIENTS, gt.at("/parameters/patients").asInt());
    assertTrue(gt.at("/hazard/biology_log_hr").asDouble() > 0);
    assertEquals("grain", gt.at("/planted_delta_texture/0/property").asText());
    assertEquals(PATIENTS + 1, Files.readAllLines(first.resolve("latent.csv")).size());
  }

  @Test
  void sidecarsCarryTheScannerFieldsInBidsUnits() throws IOException {
    ObjectMapper om = new ObjectMapper();
    for (int i = 0; i < PATIENTS; i++) {
      for (String tp : CohortGenerator.TIMEPOINTS) {
        JsonNode j = om.readTree(first.resolve(PatientCase.idFor(i, PATIENTS) + "/" + tp
            + "/T2w.json").toFile());
        for (String key : new String[] {"Manufacturer", "ManufacturersModelName",
            "MagneticFieldStrength", "RepetitionTime", "EchoTime", "FlipAngle", "SliceThickness",
            "NumberOfAverages", "InstitutionName"}) {
          assertTrue(j.has(key), key + " missing for patient " + i + " " + tp);
        }
        assertTrue(Scanner.VENDORS.contains(j.get("Manufacturer").asText()));
        double field = j.get("MagneticFieldStrength").asDouble();
        assertTrue(field == 1.5 || field == 3.0);
        double tr = j.get("RepetitionTime").asDouble();
        double te = j.get("EchoTime").asDouble();
        assertTrue(tr > 2 && tr < 8, "TR in seconds: " + tr);
        assertTrue(te > 0.05 && te < 0.15, "TE in seconds: " + te);
        double slice = j.get("SliceThickness").asDouble();
        Header h = header(first.resolve(PatientCase.idFor(i, PATIENTS) + "/" + tp
            + "/T2w.nii.gz"));
        assertEquals(slice, h.pixdim[2], 1e-6, "slice thickness matches the NIfTI spacing");
      }
    }
  }

  @Test
  void imagesAreInt16MasksUint8OnTheSameGridAndNonEmpty() throws IOException {
    List<String> rows = Files.readAllLines(first.resolve("manifest.csv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",");
      Header img = header(first.resolve(c[3]));
      Header mask = header(first.resolve(c[4]));
      assertEquals(4, img.datatype, c[3]);
      assertEquals(2, mask.datatype, c[4]);
      assertArrayEquals(img.dim, mask.dim);
      assertArrayEquals(img.pixdim, mask.pixdim);
      assertArrayEquals(new int[] {48, 48, 10}, img.dim);
      assertTrue(img.pixdim[0] >= 0.5 && img.pixdim[0] <= 0.9, "in-plane " + img.pixdim[0]);
      assertTrue(img.pixdim[2] >= 3 && img.pixdim[2] <= 5, "slice " + img.pixdim[2]);
      int inside = 0;
      for (int k = 0; k < mask.data.length; k++) {
        int m = mask.data[k] & 0xff;
        assertTrue(m == 0 || m == 1, c[4]);
        inside += m;
      }
      assertTrue(inside >= 20, c[4] + " has " + inside + " voxels");
    }
  }

  @Test
  void volumesReadBackAsGenerated() throws IOException {
    CohortGenerator.PatientVolumes pv = new CohortGenerator(small(17)).patient(1);
    for (String tp : CohortGenerator.TIMEPOINTS) {
      ScanRenderer.Scan scan = pv.session(tp).scan();
      org.deltarad.image.Image3D img = org.deltarad.image.ImageReaders.read(
          first.resolve("P0002/" + tp + "/T2w.nii.gz").toString());
      org.deltarad.image.Image3D mask = org.deltarad.image.ImageReaders.read(
          first.resolve("P0002/" + tp + "/mask_reader1.nii.gz").toString());
      assertArrayEquals(scan.image().voxels(), img.voxels(), tp);
      assertArrayEquals(scan.mask().voxels(), mask.voxels(), tp);
      for (int k = 0; k < 3; k++) {
        assertEquals(scan.image().spacing()[k], img.spacing()[k], 1e-5, tp + " spacing");
        assertEquals(scan.image().origin()[k], img.origin()[k], 1e-4, tp + " origin");
      }
    }
  }

  @Test
  void midDiameterIsMeasuredOnTheRenderedResidualTumour() {
    CohortGenerator g = new CohortGenerator(small(17));
    for (int i = 0; i < PATIENTS; i++) {
      CohortGenerator.PatientVolumes pv = g.patient(i);
      double rendered = pv.patient().trueDiameterCm() * pv.midScale();
      // measurement noise exp(N(0, 0.07)) and 0.1 cm rounding: within 5 SD plus the rounding
      assertEquals(0, Math.log(pv.midDiameterCm() / rendered), 0.35 + 0.05 / rendered,
          pv.patient().id() + ": mid " + pv.midDiameterCm() + " cm, rendered " + rendered);
    }
  }

  @Test
  void refusesANonEmptyDirectoryWithoutForce() {
    IOException e = assertThrows(IOException.class,
        () -> new CohortGenerator(small(17)).writeTo(first, false, null));
    assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains("--force"),
        e.getMessage());
  }

  @Test
  void rejectsBadParameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SynthParams.defaults(0, 1));
    assertTrue(e.getMessage().contains("--patients"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SynthParams.defaults(5, 1).withSize(16, 96, 16));
    assertTrue(e.getMessage().contains("too small"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SynthParams.defaults(5, 1).withReader2Fraction(1.5));
    assertTrue(e.getMessage().contains("reader-2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SynthParams.defaults(5, 1).withEventFraction(0.99));
    assertTrue(e.getMessage().contains("event fraction"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SynthParams.defaults(5, 1).withTumourScale(0));
    assertTrue(e.getMessage().contains("tumour scale"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CohortGenerator(small(1)).patient(PATIENTS));
    assertTrue(e.getMessage().contains("patient index"), e.getMessage());
  }

  /** The NIfTI-1 header fields the tests need, read by hand so the test does not trust I/O code. */
  record Header(int[] dim, double[] pixdim, int datatype, byte[] data) {}

  static Header header(Path file) throws IOException {
    byte[] all;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      all = in.readAllBytes();
    }
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(348, b.getInt(0), file + " sizeof_hdr");
    assertEquals(3, b.getShort(40));
    int[] dim = {b.getShort(42), b.getShort(44), b.getShort(46)};
    double[] pix = {b.getFloat(80), b.getFloat(84), b.getFloat(88)};
    int type = b.getShort(70);
    int off = (int) b.getFloat(108);
    int bytes = type == 4 ? 2 : 1;
    assertEquals(off + (long) dim[0] * dim[1] * dim[2] * bytes, all.length, file + " size");
    byte[] data = java.util.Arrays.copyOfRange(all, off, all.length);
    return new Header(dim, pix, type, data);
  }
}
