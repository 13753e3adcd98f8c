package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deltarad.image.Image3D;
import org.junit.jupiter.api.Test;

/** Label selection, geometry checks, normalisation, cropping, resampling and ROI checks. */
class PreprocessingTest {

  static Image3D image(int nx, int ny, int nz, double[] v, String name) {
    return new Image3D(nx, ny, nz, v, new double[] {1, 1, 1}, new double[3], Image3D.identity(),
        name);
  }

  /** 4x4x3 image with values 1..48 and a 2x2x2 ROI of label 2 at (1..2, 1..2, 0..1). */
  static Image3D[] smallCase() {
    double[] v = new double[48];
    double[] m = new double[48];
    for (int i = 0; i < 48; i++) {
      v[i] = i + 1;
    }
    for (int z = 0; z < 2; z++) {
      for (int y = 1; y < 3; y++) {
        for (int x = 1; x < 3; x++) {
          m[x + 4 * (y + 4 * z)] = 2;
        }
      }
    }
    m[47] = 5;
    return new Image3D[] {image(4, 4, 3, v, "img.nrrd"), image(4, 4, 3, m, "mask.nrrd")};
  }

  /** The same image held as 16-bit integers, as an int16 or uint8 file is read. */
  static Image3D asShorts(Image3D image) {
    return org.deltarad.bench.FeatureBenchmark.asShorts(image);
  }

  static RadiomicsSettings settings(String yamlSettings) {
    return RadiomicsSettings.fromYaml("setting: {" + yamlSettings + "}", "test");
  }

  @Test
  void cropsToTheBoundingBoxOfTheLabel() {
    Image3D[] c = smallCase();
    Preprocessing.Result r = Preprocessing.run(c[0], c[1], settings("label: 2, binWidth: 1"));
    assertArrayEquals(new int[] {1, 1, 0, 2, 2, 2}, r.boundingBox());
    DiscretizedRoi roi = r.roi();
    assertEquals(8, roi.voxelCount());
    assertEquals(2, roi.nx());
    // first box voxel is image voxel (1,1,0) = index 5 -> value 6
    assertEquals(6, roi.intensities()[0]);
    assertEquals(1, roi.levels()[0]);
    // voxel (2,2,1) = index 1*16 + 2*4 + 2 = 26 -> value 27, level 27 - 6 + 1
    assertEquals(22, roi.levels()[roi.index(1, 1, 1)]);
  }

  @Test
  void mean100NormalisesByTheWholeImageMean() {
    Image3D[] c = smallCase();
    Preprocessing.Result r = Preprocessing.run(c[0], c[1],
        settings("label: 2, deltaradNormalize: mean100"));
    double mean = 24.5;  // mean of 1..48, over the whole image
    assertEquals(mean, r.normalizationMean(), 1e-12);
    assertEquals(6 * 100 / mean, r.roi().intensities()[0], 1e-12);
  }

  @Test
  void zScoreUsesSampleSdThenScale() {
    Image3D[] c = smallCase();
    Preprocessing.Result r = Preprocessing.run(c[0], c[1],
        settings("label: 2, normalize: true, normalizeScale: 100"));
    double sd = Math.sqrt(48 * 49 / 12.0);  // sample sd of 1..48 = sqrt(n(n+1)/12)
    assertEquals(sd, r.normalizationSd(), 1e-12);
    assertEquals((6 - 24.5) / sd * 100, r.roi().intensities()[0], 1e-12);
    Preprocessing.Result clamped = Preprocessing.run(c[0], c[1],
        settings("label: 2, normalize: true, removeOutliers: 0.5"));
    assertEquals(-0.5, clamped.roi().intensities()[0], 1e-15);
  }

  @Test
  void errorsNameTheFilesAndTheCause() {
    Image3D[] c = smallCase();
    FeatureExtractionException e = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], c[1], settings("label: 3")));
    assertTrue(e.getMessage().contains("img.nrrd") && e.getMessage().contains("mask.nrrd")
        && e.getMessage().contains("label 3 not present")
        && e.getMessage().contains("labels present: 2, 5"), e.getMessage());

    Image3D empty = image(4, 4, 3, new double[48], "empty.nrrd");
    e = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], empty, settings("")));
    assertTrue(e.getMessage().contains("empty mask"), e.getMessage());

    double[] nan = c[0].voxels().clone();
    nan[0] = Double.NaN;
    e = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0].withVoxels(nan, "nan.nii"), c[1], settings("label: 2")));
    assertTrue(e.getMessage().contains("nan.nii") && e.getMessage().contains("1 NaN or infinite"),
        e.getMessage());
    double[] inf = c[0].voxels().clone();
    inf[3] = Double.POSITIVE_INFINITY;
    inf[4] = Double.NEGATIVE_INFINITY;
    e = assertThrows(FeatureExtractionException.class, () -> Preprocessing.run(
        c[0].withVoxels(inf, "inf.nii"), c[1], settings("label: 2, deltaradNormalize: mean100")));
    assertTrue(e.getMessage().contains("inf.nii: 2 NaN or infinite voxels"), e.getMessage());

    double[] one = new double[48];
    one[5] = 1;
    e = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], c[1].withVoxels(one, "one.nrrd"), settings("")));
    assertTrue(e.getMessage().contains("single voxel"), e.getMessage());

    double[] line = new double[48];
    line[5] = 1;
    line[6] = 1;
    e = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], c[1].withVoxels(line, "line.nrrd"), settings("")));
    assertTrue(e.getMessage().contains("minimumROIDimensions is 2"), e.getMessage());
    Preprocessing.run(c[0], c[1].withVoxels(line, "line.nrrd"),
        settings("minimumROIDimensions: 1"));

    e = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], c[1], settings("label: 2, minimumROISize: 8")));
    assertTrue(e.getMessage().contains("too small"), e.getMessage());
  }

  @Test
  void geometryMismatchSaysWhatDiffers() {
    Image3D[] c = smallCase();
    Image3D shifted = new Image3D(4, 4, 3, c[1].voxels(), new double[] {1, 1, 1},
        new double[] {0.5, 0, 0}, Image3D.identity(), "shifted.nrrd");
    FeatureExtractionException e = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], shifted, settings("label: 2")));
    assertTrue(e.getMessage().contains("geometry mismatch (origin"), e.getMessage());

    double[] sm = new double[32];
    sm[5] = 1;
    sm[6] = 1;
    sm[10] = 1;
    Image3D small = image(4, 4, 2, sm, "small.nrrd");
    e = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], small, settings("")));
    assertTrue(e.getMessage().contains("size 4x4x3 vs 4x4x2"), e.getMessage());

    Image3D spaced = new Image3D(4, 4, 3, c[1].voxels(), new double[] {1, 1, 1.1},
        new double[3], Image3D.identity(), "spaced.nrrd");
    e = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], spaced, settings("label: 2")));
    assertTrue(e.getMessage().contains("spacing"), e.getMessage());

    // within tolerance: accepted
    Image3D tiny = new Image3D(4, 4, 3, c[1].voxels(), new double[] {1, 1, 1},
        new double[] {1e-7, 0, 0}, Image3D.identity(), "tiny.nrrd");
    Preprocessing.run(c[0], tiny, settings("label: 2"));
  }

  @Test
  void correctMaskResamplesTheMaskOntoTheImage() {
    Image3D[] c = smallCase();
    // the mask shifted by exactly one voxel in x, with origin saying so
    double[] m = new double[48];
    for (int i = 0; i < 48; i++) {
      int x = i % 4;
      if (x < 3 && c[1].voxels()[i + 1] == 2) {
        m[i] = 2;
      }
    }
    Image3D moved = new Image3D(4, 4, 3, m, new double[] {1, 1, 1}, new double[] {1, 0, 0},
        Image3D.identity(), "moved.nrrd");
    Preprocessing.Result r = Preprocessing.run(c[0], moved,
        settings("label: 2, correctMask: true"));
    assertArrayEquals(new int[] {1, 1, 0, 2, 2, 2}, r.boundingBox());
  }

  @Test
  void linearResamplingOfARampIsExact() {
    int n = 20;
    double[] v = new double[n * n * n];
    double[] m = new double[v.length];
    for (int z = 0; z < n; z++) {
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          int i = x + n * (y + n * z);
          v[i] = 0.5 + 2 * x + 3 * y + 5 * z;
          m[i] = x >= 5 && x < 15 && y >= 5 && y < 15 && z >= 5 && z < 15 ? 1 : 0;
        }
      }
    }
    Image3D img = image(n, n, n, v, "ramp");
    Image3D msk = image(n, n, n, m, "roi");
    Preprocessing.Result r = Preprocessing.run(img, msk, settings(
        "resampledPixelSpacing: [0.5, 0.5, 2], interpolator: sitkLinear, padDistance: 0,"
        + " binWidth: 1"));
    assertArrayEquals(new double[] {0.5, 0.5, 2}, r.spacing());
    // PyRadiomics grid: x: lower floor((5 - .5) * 2) = 9, upper ceil((15 - .5) * 2) = 29
    assertEquals(21, r.imageSize()[0]);
    DiscretizedRoi roi = r.roi();
    double[] sp = r.spacing();
    // new origin index .5 * (new - old) / old + lower / ratio in old units; values stay linear
    for (int k = 0; k < roi.levels().length; k++) {
      if (roi.levels()[k] > 0) {
        double val = roi.intensities()[k];
        assertEquals(val, Math.rint(val * 4) / 4, 1e-9);  // new grid: quarter voxel offsets
      }
    }
    assertTrue(roi.voxelCount() > 0);
    assertEquals(2, sp[2]);
  }

  @Test
  void aResampledGridOverTheBudgetIsRefusedBeforeAllocating() {
    Image3D[] c = smallCase();
    // 0.001 mm on a 2x2x2 ROI of 1 mm voxels: some 10^10 voxels, beyond any heap and any array
    FeatureExtractionException huge = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], c[1], settings("label: 2, binWidth: 1,"
            + " resampledPixelSpacing: [0.001, 0.001, 0.001], interpolator: sitkLinear"),
            new Workspace(), Long.MAX_VALUE));
    assertTrue(huge.getMessage().contains("more than a Java array holds"), huge.getMessage());
    // 0.25 mm: a 16x16x12 grid (pad 5 clipped to the image) of 28 bytes a voxel, 86 kB
    String quarter = "label: 2, binWidth: 1, resampledPixelSpacing: [0.25, 0.25, 0.25],"
        + " interpolator: sitkLinear";
    FeatureExtractionException over = assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(c[0], c[1], settings(quarter), new Workspace(), 50_000));
    assertTrue(over.getMessage().contains("over the memory budget of 50.0 kB for one volume"),
        over.getMessage());
    assertTrue(Preprocessing.run(c[0], c[1], settings(quarter), new Workspace(), 1_000_000)
        .roi().voxelCount() > 0);
  }

  @Test
  void withResamplingAMaskOfOtherGeometryIsResampledToo() {
    int nx = 8;
    int ny = 8;
    int nz = 4;
    double[] v = new double[nx * ny * nz];
    double[] aligned = new double[v.length];
    double[] shifted = new double[v.length];
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          int i = x + nx * (y + ny * z);
          v[i] = 10 + 3 * x + 7 * y + 11 * z + (x * y % 3);
          boolean in = x >= 3 && x <= 5 && y >= 3 && y <= 4 && z >= 1 && z <= 2;
          aligned[i] = in ? 1 : 0;
          if (x + 1 < nx) {
            // the same physical ROI in a mask whose origin is one voxel further along x
            shifted[i] = x + 1 >= 3 && x + 1 <= 5 && y >= 3 && y <= 4 && z >= 1 && z <= 2 ? 1 : 0;
          }
        }
      }
    }
    Image3D img = image(nx, ny, nz, v, "img");
    Image3D a = image(nx, ny, nz, aligned, "aligned");
    Image3D b = new Image3D(nx, ny, nz, shifted, new double[] {1, 1, 1},
        new double[] {1, 0, 0}, Image3D.identity(), "shifted");
    String resample = "resampledPixelSpacing: [0.5, 0.5, 0.5], interpolator: sitkLinear,"
        + " padDistance: 0, binWidth: 1";
    assertThrows(FeatureExtractionException.class,
        () -> Preprocessing.run(img, b, settings("binWidth: 1")));
    DiscretizedRoi ra = Preprocessing.run(img, a, settings(resample)).roi();
    DiscretizedRoi rb = Preprocessing.run(img, b, settings(resample)).roi();
    assertEquals(ra.voxelCount(), rb.voxelCount());
    assertArrayEquals(ra.intensities(), rb.intensities(), 1e-12);
    assertArrayEquals(ra.levels(), rb.levels());
  }

  @Test
  void noResamplingWithoutInterpolatorOrWhenSpacingIsEqual() {
    Image3D[] c = smallCase();
    Preprocessing.Result none = Preprocessing.run(c[0], c[1],
        settings("label: 2, interpolator: null, resampledPixelSpacing: [2, 2, 2]"));
    assertArrayEquals(new double[] {1, 1, 1}, none.spacing());
    Preprocessing.Result same = Preprocessing.run(c[0], c[1],
        settings("label: 2, resampledPixelSpacing: [1, 1, 0]"));
    assertArrayEquals(new int[] {4, 4, 3}, same.imageSize());
    assertArrayEquals(new int[] {1, 1, 0, 2, 2, 2}, same.boundingBox());
  }

  @Test
  void bsplineReproducesARampInTheInterior() {
    int n = 30;
    double[] v = new double[n * n * n];
    for (int z = 0; z < n; z++) {
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          v[x + n * (y + n * z)] = 1.5 * x - 0.5 * y + 2 * z + 0.25;
        }
      }
    }
    BSplineCoefficients c = new BSplineCoefficients(n, n, n, v);
    double[] w = new double[4];
    double[] w2 = new double[4];
    double[] w3 = new double[4];
    int[] i1 = new int[4];
    int[] i2 = new int[4];
    int[] i3 = new int[4];
    // mirror boundaries bend the ramp near the borders; the bend decays as 0.268^distance
    for (double x = 10; x < 20; x += 0.37) {
      double y = 12.3;
      double z = 14.9;
      assertEquals(1.5 * x - 0.5 * y + 2 * z + 0.25, c.evaluate(x, y, z, w, w2, w3, i1, i2, i3),
          1e-5);
    }
    double[] flat = new double[n * n * n];
    java.util.Arrays.fill(flat, 42);
    BSplineCoefficients cf = new BSplineCoefficients(n, n, n, flat);
    // not exact: ITK truncates the causal initialisation sum at tolerance 1e-10 (as we do)
    assertEquals(42, cf.evaluate(0.3, 29.2, 7.7, w, w2, w3, i1, i2, i3), 1e-8);
    // at grid points the spline interpolates the data
    assertEquals(v[3 + n * (4 + n * 5)], c.evaluate(3, 4, 5, w, w2, w3, i1, i2, i3), 1e-8);
  }

  /**
   * The mask scan skips runs with vectorised comparisons: bounding box, ROI size and NaN count
   * must equal a voxel-by-voxel count on random masks mixing +0.0, -0.0, the label, another label
   * and NaN, in runs of every length up to the row.
   */
  @Test
  void maskScanMatchesVoxelByVoxelCount() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(17);
    double[] values = {0.0, -0.0, 3, 7, Double.NaN};
    for (int trial = 0; trial < 200; trial++) {
      int nx = 1 + random.nextInt(40);
      int ny = 1 + random.nextInt(4);
      int nz = 1 + random.nextInt(3);
      double[] m = new double[nx * ny * nz];
      double[] v = new double[m.length];
      for (int i = 0; i < m.length; ) {
        double value = values[random.nextInt(trial % 2 == 0 ? 4 : 5)];
        for (int run = 1 + random.nextInt(nx); run > 0 && i < m.length; run--, i++) {
          m[i] = value;
        }
      }
      java.util.Arrays.fill(v, 10);
      long count = 0;
      int nan = 0;
      int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
      int[] hi = {-1, -1, -1};
      for (int z = 0, i = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          for (int x = 0; x < nx; x++, i++) {
            if (Double.isNaN(m[i])) {
              nan++;
            } else if (m[i] == 3) {
              count++;
              int[] p = {x, y, z};
              for (int k = 0; k < 3; k++) {
                lo[k] = Math.min(lo[k], p[k]);
                hi[k] = Math.max(hi[k], p[k]);
              }
            }
          }
        }
      }
      Image3D img = image(nx, ny, nz, v, "img");
      Image3D doubleMask = image(nx, ny, nz, m, "mask");
      // masks without NaN also as 16-bit integers (a -0.0 becomes 0): the same scan results
      Image3D mask = nan == 0 && trial % 4 == 0 ? asShorts(doubleMask) : doubleMask;
      if (nan > 0) {
        FeatureExtractionException e = assertThrows(FeatureExtractionException.class,
            () -> Preprocessing.run(img, mask, settings("label: 3, binWidth: 1, minimumROIDimensions: 1")));
        assertTrue(e.getMessage().contains(nan + " NaN or infinite voxel"), e.getMessage());
      } else if (count <= 1) { // no ROI, or a single voxel: refused as by PyRadiomics
        assertThrows(FeatureExtractionException.class,
            () -> Preprocessing.run(img, mask, settings("label: 3, binWidth: 1, minimumROIDimensions: 1")));
      } else {
        Preprocessing.Result r = Preprocessing.run(img, mask, settings("label: 3, binWidth: 1, minimumROIDimensions: 1"));
        assertArrayEquals(new int[] {lo[0], lo[1], lo[2], hi[0] - lo[0] + 1, hi[1] - lo[1] + 1,
            hi[2] - lo[2] + 1}, r.boundingBox(), "trial " + trial);
        assertEquals(count, r.roi().voxelCount(), "trial " + trial);
      }
    }
  }

  /**
   * Rows whose label voxels form one run are cropped without reading the mask again; rows with
   * holes or other labels inside are read voxel by voxel. Random masks with both kinds of rows
   * (and rows of other labels only) give exactly the voxels and values of a plain per-voxel crop.
   */
  @Test
  void cropByRowRunsEqualsPerVoxelCrop() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(17);
    for (int trial = 0; trial < 200; trial++) {
      int nx = 2 + random.nextInt(12);
      int ny = 2 + random.nextInt(8);
      int nz = 2 + random.nextInt(5);
      double[] v = new double[nx * ny * nz];
      double[] m = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = 1 + random.nextInt(200);
      }
      for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          int row = nx * (y + ny * z);
          int kind = random.nextInt(4);
          if (kind == 0) {
            continue; // background row
          }
          int from = random.nextInt(nx);
          int to = from + 1 + random.nextInt(nx - from);
          for (int x = from; x < to; x++) {
            m[row + x] = 1;
          }
          if (kind == 2) {
            // holes and other labels within the run
            for (int x = from; x < to; x++) {
              int r = random.nextInt(4);
              m[row + x] = r == 0 ? 0 : r == 1 ? 3 : 1;
            }
          } else if (kind == 3 && to < nx) {
            m[row + nx - 1] = random.nextBoolean() ? 1 : 2; // a second run or another label
          }
        }
      }
      m[0] = 1;
      m[m.length - 1] = 1;
      // every storage pairing of image and mask (doubles, or 16-bit integers as read from
      // int16/uint8 files) crops the same voxels to the same values
      Image3D img = image(nx, ny, nz, v, "img");
      Image3D mask = image(nx, ny, nz, m, "mask");
      int pairing = trial % 4;
      Preprocessing.Result r = Preprocessing.run(pairing % 2 == 1 ? asShorts(img) : img,
          pairing / 2 == 1 ? asShorts(mask) : mask, settings("label: 1, binWidth: 7,"
              + " deltaradNormalize: mean100, minimumROIDimensions: 1"));
      double mean = Preprocessing.sum(v, false) / v.length;
      int count = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double[] expected = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        if (m[i] == 1) {
          expected[i] = v[i] * 100 / mean;
          min = Math.min(min, expected[i]);
          max = Math.max(max, expected[i]);
          count++;
        }
      }
      Discretizer d = Discretizer.fixedBinWidth(min, max, 7);
      DiscretizedRoi roi = r.roi();
      assertArrayEquals(new int[] {0, 0, 0, nx, ny, nz}, r.boundingBox(), "trial " + trial);
      assertEquals(count, roi.voxelCount(), "trial " + trial);
      for (int i = 0; i < v.length; i++) {
        assertEquals(m[i] == 1 ? expected[i] : 0, roi.intensities()[i], "trial " + trial);
        assertEquals(m[i] == 1 ? d.level(expected[i]) : 0, roi.levels()[i], "trial " + trial);
      }
      assertCountsAndSpans(roi, "trial " + trial);
    }
  }

  /** An ROI made from levels alone (the public constructor) finds its counts and spans too. */
  @Test
  void roiFromLevelsCountsLevelsAndFindsRowSpans() {
    java.util.Random rnd = new java.util.Random(5);
    for (int trial = 0; trial < 20; trial++) {
      int nx = 1 + rnd.nextInt(9);
      int ny = 1 + rnd.nextInt(5);
      int nz = 1 + rnd.nextInt(4);
      int[] levels = new int[nx * ny * nz];
      for (int i = 0; i < levels.length; i++) {
        // empty rows, gaps inside rows, and rows full to both ends all occur
        levels[i] = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(6);
      }
      levels[rnd.nextInt(levels.length)] = 7;
      DiscretizedRoi roi = new DiscretizedRoi(nx, ny, nz, levels, new double[levels.length],
          new double[] {1, 1, 1});
      assertCountsAndSpans(roi, "trial " + trial);
    }
  }

  /**
   * What an ROI hands the families besides the levels: the voxels per level equal a recount;
   * each row's span starts and ends at ROI voxels and holds them all, and a row without any has
   * an empty span.
   */
  static void assertCountsAndSpans(DiscretizedRoi roi, String what) {
    int[] levels = roi.levels();
    int[] recount = new int[roi.maxLevel() + 1];
    for (int l : levels) {
      recount[l] += l == 0 ? 0 : 1;
    }
    assertArrayEquals(recount, roi.levelCounts(), what);
    int nx = roi.nx();
    for (int r = 0; r < roi.ny() * roi.nz(); r++) {
      int first = -1;
      int last = -1;
      for (int x = 0; x < nx; x++) {
        if (levels[r * nx + x] != 0) {
          last = x;
          first = first < 0 ? x : first;
        }
      }
      if (first < 0) {
        assertTrue(roi.rowStart()[r] >= roi.rowEnd()[r], what + " row " + r);
      } else {
        assertEquals(first, roi.rowStart()[r], what + " row " + r);
        assertEquals(last + 1, roi.rowEnd()[r], what + " row " + r);
      }
    }
  }

  /**
   * 16-bit storage sums exactly in integers, doubles in eight partial sums: for integer images
   * both are exact, so every normalisation gives bit-identical ROIs, and errors read the same.
   */
  @Test
  void shortAndDoubleStorageGiveIdenticalResults() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (int trial = 0; trial < 60; trial++) {
      int nx = 3 + random.nextInt(30);
      int ny = 3 + random.nextInt(10);
      int nz = 2 + random.nextInt(6);
      double[] v = new double[nx * ny * nz];
      double[] m = new double[v.length];
      // wide ranges are normalised voxel by voxel, narrow ones (fewer values than ROI voxels)
      // through a table per value: both must agree with the double path
      int low = random.nextInt(-2000, 1000);
      int spread = trial % 2 == 0 ? 32767 - low : 1 + random.nextInt(40);
      for (int i = 0; i < v.length; i++) {
        v[i] = low + random.nextInt(spread + 1);
        m[i] = random.nextInt(5) == 0 ? 0 : random.nextInt(3);
      }
      m[0] = 2;
      m[m.length - 1] = 2;
      Image3D img = image(nx, ny, nz, v, "img");
      Image3D mask = image(nx, ny, nz, m, "mask");
      for (String norm : new String[] {"deltaradNormalize: mean100", "normalize: true",
          "normalize: true, removeOutliers: 2, normalizeScale: 50",
          "normalize: true, normalizeScale: -3", "binCount: 16"}) {
        RadiomicsSettings s = settings("label: 2, binWidth: 25, " + norm);
        if (norm.contains("mean100") && Preprocessing.sum(v, false) <= 0) {
          assertEquals(assertThrows(FeatureExtractionException.class,
              () -> Preprocessing.run(img, mask, s)).getMessage(),
              assertThrows(FeatureExtractionException.class,
                  () -> Preprocessing.run(asShorts(img), asShorts(mask), s)).getMessage());
          continue;
        }
        Preprocessing.Result expected = Preprocessing.run(img, mask, s);
        Preprocessing.Result actual = Preprocessing.run(asShorts(img), asShorts(mask), s);
        String what = "trial " + trial + ", " + norm;
        assertEquals(expected.normalizationMean(), actual.normalizationMean(), 0.0, what);
        assertEquals(expected.normalizationSd(), actual.normalizationSd(), 0.0, what);
        assertArrayEquals(expected.boundingBox(), actual.boundingBox(), what);
        assertArrayEquals(expected.roi().intensities(), actual.roi().intensities(), 0.0, what);
        assertArrayEquals(expected.roi().levels(), actual.roi().levels(), what);
      }
    }
    Image3D[] c = smallCase();
    for (String label : new String[] {"label: 9", "label: 70000"}) {
      String expected = assertThrows(FeatureExtractionException.class,
          () -> Preprocessing.run(c[0], c[1], settings(label))).getMessage();
      String actual = assertThrows(FeatureExtractionException.class,
          () -> Preprocessing.run(asShorts(c[0]), asShorts(c[1]), settings(label))).getMessage();
      assertEquals(expected, actual);
    }
  }
}
