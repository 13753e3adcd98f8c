package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.deltarad.features.RadiomicsSettings.Interpolator;
import org.deltarad.image.Image3D;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resampling against ITK 5.2's own ResampleImageFilter (core/src/test/cpp/itk_resample, run by
 * make_itk_resampled.sh) on brain1, on PyRadiomics' grid: 2 x 2 x 2 mm (downsampling) and
 * 1 x 1 x 4 mm (upsampling in z, first grid point outside the first voxel centre). Linear,
 * nearest neighbour and cubic B-spline on the short image (values cast as ITK casts: equal
 * integers), linear and B-spline on the double image after f * 100 / mean(f), and the mask.
 */
class ResamplerItkTest {
  static Image3D image;
  static Image3D mask;

  @BeforeAll
  static void load() {
    image = ReferenceData.image("pyradiomics-brain1/brain1_image.nrrd");
    mask = ReferenceData.image("pyradiomics-brain1/brain1_label.nrrd");
  }

  static Image3D itk(String name) {
    try {
      java.net.URL url = ResamplerItkTest.class.getResource("/itk-resample/" + name);
      return org.deltarad.image.ImageReaders.read(java.nio.file.Path.of(url.toURI()).toString());
    } catch (Exception e) {
      throw new IllegalStateException(name, e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2x2x2", "1x1x4"})
  void equalsItk(String spacing) {
    double[] sp = Arrays.stream(spacing.split("x")).mapToDouble(Double::parseDouble).toArray();
    String prefix = "brain1_" + spacing + "_";
    int[] bb = Preprocessing.boundingBox(mask, 1, "brain1");
    Resampler.Grid g = Resampler.grid(mask, Arrays.copyOf(bb, 3), Arrays.copyOfRange(bb, 3, 6),
        sp, 5);

    Image3D itkMask = itk(prefix + "mask.nrrd");
    assertArrayEquals(new int[] {itkMask.nx(), itkMask.ny(), itkMask.nz()}, g.size);
    assertArrayEquals(itkMask.spacing(), g.spacing, 1e-12);
    assertArrayEquals(itkMask.origin(), g.origin, 1e-9);

    double[] binary = new double[mask.size()];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = mask.voxels()[i] == 1 ? 1 : 0;
    }
    assertArrayEquals(itkMask.voxels(), Resampler.nearest(g, mask.withVoxels(binary, "m")),
        0.0, "mask");

    String[] names = {"linear", "nearest", "bspline"};
    Interpolator[] interps = {Interpolator.LINEAR, Interpolator.NEAREST, Interpolator.BSPLINE};
    for (int k = 0; k < 3; k++) {
      double[] expected = itk(prefix + names[k] + "_short.nrrd").voxels();
      double[] actual = Resampler.intensities(g, image, interps[k], false);
      double[] raw = Resampler.intensities(g, image, interps[k], true);
      int ties = 0;
      for (int i = 0; i < expected.length; i++) {
        if (expected[i] != actual[i]) {
          // the truncating cast flips only where the interpolated value is an integer up to
          // the last bits of the position arithmetic
          double frac = Math.abs(raw[i] - Math.rint(raw[i]));
          assertTrue(Math.abs(expected[i] - actual[i]) == 1 && frac < 1e-9 * Math.abs(raw[i]),
              names[k] + " short at " + i + ": ITK " + expected[i] + ", ours " + actual[i]
                  + " (uncast " + raw[i] + ")");
          ties++;
        }
      }
      System.out.printf("%s %s short: %d of %d voxels differ, all by 1 at integer ties%n",
          spacing, names[k], ties, expected.length);
      assertTrue(ties <= 3, names[k] + ": " + ties + " ties");
    }

    double sum = 0;
    for (double v : image.voxels()) {
      sum += v;
    }
    double mean = sum / image.size();
    double[] norm = new double[image.size()];
    for (int i = 0; i < norm.length; i++) {
      norm[i] = image.voxels()[i] * 100 / mean;
    }
    Image3D normalised = image.withVoxels(norm, "normalised");
    for (int k : new int[] {0, 2}) {
      double[] expected = itk(prefix + names[k] + "_double.nrrd").voxels();
      double[] actual = Resampler.intensities(g, normalised, interps[k], true);
      double maxRel = 0;
      for (int i = 0; i < expected.length; i++) {
        // relative to the value, or to 1 (0.4 % of the mean) for background values near 0
        double rel = Math.abs(expected[i] - actual[i]) / Math.max(Math.abs(expected[i]), 1);
        maxRel = Math.max(maxRel, rel);
      }
      System.out.printf("%s %s double: max relative difference to ITK %.3g%n", spacing,
          names[k], maxRel);
      assertTrue(maxRel < 1e-11, names[k] + " double: " + maxRel);
    }
  }
}
