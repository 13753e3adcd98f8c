package org.deltarad.synth;

/**
 * The patient's pelvis around the cervix, fixed in patient space (mm, tumour centre at the
 * origin, LPS axes: +x left, +y posterior, +z superior), shared by the pre and mid scans.
 *
 * <p>Tumour: a lobulated ellipsoid, long axis in-plane, rotated in-plane and tilted (axial
 * oblique), implicit function {@code F = rho - 1 - 0.12 L1} where {@code rho} is the ellipsoidal
 * radius and {@code L1} a smooth lattice field (5 mm); inside where {@code F < 0}. At mid-treatment
 * the ellipsoid is scaled by the shrink ratio and a finer field {@code L2} (3.5 mm, weight 0.10)
 * makes the residual tumour more irregular. Around it a ring of dark cervical stroma (4-7 mm),
 * an anterior bladder (urine), a posterior rectum (muscular wall, mixed content) and parametrial
 * fat lobules in soft tissue.
 *
 * <p>Rendered semi-axes equal the clinical ones (half the true diameter) compressed smoothly
 * when they would not fit the image: above a knee at 40 % of the cap the excess saturates
 * exponentially towards the cap (75 % of the smallest possible half field of view). The map is
 * monotone, so tumour volume in the image still ranks with the clinical diameter.
 */
final class PatientAnatomy {
  static final double MIN_PIXEL_MM = 0.5;
  static final double MIN_SLICE_MM = 3.0;
  static final double MAX_PIXEL_MM = 0.9;
  static final double MAX_SLICE_MM = 5.0;

  final double a1;
  final double a2;
  final double a3;
  private final double cosT;
  private final double sinT;
  private final double cosP;
  private final double sinP;
  final double stromaMarginMm;
  final LatticeField lobes;
  final LatticeField midIrregularity;
  final LatticeField fat;
  final double[] bladderCentre;
  final double bladderRadiusPre;
  final double bladderRadiusMid;
  final double[] rectumCentre;
  final double rectumRadius;

  PatientAnatomy(PatientCase pc, SynthParams p, SynthRandom r) {
    double half = pc.trueDiameterCm() * 10 / 2 * p.tumourScale();
    double capXy = 0.75 * Math.min(p.nx(), p.ny()) * MIN_PIXEL_MM / 2;
    double capZ = 0.75 * p.nz() * MIN_SLICE_MM / 2;
    this.a1 = softCap(half, capXy);
    this.a2 = softCap(half * r.uniform(0.72, 0.92), capXy);
    this.a3 = softCap(half * r.uniform(0.60, 0.85), capZ);
    double theta = r.uniform(0, Math.PI);
    double phi = r.uniform(-0.25, 0.25);
    this.cosT = StrictMath.cos(theta);
    this.sinT = StrictMath.sin(theta);
    this.cosP = StrictMath.cos(phi);
    this.sinP = StrictMath.sin(phi);
    this.stromaMarginMm = r.uniform(4, 7);
    double[] extent = {p.nx() * MAX_PIXEL_MM / 2 + 10, p.ny() * MAX_PIXEL_MM / 2 + 10,
        p.nz() * MAX_SLICE_MM / 2 + 10};
    this.lobes = new LatticeField(extent, 5, 2, r);
    this.midIrregularity = new LatticeField(extent, 3.5, 1.5, r);
    this.fat = new LatticeField(extent, 5, 2, r);
    double outer = Math.max(a1, a2) + stromaMarginMm;
    this.bladderRadiusPre = r.uniform(20, 30);
    this.bladderRadiusMid = r.uniform(20, 30);
    this.bladderCentre = new double[] {r.uniform(-5, 5), -(outer + 0.7 * bladderRadiusPre + 4),
        r.uniform(5, 20)};
    this.rectumRadius = r.uniform(8, 13);
    this.rectumCentre = new double[] {r.uniform(-6, 6), outer + rectumRadius + r.uniform(2, 6)};
  }

  /** Smooth, monotone saturation of a semi-axis towards {@code cap} (identity below 0.4 cap). */
  static double softCap(double a, double cap) {
    double knee = 0.4 * cap;
    if (a <= knee) {
      return a;
    }
    double room = cap - knee;
    return knee + room * (1 - StrictMath.exp(-(a - knee) / room));
  }

  /** Ellipsoidal radius of patient point p (1 on the un-lobulated pre-treatment surface). */
  double rho(double x, double y, double z) {
    double u = cosT * x + sinT * y;
    double v = -sinT * x + cosT * y;
    double v2 = cosP * v - sinP * z;
    double w = sinP * v + cosP * z;
    return Math.sqrt((u / a1) * (u / a1) + (v2 / a2) * (v2 / a2) + (w / a3) * (w / a3));
  }

  /** Implicit tumour function, negative inside; {@code scale} is the linear shrink ratio. */
  double tumour(double x, double y, double z, double scale, boolean mid) {
    double f = rho(x, y, z) / scale - 1 - 0.12 * lobes.at(x, y, z);
    if (mid) {
      f -= 0.10 * midIrregularity.at(x, y, z);
    }
    return f;
  }

  /** Pre-treatment tumour volume in mm^3 of the ellipsoid (before lobulation). */
  double ellipsoidVolumeMm3() {
    return 4.0 / 3.0 * Math.PI * a1 * a2 * a3;
  }

  double meanSemiAxisMm() {
    return (a1 + a2 + a3) / 3;
  }
}
