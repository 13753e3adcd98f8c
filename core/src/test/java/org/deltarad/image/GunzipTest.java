package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GunzipTest {
  @AfterEach
  void nativeAgain() {
    System.clearProperty(Gunzip.PROPERTY);
  }

  /** The native inflater ships for linux-x86_64: there it must load, or the speed-up is gone. */
  @Test
  void nativeInflaterLoadsOnLinuxX86() {
    boolean linuxX86 = System.getProperty("os.name").toLowerCase().contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64");
    assertEquals(linuxX86 ? Gunzip.Implementation.ISAL : Gunzip.Implementation.JDK,
        Gunzip.implementation());
    System.setProperty(Gunzip.PROPERTY, "jdk");
    assertEquals(Gunzip.Implementation.JDK, Gunzip.implementation());
  }

  /** Both inflaters give GZIPInputStream's bytes, for an image file and a large noisy volume. */
  @Test
  void bothInflatersGiveTheSameBytes() throws IOException {
    byte[] fixture = Fixtures.bytes("nifti/int16.nii.gz");
    byte[] noisy = gzip(volume(3_000_000));
    for (byte[] gz : new byte[][] {fixture, noisy}) {
      byte[] want = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
      byte[] fast = Gunzip.whole(gz, 0, gz.length, Long.MAX_VALUE);
      System.setProperty(Gunzip.PROPERTY, "jdk");
      byte[] jdk = Gunzip.whole(gz, 0, gz.length, Long.MAX_VALUE);
      System.clearProperty(Gunzip.PROPERTY);
      assertArrayEquals(want, fast);
      assertArrayEquals(want, jdk);
    }
  }

  /** Whatever the fast path declines, the stream reader still reads (or reports) as before. */
  @Test
  void declinesWhatItCannotVouchFor() throws IOException {
    byte[] a = volume(200_000);
    byte[] b = volume(100_000);
    byte[] ga = gzip(a);
    byte[] two = concat(ga, gzip(b));
    for (String impl : new String[] {"", "jdk"}) {
      System.setProperty(Gunzip.PROPERTY, impl);
      assertNull(Gunzip.whole(two, 0, two.length, Long.MAX_VALUE), "two members " + impl);
      assertArrayEquals(concat(a, b), ImageStreams.gunzip(new MemoryFile(two), "two.gz",
          a.length + b.length)
          .readAllBytes(), "two members read by the stream " + impl);
      byte[] flipped = ga.clone();
      flipped[ga.length / 2] ^= 0x10;
      assertNull(Gunzip.whole(flipped, 0, flipped.length, Long.MAX_VALUE), "corrupt " + impl);
      assertNull(Gunzip.whole(ga, 0, ga.length - 3, Long.MAX_VALUE), "cut " + impl);
      assertNull(Gunzip.whole(ga, 0, ga.length, a.length - 1), "over the cap " + impl);
      assertNotNull(Gunzip.whole(ga, 0, ga.length, a.length), "at the cap " + impl);
    }
  }

  /** The optional header fields (file name, comment, extra) are skipped. */
  @Test
  void headerWithNameCommentAndExtra() throws IOException {
    byte[] a = volume(50_000);
    byte[] plain = gzip(a);
    ByteArrayOutputStream g = new ByteArrayOutputStream();
    g.write(plain, 0, 3);
    g.write(4 | 8 | 16);                        // FEXTRA, FNAME, FCOMMENT
    g.write(plain, 4, 6);
    g.write(new byte[] {3, 0, 'a', 'b', 'c'});  // extra field of 3 bytes
    g.write("image.nii\0note\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    g.write(plain, 10, plain.length - 10);
    byte[] gz = g.toByteArray();
    assertArrayEquals(a, new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
    assertArrayEquals(a, Gunzip.whole(gz, 0, gz.length, Long.MAX_VALUE));
  }

  /** int16-like content: a smooth field plus noise, compressible as MRI is. */
  private static byte[] volume(int bytes) {
    Random r = new Random(7);
    byte[] v = new byte[bytes];
    for (int i = 0; i + 1 < bytes; i += 2) {
      int x = (int) (400 + 300 * Math.sin(i / 5000.0) + r.nextGaussian() * 20);
      v[i] = (byte) x;
      v[i + 1] = (byte) (x >> 8);
    }
    return v;
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
