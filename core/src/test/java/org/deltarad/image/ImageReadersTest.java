package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReadersTest {
  @TempDir
  Path tmp;

  static final String PHANTOM = "reference/ibsi-digital-phantom/phantom.nii.gz";

  @Test
  void choosesFormatByExtension() throws IOException {
    assertEquals(ImageReaders.Format.NIFTI, ImageReaders.format("s3a://bucket/a/B.NII.GZ"));
    assertEquals(ImageReaders.Format.NIFTI_PAIR, ImageReaders.format("x.img.gz"));
    assertEquals(ImageReaders.Format.NRRD, ImageReaders.format("hdfs://nn/x.nhdr"));
    ImageIoException e = assertThrows(ImageIoException.class,
        () -> ImageReaders.read(tmp.resolve("scan.mha").toString()));
    assertEquals("scan.mha: unsupported image format (expected .nii, .nii.gz, .hdr, .img, "
        + ".nrrd or .nhdr)", e.getMessage());

    Image3D nii = ImageReaders.read(Fixtures.file(PHANTOM));
    assertEquals(5, nii.nx());
    Image3D nrrd = ImageReaders.read(Fixtures.file("reference/pyradiomics-brain1/"
        + "brain1_label.nrrd"), new Configuration());
    assertEquals(256, nrrd.nx());
    Image3D pair = ImageReaders.read(Fixtures.file("nifti/pair.img"));
    assertEquals(4, pair.nx());
  }

  @Test
  void plainPathAndFileUriAgree() throws IOException {
    Path p = Fixtures.path(PHANTOM);
    Image3D a = ImageReaders.read(p.toString());
    Image3D b = ImageReaders.read(p.toUri().toString());
    assertArrayEquals(a.voxels(), b.voxels(), 0);
    assertEquals(p.toUri().toString(), b.source());
  }

  @Test
  void missingFile() {
    ImageIoException e = assertThrows(ImageIoException.class,
        () -> ImageReaders.read(tmp.resolve("x.nii.gz").toString()));
    assertEquals("x.nii.gz: file not found", e.getMessage());
    e = assertThrows(ImageIoException.class,
        () -> ImageReaders.read(tmp.resolve("y.nrrd").toUri().toString()));
    assertEquals("y.nrrd: file not found", e.getMessage());
    e = assertThrows(ImageIoException.class,
        () -> ContentHash.sha256(tmp.resolve("z.nrrd").toString(), new Configuration()));
    assertEquals("z.nrrd: file not found", e.getMessage());
    e = assertThrows(ImageIoException.class, () -> ImageReaders.read(tmp.toString() + "/d.nii"));
    assertEquals("d.nii: file not found", e.getMessage());
    Path dir = tmp.resolve("dir.nii");
    e = assertThrows(ImageIoException.class, () -> {
      Files.createDirectory(dir);
      ImageReaders.read(dir.toString());
    });
    assertEquals("dir.nii: is a directory, not an image file", e.getMessage());
  }

  @Test
  void contentHashes() throws Exception {
    Configuration conf = new Configuration();
    // sha256sum of the file as stored.
    assertEquals("83773ac2a288aa93cf819a98eaf301c18d35d5876182ec9c18733184e2b7a83a",
        ImageReaders.sha256(Fixtures.file(PHANTOM), conf));
    assertEquals("ae6d8e6b84f7e99d68c210ee2fa6aaaefa0b2df0a84f55efca4feebe2b216059",
        ContentHash.sha256(Fixtures.path("reference/pyradiomics-brain1/brain1_label.nrrd")
            .toUri().toString(), conf));

    // A pair hashes header then data, whichever of the two names is given.
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(Fixtures.bytes("nifti/pair.hdr"));
    both.write(Fixtures.bytes("nifti/pair.img"));
    String want = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(both.toByteArray()));
    assertEquals(want, ImageReaders.sha256(Fixtures.file("nifti/pair.img"), conf));
    assertEquals(want, ImageReaders.sha256(Fixtures.file("nifti/pair.hdr"), conf));

    // A detached NRRD lists and hashes its data file too; changing the data changes the hash.
    Files.write(tmp.resolve("v.raw"), new byte[24]);
    Files.write(tmp.resolve("v.nhdr"), ("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 4 3 2\n"
        + "encoding: raw\ndata file: v.raw\n").getBytes(StandardCharsets.US_ASCII));
    String nhdr = tmp.resolve("v.nhdr").toString();
    assertEquals(List.of(nhdr, tmp.resolve("v.raw").toString()), ImageReaders.files(nhdr, conf));
    String before = ImageReaders.sha256(nhdr, conf);
    byte[] changed = new byte[24];
    changed[3] = 1;
    Files.write(tmp.resolve("v.raw"), changed);
    String after = ImageReaders.sha256(nhdr, conf);
    assertEquals(64, before.length());
    assertEquals(false, before.equals(after));
    assertEquals(1, ImageReaders.read(nhdr, conf).get(3, 0, 0));
  }
}
