package org.deltarad.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import org.deltarad.features.RadiomicsSettings;
import org.deltarad.image.Image3D;
import org.deltarad.image.NiftiDatatype;
import org.deltarad.image.NiftiReader;
import org.deltarad.image.NiftiWriter;

/**
 * The benchmark case and settings, using only the long-standing public API (Image3D,
 * RadiomicsSettings), so that {@link PairedBenchmark} can load this class against older builds:
 * a realistic synthetic T2w tumour, 192x192x24 voxels of 0.7 x 0.7 x 4 mm, an irregular
 * (lobulated) ellipsoid of about 52,700 voxels whose intensities are a smooth field plus
 * Gaussian noise (sd 45), integer valued like MRI.
 */
public final class BenchCase {
  private BenchCase() {}

  /** The synthetic case: image and mask, deterministic for a seed. */
  public static Image3D[] syntheticCase(long seed) {
    int nx = 192;
    int ny = 192;
    int nz = 24;
    Random rnd = new Random(seed);
    double[] img = new double[nx * ny * nz];
    double[] msk = new double[img.length];
    double[] phase = new double[6];
    for (int i = 0; i < phase.length; i++) {
      phase[i] = rnd.nextDouble() * 2 * Math.PI;
    }
    double cx = 96;
    double cy = 100;
    double cz = 11.5;
    int i = 0;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          double dx = (x - cx) / 39.0;
          double dy = (y - cy) / 36.0;
          double dz = (z - cz) / 8.6;
          double angle = Math.atan2(dy, dx);
          // lobulated boundary
          double r = 1 + 0.12 * Math.sin(3 * angle + phase[0]) + 0.06 * Math.sin(5 * angle
              + phase[1]) + 0.05 * Math.cos(z * 0.7 + phase[2]);
          boolean tumour = dx * dx + dy * dy + dz * dz <= r * r;
          double tissue = 260 + 40 * Math.sin(x * 0.05 + phase[3]) * Math.cos(y * 0.04);
          double v;
          if (tumour) {
            msk[i] = 1;
            v = 420 + 60 * Math.sin(x * 0.31 + phase[4]) * Math.sin(y * 0.27 + phase[5])
                + 35 * Math.cos((x + y) * 0.13 + z * 0.5) + 45 * rnd.nextGaussian();
          } else {
            v = tissue + 25 * rnd.nextGaussian();
          }
          img[i] = Math.max(0, Math.rint(v));
        }
      }
    }
    double[] spacing = {0.7, 0.7, 4.0};
    return new Image3D[] {
        new Image3D(nx, ny, nz, img, spacing, new double[3], Image3D.identity(), "synthetic"),
        new Image3D(nx, ny, nz, msk, spacing, new double[3], Image3D.identity(),
            "synthetic-mask")};
  }

  /**
   * The same case as an int16 image and a uint8 mask are read (see Image3D): as 16-bit
   * integers, the storage MRI files usually give.
   */
  public static Image3D[] syntheticCaseAsStored(long seed) {
    Image3D[] c = syntheticCase(seed);
    return new Image3D[] {asShorts(c[0]), asShorts(c[1])};
  }

  /**
   * The case as the extraction job holds it: written as an int16 image and a uint8 mask (NIfTI,
   * in memory) and read back by {@link NiftiReader}, which takes the image's sum and the mask's
   * all-zero blocks while decoding, as it does for every volume the job reads. Spacing, origin
   * and direction are the header's single-precision values.
   */
  public static Image3D[] syntheticCaseAsRead(long seed) {
    Image3D[] c = syntheticCase(seed);
    return new Image3D[] {throughNifti(c[0], NiftiDatatype.INT16),
        throughNifti(c[1], NiftiDatatype.UINT8)};
  }

  private static Image3D throughNifti(Image3D image, NiftiDatatype type) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      NiftiWriter.write(image, type, out, false);
      return NiftiReader.read(new ByteArrayInputStream(out.toByteArray()), image.source());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same image held as 16-bit integers; its values must all be such integers. */
  public static Image3D asShorts(Image3D image) {
    double[] v = image.voxels();
    short[] s = new short[v.length];
    for (int i = 0; i < v.length; i++) {
      s[i] = (short) v[i];
      if (s[i] != v[i]) {
        throw new IllegalStateException("voxel " + i + " = " + v[i] + " is no 16-bit integer");
      }
    }
    return new Image3D(image.nx(), image.ny(), image.nz(), s, image.spacing(), image.origin(),
        image.direction(), image.source());
  }

  /** The paper's settings (100/mean normalisation, bin width 10), all 93 non-shape features. */
  public static RadiomicsSettings paperAllFeatures() {
    return RadiomicsSettings.fromYaml("setting: {binWidth: 10, interpolator: sitkLinear,"
        + " deltaradNormalize: mean100}\nfeatureClass: {firstorder: , glcm: , glrlm: , glszm: ,"
        + " gldm: , ngtdm: }\n", "benchmark");
  }

  /** As {@link #paperAllFeatures()} plus the 14 default shape features: 107 features. */
  public static RadiomicsSettings paperWithShape() {
    return RadiomicsSettings.fromYaml("setting: {binWidth: 10, interpolator: sitkLinear,"
        + " deltaradNormalize: mean100}\nfeatureClass: {firstorder: , shape: , glcm: , glrlm: ,"
        + " glszm: , gldm: , ngtdm: }\n", "benchmark");
  }

  /** Only the 14 default shape features. */
  public static RadiomicsSettings paperShapeOnly() {
    return RadiomicsSettings.fromYaml("setting: {binWidth: 10, interpolator: sitkLinear,"
        + " deltaradNormalize: mean100}\nfeatureClass: {shape: }\n", "benchmark");
  }
}
