package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images held as 16-bit integers: which files give them, and that they read as doubles do. */
class ImageStorageTest {
  @TempDir
  Path tmp;

  private static Image3D shortImage(short... v) {
    return new Image3D(v.length, 1, 1, v, new double[] {1, 1, 1}, new double[3],
        Image3D.identity(), "s");
  }

  @Test
  void shortStorageReadsAsDoubles() {
    Image3D img = shortImage((short) -32768, (short) 0, (short) 7, (short) 7, (short) 32767);
    assertEquals(5, img.size());
    assertArrayEquals(new double[] {-32768, 0, 7, 7, 32767}, img.voxels(), 0.0);
    assertSame(img.voxels(), img.voxels(), "converted once, then kept");
    assertEquals(7.0, img.get(2, 0, 0), 0.0);
    assertEquals(2, img.count(7));
    assertEquals(0, img.count(7.5));
    assertEquals(0, img.count(70000));
    assertEquals(0, img.nonFinite());
    double[] dst = new double[4];
    img.copyTo(1, dst, 1, 3);
    assertArrayEquals(new double[] {0, 0, 7, 7}, dst, 0.0);
    assertThrows(IllegalArgumentException.class, () -> new Image3D(2, 2, 1, new short[3],
        new double[] {1, 1, 1}, new double[3], Image3D.identity(), "bad"));
  }

  @Test
  void doubleStorageCountsAndCopies() {
    Image3D img = Image3D.of(5, 1, 1, new double[] {1, Double.NaN, 7, Double.NEGATIVE_INFINITY,
        7});
    assertNull(img.shortVoxels());
    assertEquals(2, img.count(7));
    assertEquals(2, img.nonFinite());
    double[] dst = new double[2];
    img.copyTo(3, dst, 0, 2);
    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 7}, dst, 0.0);
  }

  private static Image3D niftiRoundTrip(double[] values, NiftiDatatype type) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NiftiWriter.write(Image3D.of(values.length, 1, 1, values), type, out, false);
    Image3D read = NiftiReader.read(new ByteArrayInputStream(out.toByteArray()), "t.nii");
    assertArrayEquals(values, read.voxels(), 0.0, type.label());
    return read;
  }

  /** 8- and 16-bit integer files whose values a short holds become short images; others not. */
  @Test
  void niftiStorageFollowsTheDatatypeAndTheValues() throws IOException {
    assertNotNull(niftiRoundTrip(new double[] {0, 1, 255}, NiftiDatatype.UINT8).shortVoxels());
    assertNotNull(niftiRoundTrip(new double[] {-128, 0, 127}, NiftiDatatype.INT8).shortVoxels());
    assertNotNull(niftiRoundTrip(new double[] {-32768, 32767}, NiftiDatatype.INT16)
        .shortVoxels());
    assertNotNull(niftiRoundTrip(new double[] {0, 32767}, NiftiDatatype.UINT16).shortVoxels());
    assertNull(niftiRoundTrip(new double[] {0, 32768, 65535}, NiftiDatatype.UINT16)
        .shortVoxels(), "uint16 above 32767 stays double");
    assertNull(niftiRoundTrip(new double[] {0, 1, 2}, NiftiDatatype.INT32).shortVoxels());
    assertNull(niftiRoundTrip(new double[] {0, 1, 2}, NiftiDatatype.FLOAT32).shortVoxels());
  }

  /** scl_slope/scl_inter make the values non-integer in general: such files stay double. */
  @Test
  void scaledNiftiStaysDouble() throws IOException {
    Image3D img = NiftiReader.read(Fixtures.file("nifti/scaled_int16.nii"));
    assertNull(img.shortVoxels());
    assertNotNull(NiftiReader.read(Fixtures.file("nifti/slope_zero_int16.nii")).shortVoxels(),
        "slope 0 means unscaled");
    assertNotNull(NiftiReader.read(Fixtures.file("nifti/pair.hdr")).shortVoxels());
  }

  private Image3D nrrd(String type, String encoding, byte[] data) throws IOException {
    String header = "NRRD0004\ntype: " + type + "\ndimension: 3\nsizes: 2 1 1\nencoding: "
        + encoding + "\nendian: big\n\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    out.write(data);
    return NrrdReader.read(Fixtures.write(tmp, type.replace(' ', '_') + "." + encoding
        + ".nrrd", out.toByteArray()));
  }

  @Test
  void nrrdStorageFollowsTheTypeAndTheValues() throws IOException {
    byte[] small = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putShort((short) -5)
        .putShort((short) 300).array();
    Image3D s = nrrd("short", "raw", small);
    assertNotNull(s.shortVoxels());
    assertArrayEquals(new double[] {-5, 300}, s.voxels(), 0.0);
    byte[] large = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putShort((short) 5)
        .putShort((short) 40000).array();
    Image3D u = nrrd("unsigned short", "raw", large);
    assertNull(u.shortVoxels());
    assertArrayEquals(new double[] {5, 40000}, u.voxels(), 0.0);
    assertNotNull(nrrd("uchar", "raw", new byte[] {0, (byte) 200}).shortVoxels());
    assertNull(nrrd("float", "raw", new byte[8]).shortVoxels());
  }

  /**
   * Sparse 8-bit data (a mask's background with a few labels, at and around the 128-voxel blocks
   * the decoder and the count skip) decodes and counts as voxel-by-voxel code does; so does dense
   * data.
   */
  @Test
  void sparseAndDenseBytesDecodeAndCountVoxelByVoxel() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int length : new int[] {1, 127, 128, 129, 1000, 4133}) {
      for (double density : new double[] {0.0, 0.01, 0.3, 1.0}) {
        byte[] data = new byte[length + 3];
        for (int i = 3; i < data.length; i++) {
          data[i] = rng.nextDouble() < density ? (byte) rng.nextInt(1, 256) : 0;
        }
        data[data.length - 1] = (byte) 200; // the last voxel, whatever the block size
        if (length > 128) {
          data[3 + 127] = (byte) -100;
          data[3 + 128] = 3;
        }
        for (NiftiDatatype type : new NiftiDatatype[] {NiftiDatatype.UINT8, NiftiDatatype.INT8}) {
          short[] got = VoxelCodec.decodeShorts(data, 3, length, type, ByteOrder.LITTLE_ENDIAN)
              .voxels();
          short[] want = new short[length];
          for (int i = 0; i < length; i++) {
            want[i] = (short) (type == NiftiDatatype.UINT8 ? data[3 + i] & 0xff : data[3 + i]);
          }
          String what = type.label() + ", " + length + " voxels, density " + density;
          assertArrayEquals(want, got, what);
          Image3D img = new Image3D(length, 1, 1, got, new double[] {1, 1, 1}, new double[3],
              Image3D.identity(), "m");
          for (int value : new int[] {0, 3, 200, -100, -56}) {
            long n = 0;
            for (short v : want) {
              n += v == value ? 1 : 0;
            }
            assertEquals(n, img.count(value), what + ", count of " + value);
          }
        }
      }
    }
  }
}
