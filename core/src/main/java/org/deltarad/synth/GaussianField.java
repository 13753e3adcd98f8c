package org.deltarad.synth;

/**
 * Correlated Gaussian random fields on a voxel grid: white noise smoothed by a separable
 * Gaussian kernel, which gives a field with Gaussian covariance whose correlation length (the
 * kernel sigma, per axis in voxels) sets the grain of the texture. Also the Gaussian blur used
 * for the scanner's point-spread function.
 *
 * <p>Hand-written because a separable convolution with mirrored borders is a few lines, and an
 * FFT route (Commons Math has only 1-D power-of-two transforms) would be longer and would wrap
 * around at the borders.
 */
final class GaussianField {
  /** Below this sigma (in voxels) an axis is left unsmoothed: the kernel is nearly a delta. */
  static final double MIN_SIGMA = 0.2;

  private GaussianField() {}

  /** A zero-mean, unit-variance field with per-axis kernel sigmas in voxels. */
  static double[] field(int nx, int ny, int nz, double sx, double sy, double sz,
      SynthRandom rng) {
    double[] v = new double[nx * ny * nz];
    for (int i = 0; i < v.length; i++) {
      v[i] = rng.gaussian();
    }
    blur(v, nx, ny, nz, sx, sy, sz);
    standardize(v);
    return v;
  }

  /** Shifts and scales {@code v} in place to sample mean 0 and sample variance 1. */
  static void standardize(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    double mean = sum / v.length;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(ss / v.length);
    double inv = sd > 0 ? 1 / sd : 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (v[i] - mean) * inv;
    }
  }

  /** Separable Gaussian blur in place, mirrored borders; sigmas in voxels per axis. */
  static void blur(double[] v, int nx, int ny, int nz, double sx, double sy, double sz) {
    if (sx >= MIN_SIGMA && nx > 1) {
      blurAxis(v, nx, ny, nz, 0, kernel(sx));
    }
    if (sy >= MIN_SIGMA && ny > 1) {
      blurAxis(v, nx, ny, nz, 1, kernel(sy));
    }
    if (sz >= MIN_SIGMA && nz > 1) {
      blurAxis(v, nx, ny, nz, 2, kernel(sz));
    }
  }

  static double[] kernel(double sigma) {
    int r = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) {
      k[i + r] = StrictMath.exp(-0.5 * i * i / (sigma * sigma));
      sum += k[i + r];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    return k;
  }

  private static void blurAxis(double[] v, int nx, int ny, int nz, int axis, double[] k) {
    int n = axis == 0 ? nx : axis == 1 ? ny : nz;
    int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
    int r = k.length / 2;
    // The line is copied once into a mirror-padded buffer so the inner loop has no index logic.
    double[] padded = new double[n + 2 * r];
    int[] source = new int[n + 2 * r];
    for (int i = 0; i < source.length; i++) {
      source[i] = mirror(i - r, n);
    }
    double[] line = new double[n];
    int lines = v.length / n;
    for (int l = 0; l < lines; l++) {
      int base;
      if (axis == 0) {
        base = l * nx;
      } else if (axis == 1) {
        base = (l % nx) + (l / nx) * nx * ny;
      } else {
        base = l;
      }
      for (int i = 0; i < n; i++) {
        line[i] = v[base + i * stride];
      }
      for (int i = 0; i < padded.length; i++) {
        padded[i] = line[source[i]];
      }
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < k.length; j++) {
          s += k[j] * padded[i + j];
        }
        v[base + i * stride] = s;
      }
    }
  }

  /** Reflects an index into [0, n) (edge sample not repeated), for any distance outside. */
  static int mirror(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int m = Math.floorMod(i, period);
    return m < n ? m : period - m;
  }
}
