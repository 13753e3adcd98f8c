package org.deltarad.image;

/**
 * NIfTI geometry arithmetic: quaternion <-> rotation (the NIfTI-1 standard's formulas) and the
 * RAS (NIfTI) <-> LPS (ITK) conversion, which negates the first two rows of the affine.
 *
 * <p>Matrices are row-major double[9] (3x3) or double[12] (3x4, last column the offset).
 */
final class NiftiGeometry {
  private NiftiGeometry() {}

  /**
   * The 3x4 RAS affine of a qform: rotation from quaternion (b, c, d) with a = sqrt(1-b2-c2-d2),
   * columns scaled by (dx, dy, qfac*dz), offset (qx, qy, qz). As in the standard, non-positive
   * spacings count as 1 and a tiny negative 1-b2-c2-d2 (rounding) means a 180 degree rotation.
   */
  static double[] quaternToAffine(double qb, double qc, double qd, double qx, double qy, double qz,
      double dx, double dy, double dz, double qfac) {
    double b = qb;
    double c = qc;
    double d = qd;
    double a = 1.0 - (b * b + c * c + d * d);
    if (a < 1e-7) {
      a = 1.0 / Math.sqrt(b * b + c * c + d * d);
      b *= a;
      c *= a;
      d *= a;
      a = 0.0;
    } else {
      a = Math.sqrt(a);
    }
    double xd = dx > 0 ? dx : 1.0;
    double yd = dy > 0 ? dy : 1.0;
    double zd = dz > 0 ? dz : 1.0;
    if (qfac < 0) {
      zd = -zd;
    }
    return new double[] {
        (a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, qx,
        2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, qy,
        2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, qz};
  }

  /**
   * Quaternion (b, c, d) and qfac of a proper or improper rotation {@code r} (orthonormal
   * columns). An improper r (det < 0) has its third column negated and qfac = -1, as the
   * standard stores it. The sign is chosen so that a >= 0.
   */
  static double[] rotationToQuatern(double[] r) {
    double[] m = r.clone();
    double qfac = 1.0;
    if (det3(m) < 0) {
      m[2] = -m[2];
      m[5] = -m[5];
      m[8] = -m[8];
      qfac = -1.0;
    }
    double r11 = m[0], r12 = m[1], r13 = m[2];
    double r21 = m[3], r22 = m[4], r23 = m[5];
    double r31 = m[6], r32 = m[7], r33 = m[8];
    double a = r11 + r22 + r33 + 1.0;
    double b;
    double c;
    double d;
    if (a > 0.5) {
      a = 0.5 * Math.sqrt(a);
      b = 0.25 * (r32 - r23) / a;
      c = 0.25 * (r13 - r31) / a;
      d = 0.25 * (r21 - r12) / a;
    } else {
      // Near 180 degrees: extract from the largest diagonal term for stability.
      double xd = 1.0 + r11 - (r22 + r33);
      double yd = 1.0 + r22 - (r11 + r33);
      double zd = 1.0 + r33 - (r11 + r22);
      if (xd > 1.0) {
        b = 0.5 * Math.sqrt(xd);
        c = 0.25 * (r12 + r21) / b;
        d = 0.25 * (r13 + r31) / b;
        a = 0.25 * (r32 - r23) / b;
      } else if (yd > 1.0) {
        c = 0.5 * Math.sqrt(yd);
        b = 0.25 * (r12 + r21) / c;
        d = 0.25 * (r23 + r32) / c;
        a = 0.25 * (r13 - r31) / c;
      } else {
        d = 0.5 * Math.sqrt(zd);
        b = 0.25 * (r13 + r31) / d;
        c = 0.25 * (r23 + r32) / d;
        a = 0.25 * (r21 - r12) / d;
      }
      if (a < 0) {
        b = -b;
        c = -c;
        d = -d;
      }
    }
    return new double[] {b, c, d, qfac};
  }

  static double det3(double[] m) {
    return m[0] * (m[4] * m[8] - m[5] * m[7])
        - m[1] * (m[3] * m[8] - m[5] * m[6])
        + m[2] * (m[3] * m[7] - m[4] * m[6]);
  }

  /** Column j's Euclidean norm of a row-major 3x3 (stride 3) or 3x4 (stride 4) matrix. */
  static double columnNorm(double[] m, int stride, int j) {
    double x = m[j];
    double y = m[stride + j];
    double z = m[2 * stride + j];
    return Math.sqrt(x * x + y * y + z * z);
  }

  /** RAS 3x4 affine of an LPS image geometry: D * diag(spacing) and origin, rows 0 and 1 negated. */
  static double[] lpsToRasAffine(double[] spacing, double[] origin, double[] direction) {
    double[] a = new double[12];
    for (int i = 0; i < 3; i++) {
      double sign = i < 2 ? -1.0 : 1.0;
      for (int j = 0; j < 3; j++) {
        a[4 * i + j] = sign * direction[3 * i + j] * spacing[j];
      }
      a[4 * i + 3] = sign * origin[i];
    }
    return a;
  }
}
