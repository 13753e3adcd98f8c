package org.deltarad.cli;

import static org.deltarad.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deltarad.features.RadiomicsExtractor;
import org.deltarad.features.RadiomicsSettings;
import org.deltarad.image.ImageReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCommandTest {
  static final String REF = "../core/src/test/resources/reference/";
  static final String PHANTOM = REF + "ibsi-digital-phantom/phantom.nii.gz";
  static final String MASK = REF + "ibsi-digital-phantom/mask.nii.gz";
  static final String BRAIN = REF + "pyradiomics-brain1/brain1_image.nrrd";

  @TempDir
  Path dir;

  @Test
  void printsSortedRoundTripExactFeatures() throws Exception {
    CliRun r = run("extract", "--image", PHANTOM, "--mask", MASK, "--bin-width", "1");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.lines();
    assertEquals(93, lines.size());
    List<String> sorted = new ArrayList<>(lines);
    sorted.sort(null);
    assertEquals(sorted, lines);
    Map<String, Double> expected = new RadiomicsExtractor(RadiomicsSettings.fromYaml(
        "setting: {binWidth: 1}\nfeatureClass: {firstorder: , glcm: , glrlm: , glszm: , gldm: ,"
            + " ngtdm: }", "t")).extract(ImageReaders.read(PHANTOM), ImageReaders.read(MASK));
    for (String line : lines) {
      String[] f = line.split("\t");
      assertEquals(2, f.length, line);
      assertEquals(expected.get(f[0]), Double.parseDouble(f[1]), 0.0, f[0]);
    }
  }

  @Test
  void shapeDiagnosticsAndParams() {
    CliRun shape = run("extract", "--image", PHANTOM, "--mask", MASK, "--bin-width", "1",
        "--shape");
    assertEquals(0, shape.code(), shape.err());
    assertEquals(107, shape.lines().size());
    assertTrue(shape.out().contains("original_shape_MeshVolume\t"));

    CliRun diag = run("extract", "--image", PHANTOM, "--mask", MASK, "--diagnostics");
    assertEquals(0, diag.code(), diag.err());
    assertTrue(diag.out().startsWith("diagnostics_"), diag.out());
    assertTrue(diag.out().contains("diagnostics_Mask-original_VoxelNum\t74\n"), diag.out());

    CliRun paper = run("extract", "--image", PHANTOM, "--mask", MASK, "--params",
        "../conf/paper-t2w.yaml");
    assertEquals(0, paper.code(), paper.err());
    assertEquals(82, paper.lines().size());
  }

  @Test
  void badInputIsOneLineAndExitOne() throws Exception {
    CliRun label = run("extract", "--image", PHANTOM, "--mask", MASK, "--label", "7");
    assertEquals(1, label.code());
    assertEquals(1, label.err().lines().count(), label.err());
    assertTrue(label.err().contains("mask.nii.gz") && label.err().contains("label 7 not present")
        && label.err().contains("labels present: 1"), label.err());

    CliRun geometry = run("extract", "--image", BRAIN, "--mask", MASK);
    assertEquals(1, geometry.code());
    assertTrue(geometry.err().contains("geometry mismatch (size"), geometry.err());

    CliRun missing = run("extract", "--image", dir.resolve("nope.nii.gz").toString(), "--mask",
        MASK);
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("nope.nii.gz"), missing.err());

    Path params = Files.writeString(dir.resolve("p.yaml"), "setting:\n  binwidth: 5\n");
    CliRun badParams = run("extract", "--image", PHANTOM, "--mask", MASK, "--params",
        params.toString());
    assertEquals(1, badParams.code());
    assertTrue(badParams.err().contains("p.yaml") && badParams.err().contains("'binwidth'"),
        badParams.err());
  }

  /** A minimal NIfTI-1 int16 file of size 2x2x2 with 2 time points. */
  private Path fourD() throws Exception {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(352 + 16 * 2)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 348);
    short[] dim = {4, 2, 2, 2, 2, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      b.putShort(40 + 2 * i, dim[i]);
    }
    b.putShort(70, (short) 4);
    b.putShort(72, (short) 16);
    for (int i = 0; i < 8; i++) {
      b.putFloat(76 + 4 * i, 1f);
    }
    b.putFloat(108, 352f);
    b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    for (int i = 0; i < 16; i++) {
      b.putShort(352 + 2 * i, (short) (i % 2));
    }
    return Files.write(dir.resolve("fmri.nii"), b.array());
  }

  @Test
  void fourDimensionalImageIsRefused() throws Exception {
    Path f = fourD();
    CliRun r = run("extract", "--image", f.toString(), "--mask", f.toString());
    assertEquals(1, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("fmri.nii") && r.err().contains("4-D"), r.err());
  }

  @Test
  void badOptionsExitTwo() {
    assertEquals(2, run("extract", "--image", PHANTOM, "--mask", MASK, "--bin-width", "5",
        "--bin-count", "8").code());
    assertEquals(2, run("extract", "--image", PHANTOM, "--mask", MASK, "--normalize",
        "zscore").code());
    assertEquals(2, run("extract", "--image", PHANTOM).code());
  }
}
