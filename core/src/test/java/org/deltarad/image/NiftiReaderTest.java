package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NiftiReaderTest {
  /**
   * The sform test gives the SVD's answer with or without the SVD: for rotations times scales
   * from 1e-9 to 1e9 with offsets up to 1e9, sheared and rank-deficient matrices, zero columns
   * and NaNs, orthonormalUpToScale equals "SVD inverse condition number above 2^-52, then
   * normalised columns orthonormal within 1e-4" (the test as it was).
   */
  @Test
  void sformTestAgreesWithTheSvdEverywhere() {
    java.util.Random rnd = new java.util.Random(7);
    int checked = 0;
    int wellConditioned = 0;
    for (int k = 0; k < 4000; k++) {
      double[] m = randomAffine(rnd, k % 8);
      boolean want = NiftiReader.invertibleBySvd(m) && orthonormalColumns(m);
      assertEquals(want, NiftiReader.orthonormalUpToScale(m), java.util.Arrays.toString(m));
      checked++;
      wellConditioned += want ? 1 : 0;
    }
    assertTrue(wellConditioned > 400 && wellConditioned < checked - 400, wellConditioned + "");
  }

  /** Kind 0-3: a rotation times scales, scales and offsets over wide ranges; 4: sheared;
   *  5: rank-deficient; 6: a zero column; 7: a NaN. */
  private static double[] randomAffine(java.util.Random rnd, int kind) {
    double[] q = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
    double qn = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    double a = q[0] / qn;
    double b = q[1] / qn;
    double c = q[2] / qn;
    double d = q[3] / qn;
    double[][] rot = {
        {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
        {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
        {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - b * b - c * c}};
    double[] m = new double[12];
    for (int j = 0; j < 3; j++) {
      double scale = Math.pow(10, kind < 4 ? rnd.nextDouble() * 18 - 9 : rnd.nextDouble() * 2 - 1);
      for (int i = 0; i < 3; i++) {
        m[4 * i + j] = rot[i][j] * scale;
      }
    }
    for (int i = 0; i < 3; i++) {
      m[4 * i + 3] = rnd.nextGaussian() * Math.pow(10, rnd.nextDouble() * 9);
    }
    if (kind == 4) {
      m[1] += m[0] * (rnd.nextBoolean() ? 1e-5 : 1e-2);
    } else if (kind == 5) {
      for (int i = 0; i < 3; i++) {
        m[4 * i + 2] = m[4 * i] * (1 + (rnd.nextBoolean() ? 0 : 1e-17));
      }
    } else if (kind == 6) {
      m[0] = 0;
      m[4] = 0;
      m[8] = 0;
    } else if (kind == 7) {
      m[rnd.nextInt(12)] = Double.NaN;
    }
    return m;
  }

  /** The column test of orthonormalUpToScale, written out again. */
  private static boolean orthonormalColumns(double[] m) {
    double[] r = new double[9];
    for (int j = 0; j < 3; j++) {
      double n = Math.sqrt(m[j] * m[j] + m[4 + j] * m[4 + j] + m[8 + j] * m[8 + j]);
      for (int i = 0; i < 3; i++) {
        r[3 * i + j] = m[4 * i + j] / n;
      }
    }
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        double dot = r[3 * i] * r[3 * k] + r[3 * i + 1] * r[3 * k + 1] + r[3 * i + 2] * r[3 * k + 2];
        if (Math.abs(dot - (i == k ? 1 : 0)) > 1e-4) {
          return false;
        }
      }
    }
    return true;
  }

  @TempDir
  Path tmp;

  static Stream<Arguments> fixtures() throws IOException {
    JsonNode all = new ObjectMapper().readTree(Fixtures.path("nifti/expected.json").toFile());
    List<Arguments> args = new ArrayList<>();
    for (JsonNode n : all) {
      args.add(Arguments.of(n.get("file").asText(), n));
    }
    return args.stream();
  }

  /** Files written by nibabel (core/src/test/python/make_nifti_fixtures.py) read as expected. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void readsNibabelFixture(String file, JsonNode expected) throws IOException {
    Image3D img = NiftiReader.read(Fixtures.file("nifti/" + file));
    assertEquals(expected.get("size").get(0).asInt(), img.nx());
    assertEquals(expected.get("size").get(1).asInt(), img.ny());
    assertEquals(expected.get("size").get(2).asInt(), img.nz());
    assertArrayEquals(doubles(expected.get("spacing")), img.spacing(), 1e-6, "spacing");
    assertArrayEquals(doubles(expected.get("origin")), img.origin(), 1e-5, "origin");
    assertArrayEquals(doubles(expected.get("direction")), img.direction(), 1e-6, "direction");
    double[] values = doubles(expected.get("values"));
    assertArrayEquals(values, img.voxels(), 0.0, "voxel values");
    assertTrue(img.source().endsWith(file));
  }

  @Test
  void readsIbsiPhantom() throws IOException {
    Image3D img = NiftiReader.read(Fixtures.file("reference/ibsi-digital-phantom/phantom.nii.gz"));
    assertEquals(5, img.nx());
    assertEquals(4, img.ny());
    assertEquals(4, img.nz());
    assertArrayEquals(new double[] {2, 2, 2}, img.spacing(), 0);
    // sform/qform diag(-2,-2,2) in RAS is +2 on every LPS axis: identity direction, zero origin.
    assertArrayEquals(new double[] {0, 0, 0}, img.origin(), 0);
    assertArrayEquals(Image3D.identity(), img.direction(), 0);
    assertEquals(173, Fixtures.sum(img.voxels()), 0);
    assertEquals(55, Fixtures.count(img.voxels(), 1));
    assertEquals(16, Fixtures.count(img.voxels(), 4));
    assertEquals(7, Fixtures.count(img.voxels(), 6));
    assertEquals(1, Fixtures.count(img.voxels(), 9));
    // First slice, rows y = 0..3 (values checked with nibabel).
    double[][] slice0 = {{1, 4, 4, 1, 1}, {1, 4, 6, 1, 1}, {4, 1, 6, 4, 1}, {4, 4, 6, 4, 1}};
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        assertEquals(slice0[y][x], img.get(x, y, 0), "voxel " + x + "," + y + ",0");
      }
    }

    Image3D mask = NiftiReader.read(Fixtures.file("reference/ibsi-digital-phantom/mask.nii.gz"));
    assertEquals(74, Fixtures.count(mask.voxels(), 1));
    assertEquals(6, Fixtures.count(mask.voxels(), 0));
    assertArrayEquals(img.spacing(), mask.spacing(), 0);
    assertArrayEquals(img.origin(), mask.origin(), 0);
    assertArrayEquals(img.direction(), mask.direction(), 0);
  }

  @Test
  void readsFromStreamWithGzipDetectedByContent() throws IOException {
    byte[] gz = Fixtures.bytes("nifti/int16.nii.gz");
    Image3D a = NiftiReader.read(new ByteArrayInputStream(gz), "memory.nii");
    // A gzipped file misnamed .nii is still read (gzip is recognised by its magic bytes).
    String misnamed = Fixtures.write(tmp, "misnamed.nii", gz);
    Image3D b = NiftiReader.read(misnamed);
    assertArrayEquals(a.voxels(), b.voxels(), 0);
    assertArrayEquals(a.direction(), b.direction(), 0);
  }

  @Test
  void readsPairByEitherName() throws IOException {
    Image3D byHdr = NiftiReader.read(Fixtures.file("nifti/pair.hdr"));
    Image3D byImg = NiftiReader.read(Fixtures.file("nifti/pair.img"));
    Image3D gzByHdr = NiftiReader.read(Fixtures.file("nifti/pair_gz.hdr.gz"));
    assertArrayEquals(byHdr.voxels(), byImg.voxels(), 0);
    assertArrayEquals(byHdr.voxels(), gzByHdr.voxels(), 0);
    assertArrayEquals(byHdr.origin(), gzByHdr.origin(), 0);
  }

  @Test
  void headerFieldsOfBigEndianAndNifti2() throws IOException {
    try (var in = Files.newInputStream(Fixtures.path("nifti/bigendian_int16.nii"))) {
      NiftiHeader h = NiftiReader.readHeader(in, "bigendian_int16.nii");
      assertEquals(1, h.version());
      assertEquals(ByteOrder.BIG_ENDIAN, h.order());
      assertEquals(4, h.datatype());
    }
    try (var in = Files.newInputStream(Fixtures.path("nifti/nifti2_float32.nii"))) {
      NiftiHeader h = NiftiReader.readHeader(in, "nifti2_float32.nii");
      assertEquals(2, h.version());
      assertEquals(ByteOrder.LITTLE_ENDIAN, h.order());
      assertEquals(16, h.datatype());
    }
  }

  @Test
  void twoDimensionalIsOneSlice() throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    bb.putShort(40, (short) 2);
    bb.putShort(46, (short) 7); // dim[3] beyond dim[0] is ignored
    Image3D img = NiftiReader.read(Fixtures.write(tmp, "flat.nii", b));
    Image3D full = NiftiReader.read(Fixtures.file("nifti/dtype_int16.nii"));
    assertEquals(1, img.nz());
    assertEquals(12, img.size());
    for (int i = 0; i < 12; i++) {
      assertEquals(full.voxels()[i], img.voxels()[i]);
    }
  }

  // ---- malformed input: every case names the file and the cause ----

  private static ImageIoException fails(String path) {
    return assertThrows(ImageIoException.class, () -> NiftiReader.read(path));
  }

  private static void assertMessage(ImageIoException e, String file, String cause) {
    String m = e.getMessage();
    assertTrue(m.startsWith(file + ": "), "message should start with the file name: " + m);
    assertTrue(m.contains(cause), "message should contain '" + cause + "': " + m);
    assertTrue(!m.contains("\n"), "one line: " + m);
  }

  @Test
  void invalidPixdimIsAnErrorNotOneMillimetre() throws IOException {
    float[] bad = {0f, Float.NaN, Float.POSITIVE_INFINITY};
    for (int axis = 1; axis <= 3; axis++) {
      for (float v : bad) {
        byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(76 + 4 * axis, v);
        String p = Fixtures.write(tmp, "pix.nii", b);
        assertMessage(fails(p), "pix.nii", "invalid spacing pixdim[" + axis + "] = " + v);
      }
    }
  }

  @Test
  void onlyRegularFilesAreOpened() throws Exception {
    java.nio.file.Path loop = tmp.resolve("loop.nii");
    Files.createSymbolicLink(loop, tmp.resolve("loop2.nii"));
    Files.createSymbolicLink(tmp.resolve("loop2.nii"), loop);
    assertMessage(fails(loop.toString()), "loop.nii", "symbolic link loop");
    java.nio.file.Path dangling = tmp.resolve("dangling.nii");
    Files.createSymbolicLink(dangling, tmp.resolve("nowhere.nii"));
    assertMessage(fails(dangling.toString()), "dangling.nii", "symbolic link to a missing file");
    assertMessage(fails(tmp.resolve("absent.nii").toString()), "absent.nii", "file not found");
    java.nio.file.Path fifo = tmp.resolve("fifo.nii");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertEquals(0, mk.waitFor());
    // opening a FIFO would block until a writer came: refused before opening, at once
    long t0 = System.nanoTime();
    assertMessage(fails(fifo.toString()), "fifo.nii", "not a regular file");
    assertMessage(assertThrows(ImageIoException.class,
        () -> ImageBytes.load(fifo.toString(), ImageFiles.defaultConf())), "fifo.nii",
        "not a regular file");
    assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
  }

  @Test
  void shapeComesFromTheHeaderAlone() throws IOException {
    // 800x800x765 float32 claimed, 16 bytes of voxels present: the shape is known, nothing is
    // inflated or allocated for the voxels
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    bb.putShort(42, (short) 800).putShort(44, (short) 800).putShort(46, (short) 765)
        .putShort(70, (short) 16).putShort(72, (short) 32);
    String p = Fixtures.write(tmp, "claims.nii.gz", Fixtures.gzip(b));
    VolumeShape s = ImageBytes.load(p, ImageFiles.defaultConf()).shape();
    assertEquals("800x800x765 float32", s.toString());
    assertEquals(800L * 800 * 765 * 4, s.decodedBytes());
    assertEquals(800L * 800 * 765 * 8, s.heldBytes());
    VolumeShape i16 = ImageBytes.load(Fixtures.file("nifti/dtype_int16.nii"),
        ImageFiles.defaultConf()).shape();
    assertEquals(2 * i16.voxels(), i16.heldBytes());
  }

  @Test
  void storedBytesAreCappedWhileReading() throws IOException {
    String p = Fixtures.file("nifti/dtype_int16.nii");
    assertMessage(assertThrows(ImageIoException.class,
        () -> ImageBytes.load(p, ImageFiles.defaultConf(), 100)), "dtype_int16.nii",
        "the memory budget of one volume");
  }

  @Test
  void dataFarBeyondTheDeclaredVoxelsIsRefused() throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    byte[] padded = java.util.Arrays.copyOf(b, b.length + (int) ImageStreams.MAX_TRAILING + 1);
    String p = Fixtures.write(tmp, "tail.nii.gz", Fixtures.gzip(padded));
    assertMessage(fails(p), "tail.nii.gz", "MiB of data after the voxels the header declares");
  }

  @Test
  void truncatedGzip() throws IOException {
    byte[] gz = Fixtures.bytes("nifti/int16.nii.gz");
    String p = Fixtures.write(tmp, "cut.nii.gz", java.util.Arrays.copyOf(gz, gz.length / 2));
    assertMessage(fails(p), "cut.nii.gz", "truncated gzip stream after ");
    // Cut inside the 8-byte CRC/length trailer: all data is there, the trailer is not.
    p = Fixtures.write(tmp, "cut2.nii.gz", java.util.Arrays.copyOf(gz, gz.length - 3));
    assertMessage(fails(p), "cut2.nii.gz", "truncated gzip stream after 400 bytes");
  }

  @Test
  void corruptGzip() throws IOException {
    byte[] raw = Fixtures.gunzip(Fixtures.bytes("nifti/int16.nii.gz"));
    byte[] gz = Fixtures.gzip(raw);
    gz[gz.length - 6] ^= 0x55; // inside the CRC
    String p = Fixtures.write(tmp, "crc.nii.gz", gz);
    assertMessage(fails(p), "crc.nii.gz", "corrupt gzip stream");
  }

  @Test
  void wrongMagic() throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    b[344] = 'x';
    String p = Fixtures.write(tmp, "magic.nii", b);
    assertMessage(fails(p), "magic.nii", "bad NIfTI-1 magic 'x+1'");
  }

  @Test
  void pairMagicInSingleFile() throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    b[345] = 'i';
    String p = Fixtures.write(tmp, "ni1.nii", b);
    assertMessage(fails(p), "ni1.nii", "marks the header of a .hdr/.img pair");
  }

  @Test
  void wrongSizeofHdr() throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 352);
    String p = Fixtures.write(tmp, "size.nii", b);
    assertMessage(fails(p), "size.nii", "not a NIfTI file: sizeof_hdr is 352");
  }

  @Test
  void shortHeader() throws IOException {
    byte[] b = java.util.Arrays.copyOf(Fixtures.bytes("nifti/dtype_int16.nii"), 200);
    String p = Fixtures.write(tmp, "short.nii", b);
    assertMessage(fails(p), "short.nii", "file too short for a NIfTI-1 header (200 of 348 bytes)");
    assertMessage(fails(Fixtures.write(tmp, "empty.nii", new byte[0])), "empty.nii", "empty file");
  }

  @Test
  void dataSizeDoesNotMatchDims() throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    String p = Fixtures.write(tmp, "data.nii", java.util.Arrays.copyOf(b, b.length - 10));
    assertMessage(fails(p), "data.nii",
        "data size 38 bytes does not match dims 4x3x2 int16 (48 bytes)");
    // Same for a pair whose .img is short.
    Files.copy(Fixtures.path("nifti/pair.hdr"), tmp.resolve("p.hdr"));
    Files.write(tmp.resolve("p.img"), new byte[20]);
    assertMessage(fails(tmp.resolve("p.hdr").toString()), "p.img",
        "data size 20 bytes does not match dims 4x3x2 int16 (48 bytes)");
  }

  @Test
  void unsupportedDatatype() throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    bb.putShort(70, (short) 128);
    bb.putShort(72, (short) 24);
    String p = Fixtures.write(tmp, "rgb.nii", b);
    assertMessage(fails(p), "rgb.nii", "unsupported NIfTI datatype 128 (RGB24)");
    bb.putShort(70, (short) 32);
    p = Fixtures.write(tmp, "complex.nii", b);
    assertMessage(fails(p), "complex.nii", "unsupported NIfTI datatype 32 (COMPLEX64)");
  }

  @Test
  void real4dRejected() {
    assertMessage(fails(Fixtures.file("nifti/real_4d.nii.gz")), "real_4d.nii.gz",
        "4-D image with 3 volumes is not supported");
  }

  @Test
  void badDims() throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    bb.putShort(40, (short) 9);
    assertMessage(fails(Fixtures.write(tmp, "dim0.nii", b)), "dim0.nii",
        "invalid dim[0] = 9");
    bb.putShort(40, (short) 3);
    bb.putShort(42, (short) 0);
    assertMessage(fails(Fixtures.write(tmp, "dim1.nii", b)), "dim1.nii", "invalid dim[1] = 0");
    bb.putShort(42, (short) 4);
    bb.putFloat(108, -5f);
    assertMessage(fails(Fixtures.write(tmp, "off.nii", b)), "off.nii", "invalid vox_offset -5.0");
  }

  @Test
  void hugeClaimedSizesFailCleanly() throws IOException {
    // NIfTI-2 sizes whose product overflows a long must not slip through.
    byte[] b = Fixtures.bytes("nifti/nifti2_float32.nii");
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 1; i <= 3; i++) {
      bb.putLong(16 + 8 * i, Integer.MAX_VALUE);
    }
    assertMessage(fails(Fixtures.write(tmp, "huge.nii", b)), "huge.nii",
        "image too large: 2147483647x2147483647x2147483647 float32 exceeds 2 GB");
    // 1 GiB claimed by a 400-byte file: a clean size error, not an OutOfMemoryError.
    b = Fixtures.bytes("nifti/dtype_uint8.nii");
    bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 1; i <= 3; i++) {
      bb.putShort(40 + 2 * i, (short) 1024);
    }
    assertMessage(fails(Fixtures.write(tmp, "claims.nii", b)), "claims.nii",
        "data size 24 bytes does not match dims 1024x1024x1024 uint8 (1073741824 bytes)");
  }

  @Test
  void voxOffsetBeyondEndOfFile() throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(108, 4096f);
    assertMessage(fails(Fixtures.write(tmp, "far.nii", b)), "far.nii",
        "before the data offset (vox_offset 4096)");
  }

  @Test
  void shearedSformWithoutQformRejected() throws IOException {
    byte[] b = Fixtures.bytes("nifti/sform_only.nii");
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    bb.putFloat(280, 1f);
    bb.putFloat(284, 1f);
    bb.putFloat(288, 0f);
    bb.putFloat(296, 0f);
    bb.putFloat(300, 1f);
    bb.putFloat(304, 0f);
    bb.putFloat(312, 0f);
    bb.putFloat(316, 0f);
    bb.putFloat(320, 1f);
    assertMessage(fails(Fixtures.write(tmp, "shear.nii", b)), "shear.nii",
        "sform is not a rotation with scaling");
  }

  @Test
  void missingFileAndBadName() {
    assertMessage(fails(tmp.resolve("nothere.nii.gz").toString()), "nothere.nii.gz",
        "file not found");
    assertMessage(fails(tmp.resolve("lonely.hdr").toString()), "lonely.hdr", "file not found");
    assertMessage(fails(tmp.resolve("x.mha").toString()), "x.mha", "not a NIfTI file name");
  }

  // ---- ITK geometry rules (itk::ImageFileReader flip, 2-D images, niftilib FIXED_FLOAT) ----

  /** dtype_int16.nii with qform/sform codes replaced and the edit applied. */
  private Image3D variant(int qcode, int scode, java.util.function.Consumer<ByteBuffer> edit)
      throws IOException {
    byte[] b = Fixtures.bytes("nifti/dtype_int16.nii");
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    bb.putShort(252, (short) qcode);
    bb.putShort(254, (short) scode);
    edit.accept(bb);
    return NiftiReader.read(Fixtures.write(tmp, "variant.nii", b));
  }

  /**
   * NiftiImageIO sets the raw negative pixdim as spacing and ImageFileReader makes it positive
   * and negates that direction column; with qform only, sform only, both, or neither form.
   */
  @Test
  void negativePixdimNegatesItsDirectionColumn() throws IOException {
    int[][] forms = {{1, 0}, {0, 1}, {1, 1}, {0, 0}};
    for (int[] f : forms) {
      Image3D base = variant(f[0], f[1], bb -> { });
      for (int axis = 1; axis <= 3; axis++) {
        int at = 76 + 4 * axis;
        Image3D img = variant(f[0], f[1], bb -> bb.putFloat(at, -bb.getFloat(at)));
        String what = "qform " + f[0] + " sform " + f[1] + " axis " + axis;
        assertArrayEquals(base.spacing(), img.spacing(), 0, what);
        assertArrayEquals(base.origin(), img.origin(), 0, what);
        double[] expected = base.direction().clone();
        for (int r = 0; r < 3; r++) {
          expected[3 * r + axis - 1] = -expected[3 * r + axis - 1];
        }
        // 1e-7: niftilib builds the qform in float with 1 for the non-positive pixdim
        assertArrayEquals(expected, img.direction(), 1e-7, what);
      }
    }
    // The reviewer's case: pixdim[1] = -2 with an identity qform gives LPS column (+1, 0, 0).
    Image3D img = variant(1, 0, bb -> {
      bb.putFloat(80, -2f);
      for (int i = 256; i < 268; i += 4) {
        bb.putFloat(i, 0f);
      }
    });
    assertEquals(2.0, img.spacing()[0], 0);
    assertArrayEquals(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}, img.direction(), 0);
  }

  /**
   * ITK reads a 2-D NIfTI as a 2-D image: SetImageIOOrientationFromNIfTI fills origin and
   * direction for dims = 2 only; the third axis read into 3-D is spacing 1, origin 0, identity.
   */
  @Test
  void twoDimensionalImageHasNoGeometryOnItsThirdAxis() throws IOException {
    int[][] forms = {{1, 0}, {0, 1}, {0, 0}};
    for (int[] f : forms) {
      Image3D base = variant(f[0], f[1], bb -> { });
      Image3D img = variant(f[0], f[1], bb -> {
        bb.putShort(40, (short) 2);
        bb.putFloat(88, 5f);
        bb.putFloat(76 + 4 * 2, -bb.getFloat(76 + 4 * 2)); // and a negative pixdim[2]
      });
      String what = "qform " + f[0] + " sform " + f[1];
      assertArrayEquals(new double[] {base.spacing()[0], base.spacing()[1], 1}, img.spacing(), 0,
          what);
      assertArrayEquals(new double[] {base.origin()[0], base.origin()[1], 0}, img.origin(), 0,
          what);
      double[] d = img.direction();
      double[] b = base.direction();
      assertArrayEquals(new double[] {0, 0, 1}, new double[] {d[6], d[7], d[8]}, 0, what);
      assertArrayEquals(new double[] {0, 0}, new double[] {d[2], d[5]}, 0, what);
      for (int j = 0; j < 2; j++) {
        // the column's first two components, normalised over those two only
        double n = Math.hypot(b[j], b[3 + j]);
        double sign = j == 1 ? -1 : 1;
        assertEquals(sign * b[j] / n, d[j], 1e-7, what);
        assertEquals(sign * b[3 + j] / n, d[3 + j], 1e-7, what);
      }
    }
  }

  /** niftilib's FIXED_FLOAT makes a NaN or infinite scl_inter 0; the slope is still applied. */
  @Test
  void nonFiniteInterceptCountsAsZero() throws IOException {
    Image3D raw = NiftiReader.read(Fixtures.file("nifti/dtype_int16.nii"));
    for (float inter : new float[] {Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY}) {
      Image3D img = variant(1, 1, bb -> {
        bb.putFloat(112, 2f);
        bb.putFloat(116, inter);
      });
      for (int i = 0; i < raw.size(); i++) {
        assertEquals(2 * raw.voxels()[i], img.voxels()[i], 0, "inter " + inter);
      }
    }
  }

  private static double[] doubles(JsonNode arr) {
    double[] d = new double[arr.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = arr.get(i).asDouble();
    }
    return d;
  }
}
