package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NrrdReaderTest {
  @TempDir
  Path tmp;

  static final String BRAIN1 = "reference/pyradiomics-brain1/";

  /** SHA-1 of the voxels as little-endian bytes of the given width: what sitk.Hash reports. */
  static String sha1(double[] v, int bytes) throws NoSuchAlgorithmException {
    ByteBuffer b = ByteBuffer.allocate(v.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) {
      if (bytes == 2) {
        b.putShort((short) x);
      } else {
        b.putInt((int) x);
      }
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b.array()));
  }

  @Test
  void readsBrain1AsPyRadiomicsDid() throws Exception {
    Image3D img = NrrdReader.read(Fixtures.file(BRAIN1 + "brain1_image.nrrd"));
    assertEquals(256, img.nx());
    assertEquals(256, img.ny());
    assertEquals(25, img.nz());
    // PyRadiomics' diagnostics (baseline_firstorder.csv): Spacing as SimpleITK reported it.
    assertArrayEquals(new double[] {0.7812499999999999, 0.7812499999999999, 6.499999999999998},
        img.spacing(), 0);
    assertArrayEquals(new double[] {-99.609374999999986, 99.609374999999986, -77.999999999999957},
        img.origin(), 0);
    assertArrayEquals(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}, img.direction(), 0);
    // Diagnostics: Image-original_Hash (sitk.Hash of the int16 buffer), Mean, Minimum, Maximum.
    assertEquals("5c9ce3ca174f0f8324aa4d277e0fef82dc5ac566", sha1(img.voxels(), 2));
    assertEquals(385.6564080810547, Fixtures.sum(img.voxels()) / img.size(), 1e-12);
    assertEquals(631859459, Fixtures.sum(img.voxels()), 0);
    assertEquals(0, java.util.Arrays.stream(img.voxels()).min().getAsDouble());
    assertEquals(3057, java.util.Arrays.stream(img.voxels()).max().getAsDouble());

    Image3D label = NrrdReader.read(Fixtures.file(BRAIN1 + "brain1_label.nrrd"));
    assertEquals("9dc2c3137b31fd872997d92c9a92d5178126d9d3", sha1(label.voxels(), 4));
    assertEquals(4137, Fixtures.count(label.voxels(), 1));
    assertEquals(256 * 256 * 25 - 4137, Fixtures.count(label.voxels(), 0));
    assertArrayEquals(img.spacing(), label.spacing(), 0);
    assertArrayEquals(img.origin(), label.origin(), 0);
    assertArrayEquals(img.direction(), label.direction(), 0);

    // Diagnostics: Mask-original_CenterOfMassIndex and CenterOfMass (physical, LPS).
    double[] com = new double[3];
    for (int z = 0; z < 25; z++) {
      for (int y = 0; y < 256; y++) {
        for (int x = 0; x < 256; x++) {
          if (label.get(x, y, z) == 1) {
            com[0] += x;
            com[1] += y;
            com[2] += z;
          }
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      com[i] /= 4137;
    }
    assertArrayEquals(new double[] {186.98549673676578, 106.3562968334542, 14.38917089678511},
        com, 1e-9);
    double[] phys = new double[3];
    for (int r = 0; r < 3; r++) {
      phys[r] = label.origin()[r];
      for (int c = 0; c < 3; c++) {
        phys[r] += label.direction()[3 * r + c] * label.spacing()[c] * com[c];
      }
    }
    assertArrayEquals(new double[] {46.47304432559825, 16.518518098863908, 15.529610829103234},
        phys, 1e-9);
  }

  @Test
  void brain1SurvivesNiftiRoundTrip() throws IOException {
    Image3D img = NrrdReader.read(Fixtures.file(BRAIN1 + "brain1_image.nrrd"));
    String p = tmp.resolve("brain1.nii.gz").toString();
    NiftiWriter.write(img, NiftiDatatype.INT16, p);
    Image3D back = NiftiReader.read(p);
    assertArrayEquals(img.voxels(), back.voxels(), 0);
    assertArrayEquals(img.spacing(), back.spacing(), 1e-6);
    assertArrayEquals(img.origin(), back.origin(), 1e-5);
    assertArrayEquals(img.direction(), back.direction(), 0);
  }

  // ------------------------------------------------------------ synthetic files

  static final short[] SHORTS = {-300, 7, 0, 32767, -32768, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
      12, 13, 14, 15, 16, 17, 18, 19};

  static byte[] shorts(ByteOrder order) {
    ByteBuffer b = ByteBuffer.allocate(SHORTS.length * 2).order(order);
    for (short s : SHORTS) {
      b.putShort(s);
    }
    return b.array();
  }

  static double[] shortValues() {
    double[] d = new double[SHORTS.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = SHORTS[i];
    }
    return d;
  }

  static byte[] concat(String header, byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    out.write(data);
    return out.toByteArray();
  }

  static String header(String type, String encoding, String endian, String extra) {
    return "NRRD0004\n# a comment\ntype: " + type + "\ndimension: 3\nsizes: 4 3 2\n"
        + "encoding: " + encoding + "\n" + (endian == null ? "" : "endian: " + endian + "\n")
        + "space: left-posterior-superior\n"
        + "space directions: (0.5,0,0) (0,0.75,0) (0,0,3)\nspace origin: (1,2,3)\n"
        + "kinds: domain domain domain\nsome key:=some value\n" + extra;
  }

  private String write(String name, byte[] content) throws IOException {
    return Fixtures.write(tmp, name, content);
  }

  @Test
  void attachedEncodingsAndEndianness() throws IOException {
    double[] want = shortValues();
    String[] files = {
        write("le.nrrd", concat(header("short", "raw", "little", "\n"),
            shorts(ByteOrder.LITTLE_ENDIAN))),
        write("be.nrrd", concat(header("int16", "raw", "big", "\n"),
            shorts(ByteOrder.BIG_ENDIAN))),
        write("gz.nrrd", concat(header("signed short int", "gz", "big", "\n"),
            Fixtures.gzip(shorts(ByteOrder.BIG_ENDIAN)))),
        write("gzip.nrrd", concat(header("short int", "gzip", "little", "\r\n"),
            Fixtures.gzip(shorts(ByteOrder.LITTLE_ENDIAN)))),
        write("ascii.nrrd", concat(header("int16_t", "ascii", null, "\n"),
            "-300 7 0 32767\n-32768 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19\n"
                .getBytes(StandardCharsets.US_ASCII))),
        write("hex.nrrd", concat(header("short", "hex", "little", "\n"),
            HexFormat.of().formatHex(shorts(ByteOrder.LITTLE_ENDIAN))
                .getBytes(StandardCharsets.US_ASCII)))};
    for (String f : files) {
      Image3D img = NrrdReader.read(f);
      assertArrayEquals(want, img.voxels(), 0, f);
      assertArrayEquals(new double[] {0.5, 0.75, 3}, img.spacing(), 0, f);
      assertArrayEquals(new double[] {1, 2, 3}, img.origin(), 0, f);
      assertArrayEquals(Image3D.identity(), img.direction(), 0, f);
    }
  }

  @ParameterizedTest
  @CsvSource({"signed char,1,-128", "int8,1,-5", "uchar,1,255", "unsigned char,1,200",
      "uint8_t,1,7", "ushort,2,65535", "unsigned short int,2,40000", "uint16,2,3",
      "int,4,-2147483648", "signed int,4,-7", "uint,4,4294967295", "unsigned int,4,3000000000",
      "int32_t,4,5", "longlong,8,-9007199254740993", "long long int,8,-5", "int64,8,123",
      "ulonglong,8,18446744073709551615", "unsigned long long,8,9", "uint64_t,8,10",
      "float,4,0.1", "double,8,0.1"})
  void typeAliases(String type, int bytes, String value) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(24 * bytes).order(ByteOrder.BIG_ENDIAN);
    java.math.BigInteger big = type.contains("float") || type.contains("double") ? null
        : new java.math.BigInteger(value);
    for (int i = 0; i < 24; i++) {
      switch (bytes) {
        case 1: b.put(big.byteValue()); break;
        case 2: b.putShort(big.shortValue()); break;
        case 4:
          if (big == null) {
            b.putFloat(Float.parseFloat(value));
          } else {
            b.putInt(big.intValue());
          }
          break;
        default:
          if (big == null) {
            b.putDouble(Double.parseDouble(value));
          } else {
            b.putLong(big.longValue());
          }
      }
    }
    String f = write("t.nrrd", concat(header(type, "raw", "big", "\n"), b.array()));
    Image3D img = NrrdReader.read(f);
    double expected = type.equals("float") ? (float) 0.1 : new java.math.BigDecimal(value)
        .doubleValue();
    for (double v : img.voxels()) {
      assertEquals(expected, v, 0, type);
    }
  }

  @Test
  void detachedHeaderWithSkips() throws IOException {
    Path sub = Files.createDirectories(tmp.resolve("d"));
    Files.write(sub.resolve("v.raw"), concat("junk line 1\njunk line 2\nXYZ",
        shorts(ByteOrder.LITTLE_ENDIAN)));
    Files.write(sub.resolve("v.nhdr"), header("short", "raw", "little",
        "line skip: 2\nbyte skip: 3\ndata file: v.raw\n").getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(shortValues(), NrrdReader.read(sub.resolve("v.nhdr").toString()).voxels(), 0);

    // byte skip -1: data are the last bytes of the file.
    Files.write(sub.resolve("tail.raw"), concat("any preamble of any length",
        shorts(ByteOrder.BIG_ENDIAN)));
    Files.write(sub.resolve("tail.nhdr"), header("short", "raw", "big",
        "byte skip: -1\ndatafile: tail.raw\n").getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(shortValues(), NrrdReader.read(sub.resolve("tail.nhdr").toUri().toString())
        .voxels(), 0);

    // gzip data file, referred to by an absolute path (below the header's directory).
    Files.createDirectories(sub.resolve("data"));
    Files.write(sub.resolve("data/abs.raw.gz"), Fixtures.gzip(shorts(ByteOrder.LITTLE_ENDIAN)));
    Files.write(sub.resolve("abs.nhdr"), header("short", "gzip", "little",
        "data file: " + sub.resolve("data/abs.raw.gz") + "\n")
        .getBytes(StandardCharsets.US_ASCII));
    assertArrayEquals(shortValues(), NrrdReader.read(sub.resolve("abs.nhdr").toString()).voxels(),
        0);
  }

  @Test
  void detachedDataOutsideTheHeadersDirectoryIsRefusedUnlessAllowed() throws IOException {
    Path sub = Files.createDirectories(tmp.resolve("study/s1"));
    Files.write(tmp.resolve("secret.raw"), shorts(ByteOrder.LITTLE_ENDIAN));
    Files.write(sub.resolve("up.nhdr"), header("short", "raw", "little",
        "data file: ../../secret.raw\n").getBytes(StandardCharsets.US_ASCII));
    Files.write(sub.resolve("abs.nhdr"), header("short", "raw", "little",
        "data file: " + tmp.resolve("secret.raw") + "\n").getBytes(StandardCharsets.US_ASCII));
    Files.write(sub.resolve("sneaky.nhdr"), header("short", "raw", "little",
        "data file: ./x/../../../secret.raw\n").getBytes(StandardCharsets.US_ASCII));
    for (String h : new String[] {"up.nhdr", "abs.nhdr", "sneaky.nhdr"}) {
      String uri = sub.resolve(h).toString();
      ImageIoException e = assertThrows(ImageIoException.class, () -> NrrdReader.read(uri));
      assertTrue(e.getMessage().contains("lies outside the header's directory")
          && e.getMessage().contains("deltarad.nrrd.data-file.anywhere"), e.getMessage());
      // the hash path (the job reads files before decoding) refuses it the same way
      assertThrows(ImageIoException.class, () -> ImageBytes.load(uri, ImageFiles.defaultConf()));
      org.apache.hadoop.conf.Configuration allow = new org.apache.hadoop.conf.Configuration();
      allow.setBoolean(FileOpener.NRRD_DATA_ANYWHERE, true);
      assertArrayEquals(shortValues(), NrrdReader.read(uri, allow).voxels(), 0, h);
    }
  }

  @Test
  void invalidSpacingsAreErrors() throws IOException {
    for (String sp : new String[] {"0", "nan", "inf", "-inf"}) {
      String h = "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 4 3 2\nencoding: raw\n"
          + "spacings: 0.5 " + sp + " 2\n\n";
      assertMessage(fails("sp.nrrd", concat(h, new byte[24])), "sp.nrrd",
          "invalid spacing '" + sp + "' of axis 1");
    }
    String dirs = "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 4 3 2\nencoding: raw\n"
        + "space: lps\nspace directions: (1,0,0) (0,nan,0) (0,0,1)\n\n";
    assertMessage(fails("dir.nrrd", concat(dirs, new byte[24])), "dir.nrrd",
        "zero or not finite");
  }

  @Test
  void spacesConvertedToLps() throws IOException {
    String body = "NRRD0005\ntype: uchar\ndimension: 3\nsizes: 4 3 2\nencoding: raw\n"
        + "space directions: (0,2,0) (0.5,0,0) (0,0,-3)\nspace origin: (10,20,30)\n";
    byte[] data = new byte[24];
    Image3D ras = NrrdReader.read(write("ras.nrrd",
        concat(body + "space: RAS\n\n", data)));
    assertArrayEquals(new double[] {2, 0.5, 3}, ras.spacing(), 0);
    assertArrayEquals(new double[] {-10, -20, 30}, ras.origin(), 0);
    assertArrayEquals(new double[] {0, -1, 0, -1, 0, 0, 0, 0, -1}, ras.direction(), 0);
    Image3D las = NrrdReader.read(write("las.nrrd",
        concat(body + "space: left-anterior-superior\n\n", data)));
    assertArrayEquals(new double[] {10, -20, 30}, las.origin(), 0);
    assertArrayEquals(new double[] {0, 1, 0, -1, 0, 0, 0, 0, -1}, las.direction(), 0);
    Image3D scanner = NrrdReader.read(write("xyz.nrrd",
        concat(body + "space: scanner-xyz\n\n", data)));
    assertArrayEquals(new double[] {10, 20, 30}, scanner.origin(), 0);
    assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0, 0, 0, -1}, scanner.direction(), 0);
  }

  @Test
  void noSpaceUsesSpacingsAndAxisMins() throws IOException {
    String h = "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 4 3 2\nencoding: raw\n"
        + "spacings: 0.5 1 2\naxis mins: 10 7 -4\ncenters: cell ??? node\n\n";
    Image3D img = NrrdReader.read(write("plain.nrrd", concat(h, new byte[24])));
    assertArrayEquals(new double[] {0.5, 1, 2}, img.spacing(), 0);
    assertArrayEquals(new double[] {10.25, 7.5, -4}, img.origin(), 0);
    assertArrayEquals(Image3D.identity(), img.direction(), 0);
  }

  /** teem's nrrdOriginCalculate is all or nothing: NoMin on any axis leaves ITK's origin 0. */
  @Test
  void noSpaceOriginNeedsEveryAxisMin() throws IOException {
    String h = "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 4 3 2\nencoding: raw\n"
        + "spacings: 0.5 1 2\naxis mins: 10 NaN -4\ncenters: cell ??? node\n\n";
    Image3D img = NrrdReader.read(write("partial.nrrd", concat(h, new byte[24])));
    assertArrayEquals(new double[] {0.5, 1, 2}, img.spacing(), 0);
    assertArrayEquals(new double[] {0, 0, 0}, img.origin(), 0);
    // NoMaxOrSpacing likewise: the second axis has neither a spacing nor a max
    h = "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 4 3 2\nencoding: raw\n"
        + "axis mins: 10 7 -4\naxis maxs: 12 NaN 0\n\n";
    img = NrrdReader.read(write("nomax.nrrd", concat(h, new byte[24])));
    assertArrayEquals(new double[] {0, 0, 0}, img.origin(), 0);
  }

  /** nrrdOriginCalculate takes the spacing when known, and (max - min) / size only without it. */
  @Test
  void noSpaceOriginPrefersSpacingOverAxisMax() throws IOException {
    String h = "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 3 4\nencoding: raw\n"
        + "endian: little\nspacings: 2 3 4\naxis mins: 0 0 0\naxis maxs: 2 3 4\n\n";
    Image3D img = NrrdReader.read(write("minmax.nrrd", concat(h, shorts(ByteOrder.LITTLE_ENDIAN))));
    assertArrayEquals(new double[] {1, 1.5, 2}, img.origin(), 1e-12);
    h = "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 3 4\nencoding: raw\n"
        + "endian: little\naxis mins: 0 0 0\naxis maxs: 2 3 4\ncenters: cell node cell\n\n";
    img = NrrdReader.read(write("minmax2.nrrd", concat(h, shorts(ByteOrder.LITTLE_ENDIAN))));
    assertArrayEquals(new double[] {0.5, 0, 0.5}, img.origin(), 1e-12);
  }

  /**
   * NrrdImageIO sets a negative scalar spacing as is; itk::ImageFileReader makes it positive and
   * negates that direction column. The origin (teem) uses the signed spacing.
   */
  @Test
  void negativeSpacingsNegateTheirDirectionColumn() throws IOException {
    String h = "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 3 4\nencoding: raw\n"
        + "endian: little\nspacings: -2 3 -4\naxis mins: 10 10 10\n\n";
    Image3D img = NrrdReader.read(write("neg.nrrd", concat(h, shorts(ByteOrder.LITTLE_ENDIAN))));
    assertArrayEquals(new double[] {2, 3, 4}, img.spacing(), 0);
    assertArrayEquals(new double[] {-1, 0, 0, 0, 1, 0, 0, 0, -1}, img.direction(), 0);
    assertArrayEquals(new double[] {9, 11.5, 8}, img.origin(), 0);
  }

  /** teem's fieldStrEqv accepts the field names without their spaces. */
  @Test
  void fieldNamesWithoutSpaces() throws IOException {
    String h = "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 3 4\nencoding: raw\n"
        + "endian: little\nspacedimension: 3\n"
        + "spacedirections: (2,0,0) (0,3,0) (0,0,4)\nspaceorigin: (1,2,3)\n"
        + "spaceunits: \"mm\" \"mm\" \"mm\"\nmeasurementframe: (1,0,0) (0,1,0) (0,0,1)\n\n";
    Image3D img = NrrdReader.read(write("alias.nrrd", concat(h, shorts(ByteOrder.LITTLE_ENDIAN))));
    assertArrayEquals(new double[] {2, 3, 4}, img.spacing(), 0);
    assertArrayEquals(new double[] {1, 2, 3}, img.origin(), 0);
    h = "NRRD0004\ntype: short\ndimension: 3\nsizes: 2 3 4\nencoding: raw\n"
        + "endian: little\nspacings: 2 3 4\naxismins: 0 0 0\naxismaxs: 9 9 9\n"
        + "blocksize: 2\nsampleunits: HU\n\n";
    img = NrrdReader.read(write("alias2.nrrd", concat(h, shorts(ByteOrder.LITTLE_ENDIAN))));
    assertArrayEquals(new double[] {1, 1.5, 2}, img.origin(), 0);
  }

  @Test
  void trailingUnitAxesAndUnitRangeAxis() throws IOException {
    String h = "NRRD0004\ntype: uchar\ndimension: 5\nsizes: 1 4 3 2 1\nencoding: raw\n"
        + "kinds: scalar domain domain domain domain\n\n";
    byte[] data = new byte[24];
    data[5] = 9;
    Image3D img = NrrdReader.read(write("unit.nrrd", concat(h, data)));
    assertEquals(4, img.nx());
    assertEquals(3, img.ny());
    assertEquals(2, img.nz());
    assertEquals(9, img.get(1, 1, 0));
  }

  @Test
  void twoDimensionalIsOneSlice() throws IOException {
    String h = "NRRD0004\ntype: uchar\ndimension: 2\nsizes: 4 3\nencoding: raw\n"
        + "space dimension: 2\nspace directions: (0.5,0) (0,0.25)\nspace origin: (1,2)\n\n";
    Image3D img = NrrdReader.read(write("flat.nrrd", concat(h, new byte[12])));
    assertEquals(1, img.nz());
    assertArrayEquals(new double[] {0.5, 0.25, 1}, img.spacing(), 0);
    assertArrayEquals(new double[] {1, 2, 0}, img.origin(), 0);
    assertArrayEquals(Image3D.identity(), img.direction(), 0);
  }

  // ---------------------------------------------------------------- malformed

  private ImageIoException fails(String name, byte[] content) throws IOException {
    String p = write(name, content);
    return assertThrows(ImageIoException.class, () -> NrrdReader.read(p));
  }

  private static void assertMessage(ImageIoException e, String file, String cause) {
    String m = e.getMessage();
    assertTrue(m.startsWith(file + ": "), "message should start with the file name: " + m);
    assertTrue(m.contains(cause), "message should contain '" + cause + "': " + m);
    assertTrue(!m.contains("\n"), "one line: " + m);
  }

  @Test
  void garbageHeader() throws IOException {
    assertMessage(fails("g1.nrrd", "P5\n256 256\n".getBytes(StandardCharsets.US_ASCII)),
        "g1.nrrd", "not a NRRD file: first line is 'P5'");
    byte[] binary = new byte[100_000];
    new java.util.Random(1).nextBytes(binary);
    for (int i = 0; i < binary.length; i++) {
      if (binary[i] == '\n') {
        binary[i] = 'x';
      }
    }
    assertMessage(fails("g2.nrrd", concat("NRRD0004\n", binary)), "g2.nrrd",
        "header line 2 is longer than 65536 bytes");
    assertMessage(fails("g3.nrrd", "NRRD0004\nthis is not a field\n\n".getBytes(
        StandardCharsets.US_ASCII)), "g3.nrrd", "malformed header line 2: 'this is not a field'");
    assertMessage(fails("g4.nrrd", new byte[0]), "g4.nrrd", "not a NRRD file");
    assertMessage(fails("g5.nrrd", (header("short", "raw", "little", "") + "type: short\n\n")
        .getBytes(StandardCharsets.US_ASCII)), "g5.nrrd", "field 'type' appears twice");
  }

  @Test
  void missingOrInconsistentFields() throws IOException {
    String noSizes = "NRRD0004\ntype: short\ndimension: 3\nencoding: raw\nendian: little\n\n";
    assertMessage(fails("s.nrrd", noSizes.getBytes(StandardCharsets.US_ASCII)), "s.nrrd",
        "missing required field 'sizes'");
    String twoSizes = "NRRD0004\ntype: short\ndimension: 3\nsizes: 4 3\nencoding: raw\n"
        + "endian: little\n\n";
    assertMessage(fails("s2.nrrd", twoSizes.getBytes(StandardCharsets.US_ASCII)), "s2.nrrd",
        "'sizes' has 2 values but dimension is 3");
    assertMessage(fails("t.nrrd", concat(header("complex", "raw", "little", "\n"), new byte[0])),
        "t.nrrd", "unsupported NRRD type 'complex'");
    assertMessage(fails("t2.nrrd", concat(header("block", "raw", "little", "\n"), new byte[0])),
        "t2.nrrd", "unsupported NRRD type 'block'");
    assertMessage(fails("e.nrrd", concat(header("short", "raw", null, "\n"), new byte[48])),
        "e.nrrd", "missing 'endian' field");
    assertMessage(fails("b.nrrd", concat(header("short", "bzip2", "little", "\n"), new byte[48])),
        "b.nrrd", "unsupported NRRD encoding 'bzip2'");
    assertMessage(fails("n.nrrd", concat(header("short", "raw", "little", "").replace(
        "(0,0,3)", "(0,0,x)") + "\n", new byte[48])), "n.nrrd",
        "invalid number 'x' in 'space directions'");
    assertMessage(fails("d.nrrd", concat(header("short", "raw", "little", "").replace(
        " (0,0,3)", "") + "\n", new byte[48])), "d.nrrd",
        "'space directions' has 2 entries but dimension is 3");
    assertMessage(fails("z.nrrd", concat(header("short", "raw", "little", "").replace(
        "(0,0,3)", "(0,0,0)") + "\n", new byte[48])), "z.nrrd",
        "space direction of axis 2 is zero");
    String bothSpacings = header("short", "raw", "little", "spacings: 1 1 1\n\n");
    assertMessage(fails("sp.nrrd", concat(bothSpacings, new byte[48])), "sp.nrrd",
        "both 'spacings' and 'space directions' given");
  }

  @Test
  void dataProblems() throws IOException {
    assertMessage(fails("short.nrrd", concat(header("short", "raw", "little", "\n"),
        new byte[40])), "short.nrrd", "data size 40 bytes does not match sizes 4x3x2 int16 "
        + "(48 bytes)");
    byte[] gz = Fixtures.gzip(shorts(ByteOrder.LITTLE_ENDIAN));
    assertMessage(fails("cut.nrrd", concat(header("short", "gzip", "little", "\n"),
        java.util.Arrays.copyOf(gz, gz.length - 12))), "cut.nrrd", "truncated gzip stream after");
    assertMessage(fails("notgz.nrrd", concat(header("short", "gzip", "little", "\n"),
        shorts(ByteOrder.LITTLE_ENDIAN))), "notgz.nrrd", "corrupt gzip stream");
    assertMessage(fails("asc.nrrd", concat(header("uchar", "ascii", null, "\n"),
        "1 2 3 300".getBytes(StandardCharsets.US_ASCII))), "asc.nrrd",
        "value '300' in data is not a valid uint8");
    assertMessage(fails("asc2.nrrd", concat(header("uchar", "ascii", null, "\n"),
        "1 2 3".getBytes(StandardCharsets.US_ASCII))), "asc2.nrrd",
        "ascii data has 3 values but sizes 4x3x2 uint8 (24 bytes) need 24");
  }

  @Test
  void unsupportedShapes() throws IOException {
    String vec = "NRRD0004\ntype: float\ndimension: 4\nsizes: 3 4 3 2\nencoding: raw\n"
        + "endian: little\nkinds: vector domain domain domain\n\n";
    assertMessage(fails("vec.nrrd", concat(vec, new byte[288])), "vec.nrrd",
        "multi-component image (axis 0 is 'vector' with 3 components) is not supported");
    String fourD = "NRRD0004\ntype: uchar\ndimension: 4\nsizes: 4 3 2 5\nencoding: raw\n\n";
    assertMessage(fails("4d.nrrd", concat(fourD, new byte[120])), "4d.nrrd",
        "4-D image (5 volumes) is not supported");
  }

  @Test
  void detachedProblems() throws IOException {
    assertMessage(fails("nodata.nhdr", header("short", "raw", "little", "")
        .getBytes(StandardCharsets.US_ASCII)), "nodata.nhdr", "has no 'data file' field");
    assertMessage(fails("gone.nhdr", header("short", "raw", "little", "data file: gone.raw\n")
        .getBytes(StandardCharsets.US_ASCII)), "gone.raw", "file not found");
    assertMessage(fails("list.nhdr", header("short", "raw", "little", "data file: LIST\na.raw\n")
        .getBytes(StandardCharsets.US_ASCII)), "list.nhdr", "multi-file data");
  }
}
