package org.deltarad.features;

/**
 * Cubic B-spline interpolation as ITK's {@code BSplineInterpolateImageFunction} (order 3, what
 * SimpleITK's {@code sitkBSpline} means): the image is first turned into B-spline coefficients by
 * recursive filtering along x, then y, then z (Unser 1999, mirror boundaries; pole
 * {@code z = sqrt(3) - 2}; causal initialisation truncated at ITK's tolerance 1e-10), and a value
 * at continuous index {@code x} is the tensor sum over the 4x4x4 coefficients from
 * {@code floor(x) - 1}, mirrored at the borders.
 *
 * <p>Hand-written because PyRadiomics' resampled values are ITK's to the last bits: the
 * truncated initialisation and the order of the sums matter at 1e-10; no Java library
 * reproduces them.
 */
final class BSplineCoefficients {
  private static final double POLE = Math.sqrt(3.0) - 2.0;
  private static final double TOLERANCE = 1e-10;

  private final int nx;
  private final int ny;
  private final int nz;
  private final double[] c;

  BSplineCoefficients(int nx, int ny, int nz, double[] data) {
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.c = data.clone();
    int max = Math.max(nx, Math.max(ny, nz));
    double[] scratch = new double[max];
    // x lines
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        int base = nx * (y + ny * z);
        filterLine(base, 1, nx, scratch);
      }
    }
    for (int z = 0; z < nz; z++) {
      for (int x = 0; x < nx; x++) {
        filterLine(x + nx * ny * z, nx, ny, scratch);
      }
    }
    for (int y = 0; y < ny; y++) {
      for (int x = 0; x < nx; x++) {
        filterLine(x + nx * y, nx * ny, nz, scratch);
      }
    }
  }

  private void filterLine(int start, int stride, int n, double[] s) {
    if (n == 1) {
      return;
    }
    for (int i = 0; i < n; i++) {
      s[i] = c[start + i * stride];
    }
    double z = POLE;
    double gain = (1.0 - z) * (1.0 - 1.0 / z);
    for (int i = 0; i < n; i++) {
      s[i] *= gain;
    }
    initialCausal(s, n, z);
    for (int i = 1; i < n; i++) {
      s[i] += z * s[i - 1];
    }
    s[n - 1] = (z / (z * z - 1.0)) * (z * s[n - 2] + s[n - 1]);
    for (int i = n - 2; i >= 0; i--) {
      s[i] = z * (s[i + 1] - s[i]);
    }
    for (int i = 0; i < n; i++) {
      c[start + i * stride] = s[i];
    }
  }

  private static void initialCausal(double[] s, int n, double z) {
    long horizon = (long) Math.ceil(Math.log(TOLERANCE) / Math.log(Math.abs(z)));
    double zn = z;
    if (horizon < n) {
      double sum = s[0];
      for (int i = 1; i < horizon; i++) {
        sum += zn * s[i];
        zn *= z;
      }
      s[0] = sum;
    } else {
      double iz = 1.0 / z;
      double z2n = Math.pow(z, n - 1);
      double sum = s[0] + z2n * s[n - 1];
      z2n *= z2n * iz;
      for (int i = 1; i <= n - 2; i++) {
        sum += (zn + z2n) * s[i];
        zn *= z;
        z2n *= iz;
      }
      s[0] = sum / (1.0 - zn * zn);
    }
  }

  /** The interpolated value at continuous index (x, y, z), inside the buffer. */
  double evaluate(double x, double y, double z, double[] wx, double[] wy, double[] wz, int[] ix,
      int[] iy, int[] iz) {
    support(x, nx, wx, ix);
    support(y, ny, wy, iy);
    support(z, nz, wz, iz);
    double sum = 0.0;
    // Point order as ITK's m_PointsToIndex: x fastest, then y, then z.
    for (int k = 0; k < 4; k++) {
      int zoff = nx * ny * iz[k];
      for (int j = 0; j < 4; j++) {
        int yoff = zoff + nx * iy[j];
        for (int i = 0; i < 4; i++) {
          double w = wx[i] * wy[j];
          w *= wz[k];
          sum += w * c[yoff + ix[i]];
        }
      }
    }
    return sum;
  }

  private static void support(double x, int n, double[] w, int[] idx) {
    long first = (long) Math.floor(x) - 1;
    double t = x - (first + 1);
    w[3] = (1.0 / 6.0) * t * t * t;
    w[0] = (1.0 / 6.0) + 0.5 * t * (t - 1.0) - w[3];
    w[2] = t + w[0] - 2.0 * w[3];
    w[1] = 1.0 - w[0] - w[2] - w[3];
    for (int k = 0; k < 4; k++) {
      long i = first + k;
      if (n == 1) {
        i = 0;
      } else {
        if (i < 0) {
          i = -i;
        }
        if (i >= n - 1) {
          i = (n - 1) - (i - (n - 1));
        }
        // Far outside (only possible for tiny images): fold again until inside.
        while (i < 0 || i > n - 1) {
          i = i < 0 ? -i : 2L * (n - 1) - i;
        }
      }
      idx[k] = (int) i;
    }
  }
}
