package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NiftiWriterTest {
  @TempDir
  Path tmp;

  /** A rotation about an oblique axis, row-major, times an optional reflection of axis 2. */
  static double[] direction(boolean improper) {
    double ax = 0.3;
    double ay = -0.5;
    double az = 2.0;
    double[] rx = {1, 0, 0, 0, Math.cos(ax), -Math.sin(ax), 0, Math.sin(ax), Math.cos(ax)};
    double[] ry = {Math.cos(ay), 0, Math.sin(ay), 0, 1, 0, -Math.sin(ay), 0, Math.cos(ay)};
    double[] rz = {Math.cos(az), -Math.sin(az), 0, Math.sin(az), Math.cos(az), 0, 0, 0, 1};
    double[] r = mul(rz, mul(ry, rx));
    if (improper) {
      r[2] = -r[2];
      r[5] = -r[5];
      r[8] = -r[8];
    }
    return r;
  }

  static double[] mul(double[] a, double[] b) {
    double[] c = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 3; k++) {
          c[3 * i + j] += a[3 * i + k] * b[3 * k + j];
        }
      }
    }
    return c;
  }

  static Image3D image(double[] values, double[] direction) {
    return new Image3D(5, 4, 3, values, new double[] {0.6875, 0.8, 4.5},
        new double[] {-101.25, 37.5, -12.125}, direction, "test");
  }

  /** Values that span the type's range, extremes included, plus fractions to be rounded. */
  static double[] valuesFor(NiftiDatatype t) {
    double[] v = new double[60];
    double lo = t.min();
    double hi = t == NiftiDatatype.INT64 || t == NiftiDatatype.UINT64 ? t.max() / 2 : t.max();
    if (!t.isInteger()) {
      lo = -1e6;
      hi = 1e6;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + (hi - lo) * i / (v.length - 1);
    }
    v[1] = t.isInteger() ? t.min() + 0.4 : 0.1;
    v[2] = t.isInteger() ? Math.min(hi, 100) - 0.5 : Math.PI;
    return v;
  }

  static double expected(NiftiDatatype t, double v) {
    if (t == NiftiDatatype.FLOAT32) {
      return (float) v;
    }
    return t.isInteger() ? Math.rint(v) : v;
  }

  @ParameterizedTest
  @EnumSource(NiftiDatatype.class)
  void roundTripsEveryDatatype(NiftiDatatype type) throws IOException {
    double[] v = valuesFor(type);
    for (boolean improper : new boolean[] {false, true}) {
      Image3D img = image(v, direction(improper));
      for (String name : new String[] {"a.nii", "a.nii.gz"}) {
        String path = tmp.resolve(type + (improper ? "-i-" : "-p-") + name).toString();
        NiftiWriter.write(img, type, path);
        Image3D back = NiftiReader.read(path);
        assertEquals(5, back.nx());
        assertEquals(4, back.ny());
        assertEquals(3, back.nz());
        for (int i = 0; i < v.length; i++) {
          assertEquals(expected(type, v[i]), back.voxels()[i], "voxel " + i + " of " + path);
        }
        assertArrayEquals(img.spacing(), back.spacing(), 1e-6);
        assertArrayEquals(img.origin(), back.origin(), 1e-5);
        assertArrayEquals(img.direction(), back.direction(), 1e-6);
      }
    }
  }

  @Test
  void qformAgreesWithSform() throws IOException {
    // Includes 180-degree rotations, where the quaternion's real part is 0.
    double[][] dirs = {direction(false), direction(true), Image3D.identity(),
        {-1, 0, 0, 0, -1, 0, 0, 0, 1}, {1, 0, 0, 0, 0, 1, 0, -1, 0}, {0, 1, 0, 1, 0, 0, 0, 0, -1}};
    for (double[] d : dirs) {
      Image3D img = image(valuesFor(NiftiDatatype.INT16), d);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      NiftiWriter.write(img, NiftiDatatype.INT16, out, false);
      byte[] b = out.toByteArray();
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(254, (short) 0); // drop sform
      Image3D viaQform = NiftiReader.read(new ByteArrayInputStream(b), "q.nii");
      assertArrayEquals(img.direction(), viaQform.direction(), 1e-6);
      assertArrayEquals(img.origin(), viaQform.origin(), 1e-5);
    }
  }

  @Test
  void streamWriteGzipFlag() throws IOException {
    Image3D img = image(valuesFor(NiftiDatatype.UINT8), direction(false));
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    NiftiWriter.write(img, NiftiDatatype.UINT8, plain, false);
    NiftiWriter.write(img, NiftiDatatype.UINT8, gz, true);
    assertEquals(352 + 60, plain.size());
    assertEquals(0x1f, gz.toByteArray()[0] & 0xff);
    assertEquals(0x8b, gz.toByteArray()[1] & 0xff);
    assertArrayEquals(plain.toByteArray(), Fixtures.gunzip(gz.toByteArray()));
  }

  @Test
  void gzipChosenByNameAndNoChecksumFiles() throws IOException {
    Image3D img = image(valuesFor(NiftiDatatype.INT16), direction(false));
    NiftiWriter.write(img, NiftiDatatype.INT16, tmp.resolve("x.nii.gz").toString());
    NiftiWriter.write(img, NiftiDatatype.INT16, tmp.resolve("sub/dir/y.nii").toUri().toString());
    byte[] gz = Files.readAllBytes(tmp.resolve("x.nii.gz"));
    byte[] raw = Files.readAllBytes(tmp.resolve("sub/dir/y.nii"));
    assertEquals(0x1f, gz[0] & 0xff);
    assertEquals(348, ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
    assertArrayEquals(raw, Fixtures.gunzip(gz));
    assertFalse(Files.exists(tmp.resolve(".x.nii.gz.crc")), "Hadoop checksum side file");
    assertFalse(Files.exists(tmp.resolve("sub/dir/.y.nii.crc")), "Hadoop checksum side file");
  }

  @Test
  void roundsHalfToEven() throws IOException {
    double[] v = new double[60];
    v[0] = 2.5;
    v[1] = 1.5;
    v[2] = 0.49;
    v[3] = 254.5;
    String p = tmp.resolve("r.nii").toString();
    NiftiWriter.write(image(v, Image3D.identity()), NiftiDatatype.UINT8, p);
    double[] back = NiftiReader.read(p).voxels();
    assertEquals(2, back[0]);
    assertEquals(2, back[1]);
    assertEquals(0, back[2]);
    assertEquals(254, back[3]);
    v[1] = -1.5;
    // -1.5 rounds to -2, out of range for uint8: rejected before anything is written.
    ImageIoException e = assertThrows(ImageIoException.class,
        () -> NiftiWriter.write(image(v, Image3D.identity()), NiftiDatatype.UINT8,
            tmp.resolve("bad.nii").toString()));
    assertEquals("bad.nii: voxel value -1.5 at (1,0,0) cannot be stored as uint8",
        e.getMessage());
    assertFalse(Files.exists(tmp.resolve("bad.nii")));
  }

  @Test
  void rejectsBadInput() {
    double[] v = new double[60];
    v[59] = 40000;
    ImageIoException e = assertThrows(ImageIoException.class, () ->
        NiftiWriter.write(image(v, Image3D.identity()), NiftiDatatype.INT16,
            tmp.resolve("big.nii.gz").toString()));
    assertEquals("big.nii.gz: voxel value 40000.0 at (4,3,2) cannot be stored as int16",
        e.getMessage());
    double[] n = new double[60];
    n[7] = Double.NaN;
    e = assertThrows(ImageIoException.class, () ->
        NiftiWriter.write(image(n, Image3D.identity()), NiftiDatatype.INT32,
            tmp.resolve("nan.nii").toString()));
    assertTrue(e.getMessage().startsWith("nan.nii: voxel value NaN at (2,1,0)"), e.getMessage());
    e = assertThrows(ImageIoException.class, () ->
        NiftiWriter.write(image(new double[60], Image3D.identity()), NiftiDatatype.INT16,
            tmp.resolve("x.nrrd").toString()));
    assertEquals("x.nrrd: NIfTI output name must end in .nii or .nii.gz", e.getMessage());
    double[] sheared = {1, 0.5, 0, 0, 1, 0, 0, 0, 1};
    e = assertThrows(ImageIoException.class, () -> NiftiWriter.write(
        image(new double[60], sheared), NiftiDatatype.INT16, new ByteArrayOutputStream(), false));
    assertEquals("test: direction [1.0, 0.5, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0] is not "
        + "orthonormal", e.getMessage());
    double[] big = {1e39};
    e = assertThrows(ImageIoException.class, () -> NiftiWriter.write(
        Image3D.of(1, 1, 1, big), NiftiDatatype.FLOAT32, new ByteArrayOutputStream(), false));
    assertTrue(e.getMessage().contains("cannot be stored as float32"), e.getMessage());
  }

  @Test
  void floatKeepsNaNAndInfinity() throws IOException {
    double[] v = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NiftiWriter.write(Image3D.of(4, 1, 1, v), NiftiDatatype.FLOAT32, out, true);
    Image3D back = NiftiReader.read(new ByteArrayInputStream(out.toByteArray()), "f.nii.gz");
    assertArrayEquals(v, back.voxels(), 0);
  }
}
