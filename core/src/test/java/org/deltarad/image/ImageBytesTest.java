package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBytesTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();

  /**
   * Read buffers reused from volume to volume (largest first, so later files are read into
   * longer arrays) give every file's hash, size and image as fresh arrays do; an image whose
   * buffers a later load took over refuses to decode instead of decoding the other's bytes.
   */
  @Test
  void reusedReadBuffersGiveTheSameHashesAndImages() throws IOException {
    List<String> uris = List.of(
        Fixtures.file("nrrd/gzip_big.nrrd"),
        Fixtures.file("reference/pyradiomics-brain1/brain1_label.nrrd"),
        Fixtures.file("nifti/int16.nii.gz"),
        Fixtures.file("nifti/pair_gz.hdr.gz"),
        Fixtures.file("nifti/dtype_float32.nii"),
        Fixtures.file(ImageReadersTest.PHANTOM),
        Fixtures.file("nrrd/detached_gz.nhdr"));
    ReadBuffers buffers = new ReadBuffers();
    for (int round = 0; round < 2; round++) {
      for (String uri : uris) {
        ImageBytes fresh = ImageBytes.load(uri, conf);
        ImageBytes reused = ImageBytes.load(uri, conf, Long.MAX_VALUE, buffers);
        assertEquals(fresh.sha256(), reused.sha256(), uri);
        assertEquals(fresh.size(), reused.size(), uri);
        assertEquals(fresh.shape(), reused.shape(), uri);
        Image3D want = fresh.decode();
        Image3D got = reused.decode();
        assertArrayEquals(want.voxels(), got.voxels(), 0, uri);
        assertArrayEquals(want.spacing(), got.spacing(), 0, uri);
        assertEquals(want.source(), got.source(), uri);
      }
    }
    ImageBytes first = ImageBytes.load(uris.get(2), conf, Long.MAX_VALUE, buffers);
    ImageBytes.load(uris.get(3), conf, Long.MAX_VALUE, buffers).decode();
    IllegalStateException e = assertThrows(IllegalStateException.class, first::decode);
    assertTrue(e.getMessage().contains("reused by a later load"), e.getMessage());
  }

  /**
   * A recycled voxel array serves the next volume of the same size, and every old value in it is
   * overwritten: an int16 image over another's values, and a mostly-zero uint8 mask over a mask
   * whose labels lie elsewhere (its zero blocks are filled, not skipped). Another size gets a
   * new array.
   */
  @Test
  void recycledVoxelArraysAreWhollyOverwritten() throws IOException {
    int nx = 40;
    int ny = 30;
    int nz = 5;
    int n = nx * ny * nz;
    double[] a = new double[n];
    double[] b = new double[n];
    double[] m1 = new double[n];
    double[] m2 = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = (i * 7919) % 3001 - 1500;
      b[i] = (i * 104729) % 2003 - 1000;
      m1[i] = i >= 1000 && i < 1400 ? 1 : 0;
      m2[i] = i % 1700 == 3 ? 2 : 0;
    }
    String[] files = {"a.nii.gz", "b.nii.gz", "m1.nii.gz", "m2.nii.gz"};
    double[][] values = {a, b, m1, m2};
    for (int k = 0; k < 4; k++) {
      NiftiWriter.write(Image3D.of(nx, ny, nz, values[k]),
          k < 2 ? NiftiDatatype.INT16 : NiftiDatatype.UINT8, tmp.resolve(files[k]).toString());
    }
    for (int first = 0; first < 4; first += 2) {
      ReadBuffers buffers = new ReadBuffers();
      Image3D old = load(files[first], buffers).decode();
      buffers.recycle(old);
      Image3D next = load(files[first + 1], buffers).decode();
      assertSame(old.shortVoxels(), next.shortVoxels(), files[first + 1] + ": recycled");
      assertArrayEquals(values[first + 1], next.voxels(), 0, files[first + 1]);
    }
    ReadBuffers buffers = new ReadBuffers();
    Image3D small = load("b.nii.gz", buffers).decode();
    buffers.recycle(small);
    NiftiWriter.write(Image3D.of(nx, ny, 1, Arrays.copyOf(a, nx * ny)), NiftiDatatype.INT16,
        tmp.resolve("c.nii.gz").toString());
    Image3D other = load("c.nii.gz", buffers).decode();
    assertNotSame(small.shortVoxels(), other.shortVoxels(), "another size: a new array");
    assertArrayEquals(Arrays.copyOf(a, nx * ny), other.voxels(), 0);
  }

  private ImageBytes load(String name, ReadBuffers buffers) throws IOException {
    return ImageBytes.load(tmp.resolve(name).toString(), conf, Long.MAX_VALUE, buffers);
  }

  /** A volume beyond the kept size gets arrays of its own, which are not kept for the next. */
  @Test
  void readBuffersDoNotKeepHugeArrays() {
    ReadBuffers b = new ReadBuffers();
    byte[] small = b.inflated(1000);
    assertTrue(small == b.inflated(10), "kept and reused");
    byte[] huge = b.inflated(ReadBuffers.KEEP_MAX + 1);
    assertTrue(huge != b.inflated(ReadBuffers.KEEP_MAX + 1), "a huge array is not kept");
    assertTrue(small == b.inflated(1000), "the small one still is");
    assertTrue(b.stored(1, 10) != b.stored(0, 10), "each file its own array");
    assertTrue(b.stored(1, 10) == b.stored(1, 10), "a NIfTI pair's second file kept");
    assertTrue(b.stored(2, 10) != b.stored(2, 10), "no third file kept");
  }

  /** One read gives the same hash as hashing the files and the same image as reading them. */
  @Test
  void sameHashAndImageAsSeparateReads() throws IOException {
    Files.write(tmp.resolve("v.raw"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
        14, 15, 16, 17, 18, 19, 20, 21, 22, 23});
    Files.write(tmp.resolve("v.nhdr"), ("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 4 3 2\n"
        + "encoding: raw\ndata file: v.raw\n").getBytes(StandardCharsets.US_ASCII));
    List<String> uris = List.of(
        Fixtures.file(ImageReadersTest.PHANTOM),
        Fixtures.file("nifti/int16.nii.gz"),
        Fixtures.file("nifti/dtype_float32.nii"),
        Fixtures.file("nifti/pair.img"),
        Fixtures.file("nifti/pair.hdr"),
        Fixtures.file("nifti/pair_gz.hdr.gz"),
        Fixtures.file("reference/pyradiomics-brain1/brain1_label.nrrd"),
        Fixtures.file("nrrd/detached_gz.nhdr"),
        Fixtures.file("nrrd/gzip_big.nrrd"),
        tmp.resolve("v.nhdr").toString());
    for (String uri : uris) {
      ImageBytes b = ImageReaders.load(uri, conf);
      assertEquals(ImageReaders.sha256(uri, conf), b.sha256(), uri);
      Image3D want = ImageReaders.read(uri, conf);
      Image3D got = b.decode();
      assertArrayEquals(want.voxels(), got.voxels(), 0, uri);
      assertArrayEquals(want.spacing(), got.spacing(), 0, uri);
      assertArrayEquals(want.origin(), got.origin(), 0, uri);
      assertArrayEquals(want.direction(), got.direction(), 0, uri);
      assertEquals(want.source(), got.source(), uri);
      long stored = 0;
      for (String f : ImageReaders.files(uri, conf)) {
        stored += Files.size(Path.of(f.startsWith("file:") ? java.net.URI.create(f).getPath()
            : f));
      }
      assertEquals(stored, b.size(), uri);
    }
  }

  @Test
  void errorsNameTheFile() throws IOException {
    ImageIoException e = assertThrows(ImageIoException.class,
        () -> ImageReaders.load(tmp.resolve("x.nii.gz").toString(), conf));
    assertEquals("x.nii.gz: file not found", e.getMessage());

    // A truncated gzip loads (its bytes hash fine) and fails to decode, like a plain read.
    byte[] whole = Fixtures.bytes("nifti/int16.nii.gz");
    Path cut = tmp.resolve("cut.nii.gz");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
    ImageBytes b = ImageReaders.load(cut.toString(), conf);
    assertEquals(ImageReaders.sha256(cut.toString(), conf), b.sha256());
    IOException plain = assertThrows(IOException.class, () -> ImageReaders.read(cut.toString()));
    IOException loaded = assertThrows(IOException.class, b::decode);
    assertEquals(plain.getMessage(), loaded.getMessage());

    // A pair whose data file is missing fails at load, naming the missing file.
    Files.copy(Fixtures.path("nifti/pair.hdr"), tmp.resolve("lonely.hdr"));
    e = assertThrows(ImageIoException.class,
        () -> ImageReaders.load(tmp.resolve("lonely.hdr").toString(), conf));
    assertEquals("lonely.img: file not found", e.getMessage());
  }

  /**
   * The file's bytes whatever length the stream claims: exact, short, long, none, or a file
   * that grows between the claim and the read; the byte budget still holds.
   */
  @Test
  void readsWholeFileWhateverTheStreamClaims() throws IOException {
    byte[] data = new byte[200_003];
    new java.util.Random(7).nextBytes(data);
    String want = ContentHash.sha256(List.of(data));
    for (int claim : new int[] {data.length, 0, 1, 65_536, data.length - 1, data.length + 5,
        Integer.MAX_VALUE}) {
      ImageBytes b = ImageBytes.load("v.nii", claiming(data, claim), Long.MAX_VALUE);
      assertEquals(want, b.sha256(), "claim " + claim);
      assertEquals(data.length, b.size(), "claim " + claim);
    }
    ImageBytes thrown = ImageBytes.load("v.nii", claiming(data, -1), Long.MAX_VALUE);
    assertEquals(want, thrown.sha256(), "available() throws");
    for (int claim : new int[] {data.length, data.length - 1, 10}) {
      ImageIoException e = assertThrows(ImageIoException.class,
          () -> ImageBytes.load("v.nii", claiming(data, claim), data.length - 1));
      assertEquals("v.nii: files larger than " + MemorySize.format(data.length - 1)
          + ", the memory budget of one volume", e.getMessage(), "claim " + claim);
    }
  }

  /**
   * Through reused read buffers that a larger file made longer than this one: the same bytes
   * whatever length the stream claims (the exact claim keeps the buffer itself).
   */
  @Test
  void readsWholeFileIntoLongerReusedBuffers() throws IOException {
    byte[] big = new byte[300_001];
    new java.util.Random(8).nextBytes(big);
    byte[] data = new byte[200_003];
    new java.util.Random(7).nextBytes(data);
    String want = ContentHash.sha256(List.of(data));
    ReadBuffers buffers = new ReadBuffers();
    for (int claim : new int[] {data.length, data.length - 1, data.length + 5, 1, 0}) {
      ImageBytes.load("big.nii", claiming(big, big.length), Long.MAX_VALUE, buffers);
      ImageBytes b = ImageBytes.load("v.nii", claiming(data, claim), Long.MAX_VALUE, buffers);
      assertEquals(want, b.sha256(), "claim " + claim);
      assertEquals(data.length, b.size(), "claim " + claim);
    }
  }

  /**
   * Serves {@code data} under any name, its stream claiming {@code claim} bytes available
   * ({@code available()} fails for a negative claim).
   */
  private static FileOpener claiming(byte[] data, int claim) {
    return new FileOpener() {
      @Override
      public java.io.InputStream open(String uri) {
        return new java.io.FilterInputStream(new java.io.ByteArrayInputStream(data)) {
          @Override
          public int available() throws IOException {
            if (claim < 0) {
              throw new IOException("no length");
            }
            return claim;
          }
        };
      }

      @Override
      public boolean exists(String uri) {
        return true;
      }
    };
  }

  /**
   * A gzip trailer claiming far more than the header declares (here 1 GB for a small int16
   * volume) is not believed: the one-piece gunzip, which sizes its output from the trailer, is
   * skipped, so decoding allocates about the file's real size, and the stream reader reports the
   * corrupt trailer as before. Allocation is counted by the JVM for this thread.
   */
  @Test
  void aLyingGzipTrailerAllocatesNothingLikeWhatItClaims() throws IOException {
    byte[] gz = Fixtures.bytes("nifti/int16.nii.gz");
    int claim = 1_000_000_000;
    for (int k = 0; k < 4; k++) {
      gz[gz.length - 4 + k] = (byte) (claim >>> (8 * k));
    }
    Path lying = tmp.resolve("lying.nii.gz");
    Files.write(lying, gz);
    ImageBytes b = ImageReaders.load(lying.toString(), conf);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    IOException e = assertThrows(IOException.class, b::decode);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 50_000_000, "allocated " + allocated + " bytes");
    assertTrue(e.getMessage().startsWith("lying.nii.gz: "), e.getMessage());
  }
}
