package org.deltarad.features;

import org.deltarad.features.RadiomicsSettings.Interpolator;
import org.deltarad.image.Image3D;

/**
 * Resampling as PyRadiomics 3.1 {@code imageoperations.resampleImage} with SimpleITK's
 * {@code ResampleImageFilter} (identity transform, default value 0).
 *
 * <p>Grid: axes where the ROI spans one slice, or whose requested spacing is 0, keep their
 * spacing. With {@code r = oldSpacing / newSpacing} and the ROI bounding box {@code (L, S)} in
 * old indices, the new index range is {@code [floor((L - .5) r - pad), ceil((L + S - .5) r +
 * pad)]}, clipped to {@code [0, ceil(size r) - 1]}; the new origin is the old continuous index
 * {@code .5 (newSpacing - oldSpacing) / oldSpacing + lower / r} mapped to physical space, the
 * direction is kept. Output voxels whose position falls outside the input buffer
 * ({@code [-.5, n - .5)} per axis) are 0.
 *
 * <p>Interpolators as ITK: nearest neighbour rounds half up; linear interpolates x, then y, then
 * z with neighbours clamped to the buffer; B-spline is cubic ({@link BSplineCoefficients}). As
 * SimpleITK keeps the input pixel type, an integer-valued image not normalised before is treated as stored in the
 * smallest of uint8/int16/uint16/int32 holding its range, and interpolated values are clamped to
 * that type and truncated toward zero like ITK's cast; a real-valued (e.g. normalised) image
 * keeps its values. The mask is always resampled with nearest neighbour.
 *
 * <p>Checked voxel by voxel against ITK 5.2's ResampleImageFilter on brain1 (ResamplerItkTest)
 * and, end to end, against PyRadiomics' brain1_resampling baseline. Hand-written: no Java
 * library implements ITK's interpolators and grid arithmetic.
 */
final class Resampler {
  private Resampler() {}

  /** The output grid, or null when no resampling is needed (spacing already equal). */
  static Grid grid(Image3D mask, int[] bbLower, int[] bbSize, double[] requested, int pad) {
    double[] maskSpacing = mask.spacing();
    double[] spacing = new double[3];
    for (int i = 0; i < 3; i++) {
      spacing[i] = requested[i] == 0 ? maskSpacing[i] : requested[i];
      if (bbSize[i] == 1) {
        spacing[i] = maskSpacing[i];
      }
    }
    return gridFor(mask, bbLower, bbSize, spacing, pad);
  }

  private static Grid gridFor(Image3D mask, int[] bbLower, int[] bbSize, double[] spacing,
      int pad) {
    double[] maskSpacing = mask.spacing();
    int[] maskSize = {mask.nx(), mask.ny(), mask.nz()};
    int[] size = new int[3];
    double[] extent = new double[3];
    double[] originIndex = new double[3];
    for (int i = 0; i < 3; i++) {
      double ratio = maskSpacing[i] / spacing[i];
      double lower = Math.floor((bbLower[i] - 0.5) * ratio - pad);
      double upper = Math.ceil((bbLower[i] + bbSize[i] - 0.5) * ratio + pad);
      double maxUpper = Math.ceil(maskSize[i] * ratio) - 1;
      if (lower < 0) {
        lower = 0;
      }
      if (upper > maxUpper) {
        upper = maxUpper;
      }
      extent[i] = upper - lower + 1;
      size[i] = (int) Math.min(extent[i], Integer.MAX_VALUE);
      double lowerInOld = lower / ratio;
      originIndex[i] = .5 * (spacing[i] - maskSpacing[i]) / maskSpacing[i] + lowerInOld;
    }
    double[] origin = continuousIndexToPoint(mask, originIndex);
    return new Grid(size, spacing, origin, mask.direction().clone(),
        extent[0] * extent[1] * extent[2]);
  }

  /** True when numpy.allclose(a, b) (rtol 1e-5, atol 1e-8) holds for all three axes. */
  static boolean allClose(double[] a, double[] b) {
    for (int i = 0; i < 3; i++) {
      if (!(Math.abs(a[i] - b[i]) <= 1e-8 + 1e-5 * Math.abs(b[i]))) {
        return false;
      }
    }
    return true;
  }

  /** ITK TransformContinuousIndexToPhysicalPoint: origin + D diag(spacing) index. */
  static double[] continuousIndexToPoint(Image3D img, double[] index) {
    double[] m = indexToPhysical(img.direction(), img.spacing());
    double[] o = img.origin();
    double[] p = new double[3];
    for (int r = 0; r < 3; r++) {
      double sum = 0;
      for (int c = 0; c < 3; c++) {
        sum += m[3 * r + c] * index[c];
      }
      p[r] = sum + o[r];
    }
    return p;
  }

  static double[] indexToPhysical(double[] direction, double[] spacing) {
    double[] m = new double[9];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        m[3 * r + c] = direction[3 * r + c] * spacing[c];
      }
    }
    return m;
  }

  /** Inverse of D diag(spacing) = diag(1/spacing) D^T (D is orthonormal for valid images). */
  static double[] physicalToIndex(double[] direction, double[] spacing) {
    double[] m = new double[9];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        m[3 * r + c] = direction[3 * c + r] / spacing[r];
      }
    }
    return m;
  }

  /** The output grid of a resampling. */
  static final class Grid {
    final int[] size;
    final double[] spacing;
    final double[] origin;
    final double[] direction;
    /** The voxel count in floating point: a tiny spacing cannot overflow it into a small int. */
    final double voxels;

    Grid(int[] size, double[] spacing, double[] origin, double[] direction) {
      this(size, spacing, origin, direction, (double) size[0] * size[1] * size[2]);
    }

    Grid(int[] size, double[] spacing, double[] origin, double[] direction, double voxels) {
      this.size = size;
      this.spacing = spacing;
      this.origin = origin;
      this.direction = direction;
      this.voxels = voxels;
    }

    int count() { return size[0] * size[1] * size[2]; }

    Image3D image(double[] voxels, String source) {
      return new Image3D(size[0], size[1], size[2], voxels, spacing, origin, direction, source);
    }
  }

  /**
   * For each output voxel, its continuous index in {@code input}; calls back with the output
   * linear index. Positions are computed per voxel as ITK does (index to point, point to index).
   */
  private interface Sampler {
    double sample(double cx, double cy, double cz);
  }

  private static double[] resample(Grid g, Image3D input, Sampler sampler) {
    double[] out = new double[g.count()];
    double[] mOut = indexToPhysical(g.direction, g.spacing);
    double[] mIn = physicalToIndex(input.direction(), input.spacing());
    double[] oIn = input.origin();
    double lx = -0.5;
    double hx = input.nx() - 0.5;
    double hy = input.ny() - 0.5;
    double hz = input.nz() - 0.5;
    int n = 0;
    double[] p = new double[3];
    for (int k = 0; k < g.size[2]; k++) {
      for (int j = 0; j < g.size[1]; j++) {
        for (int i = 0; i < g.size[0]; i++, n++) {
          for (int r = 0; r < 3; r++) {
            double sum = 0;
            sum += mOut[3 * r] * i;
            sum += mOut[3 * r + 1] * j;
            sum += mOut[3 * r + 2] * k;
            p[r] = sum + g.origin[r] - oIn[r];
          }
          double cx = mIn[0] * p[0] + mIn[1] * p[1] + mIn[2] * p[2];
          double cy = mIn[3] * p[0] + mIn[4] * p[1] + mIn[5] * p[2];
          double cz = mIn[6] * p[0] + mIn[7] * p[1] + mIn[8] * p[2];
          if (cx >= lx && cx < hx && cy >= lx && cy < hy && cz >= lx && cz < hz) {
            out[n] = sampler.sample(cx, cy, cz);
          }
        }
      }
    }
    return out;
  }

  /** Nearest-neighbour resampling (labels). */
  static double[] nearest(Grid g, Image3D input) {
    double[] v = input.voxels();
    int nx = input.nx();
    int ny = input.ny();
    return resample(g, input, (cx, cy, cz) -> {
      int x = (int) Math.floor(cx + 0.5);
      int y = (int) Math.floor(cy + 0.5);
      int z = (int) Math.floor(cz + 0.5);
      return v[x + nx * (y + ny * z)];
    });
  }

  /** Resamples an intensity image with the given interpolator, then casts as ITK would. */
  static double[] intensities(Grid g, Image3D input, Interpolator interpolator,
      boolean realTyped) {
    double[] out;
    switch (interpolator) {
      case NEAREST:
        out = nearest(g, input);
        break;
      case LINEAR:
        out = linear(g, input);
        break;
      case BSPLINE:
        out = bspline(g, input);
        break;
      default:
        throw new IllegalStateException("interpolator " + interpolator);
    }
    double[] range = realTyped ? null : integerTypeRange(input.voxels());
    if (range != null) {
      for (int i = 0; i < out.length; i++) {
        double v = out[i];
        if (v < range[0]) {
          out[i] = range[0];
        } else if (v > range[1]) {
          out[i] = range[1];
        } else {
          out[i] = (long) v;  // C++ static_cast: truncation toward zero
        }
      }
    }
    return out;
  }

  /**
   * The value range of the integer pixel type the image presumably had on disk, or null when the
   * image holds non-integer values (a real-typed image).
   */
  static double[] integerTypeRange(double[] v) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      if (d != Math.rint(d)) {
        return null;
      }
      if (d < min) {
        min = d;
      }
      if (d > max) {
        max = d;
      }
    }
    if (min >= 0 && max <= 255) {
      return new double[] {0, 255};
    }
    if (min >= -32768 && max <= 32767) {
      return new double[] {-32768, 32767};
    }
    if (min >= 0 && max <= 65535) {
      return new double[] {0, 65535};
    }
    if (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) {
      return new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
    }
    return null;
  }

  private static double[] linear(Grid g, Image3D input) {
    double[] v = input.voxels();
    int nx = input.nx();
    int ny = input.ny();
    int nz = input.nz();
    return resample(g, input, (cx, cy, cz) -> {
      // ITK LinearInterpolateImageFunction: base index floored and clamped to the buffer start,
      // non-positive distances mean "no interpolation along that axis", a neighbour past the
      // end repeats the base value.
      int bx = (int) Math.floor(cx);
      int by = (int) Math.floor(cy);
      int bz = (int) Math.floor(cz);
      if (bx < 0) {
        bx = 0;
      }
      if (by < 0) {
        by = 0;
      }
      if (bz < 0) {
        bz = 0;
      }
      double dx = Math.max(0, cx - bx);
      double dy = Math.max(0, cy - by);
      double dz = Math.max(0, cz - bz);
      int x1 = Math.min(bx + 1, nx - 1);
      int y1 = Math.min(by + 1, ny - 1);
      int z1 = Math.min(bz + 1, nz - 1);
      int r00 = nx * (by + ny * bz);
      int r10 = nx * (y1 + ny * bz);
      int r01 = nx * (by + ny * z1);
      int r11 = nx * (y1 + ny * z1);
      double v000 = v[r00 + bx];
      double v100 = v[r00 + x1];
      double v010 = v[r10 + bx];
      double v110 = v[r10 + x1];
      double v001 = v[r01 + bx];
      double v101 = v[r01 + x1];
      double v011 = v[r11 + bx];
      double v111 = v[r11 + x1];
      double vx00 = v000 + (v100 - v000) * dx;
      double vx10 = v010 + (v110 - v010) * dx;
      double vxx0 = vx00 + (vx10 - vx00) * dy;
      double vx01 = v001 + (v101 - v001) * dx;
      double vx11 = v011 + (v111 - v011) * dx;
      double vxx1 = vx01 + (vx11 - vx01) * dy;
      return vxx0 + (vxx1 - vxx0) * dz;
    });
  }

  private static double[] bspline(Grid g, Image3D input) {
    BSplineCoefficients coefficients =
        new BSplineCoefficients(input.nx(), input.ny(), input.nz(), input.voxels());
    double[] wx = new double[4];
    double[] wy = new double[4];
    double[] wz = new double[4];
    int[] ix = new int[4];
    int[] iy = new int[4];
    int[] iz = new int[4];
    return resample(g, input,
        (cx, cy, cz) -> coefficients.evaluate(cx, cy, cz, wx, wy, wz, ix, iy, iz));
  }
}
