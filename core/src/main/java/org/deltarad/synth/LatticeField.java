package org.deltarad.synth;

/**
 * A Gaussian random field fixed in the patient's own space (millimetres, tumour centre at the
 * origin), sampled by trilinear interpolation. Anatomy that must look the same in the pre and mid
 * scans (fat lobules, the lobulated tumour outline) lives here, because the two scans have
 * different voxel grids.
 */
final class LatticeField {
  private final int n0;
  private final int n1;
  private final int n2;
  private final double step;
  private final double half0;
  private final double half1;
  private final double half2;
  private final double[] values;

  /**
   * @param halfExtentMm half the side of the covered box per axis (points outside are clamped)
   * @param correlationMm kernel sigma in millimetres
   * @param stepMm lattice spacing, well below the correlation length
   */
  LatticeField(double[] halfExtentMm, double correlationMm, double stepMm, SynthRandom rng) {
    this.step = stepMm;
    this.n0 = (int) Math.ceil(2 * halfExtentMm[0] / stepMm) + 1;
    this.n1 = (int) Math.ceil(2 * halfExtentMm[1] / stepMm) + 1;
    this.n2 = (int) Math.ceil(2 * halfExtentMm[2] / stepMm) + 1;
    this.half0 = (n0 - 1) * stepMm / 2;
    this.half1 = (n1 - 1) * stepMm / 2;
    this.half2 = (n2 - 1) * stepMm / 2;
    double s = correlationMm / stepMm;
    this.values = GaussianField.field(n0, n1, n2, s, s, s, rng);
  }

  /** The field at patient-space point (x, y, z) in mm. */
  double at(double x, double y, double z) {
    double fx = clamp((x + half0) / step, n0 - 1);
    double fy = clamp((y + half1) / step, n1 - 1);
    double fz = clamp((z + half2) / step, n2 - 1);
    int i = Math.min((int) fx, Math.max(0, n0 - 2));
    int j = Math.min((int) fy, Math.max(0, n1 - 2));
    int k = Math.min((int) fz, Math.max(0, n2 - 2));
    double tx = n0 > 1 ? fx - i : 0;
    double ty = n1 > 1 ? fy - j : 0;
    double tz = n2 > 1 ? fz - k : 0;
    int i1 = Math.min(i + 1, n0 - 1);
    int j1 = Math.min(j + 1, n1 - 1);
    int k1 = Math.min(k + 1, n2 - 1);
    double c00 = lerp(v(i, j, k), v(i1, j, k), tx);
    double c10 = lerp(v(i, j1, k), v(i1, j1, k), tx);
    double c01 = lerp(v(i, j, k1), v(i1, j, k1), tx);
    double c11 = lerp(v(i, j1, k1), v(i1, j1, k1), tx);
    return lerp(lerp(c00, c10, ty), lerp(c01, c11, ty), tz);
  }

  private double v(int i, int j, int k) {
    return values[i + n0 * (j + n1 * k)];
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  private static double clamp(double f, int max) {
    return f < 0 ? 0 : (f > max ? max : f);
  }
}
