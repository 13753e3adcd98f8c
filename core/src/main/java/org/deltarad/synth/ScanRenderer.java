package org.deltarad.synth;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.deltarad.image.Image3D;

/**
 * Renders one T2-weighted scan of a patient (pre or mid) on the scanner's voxel grid, with the
 * reader-1 tumour mask.
 *
 * <p>Signal per tissue is the spin-echo expression {@code PD (1 - exp(-TR/T1)) exp(-TE/T2)}
 * (T1 x1.3 and T2 x0.92 at 3 T). The tumour's T2 is {@code T2_t exp(het Z)}, where {@code Z} is
 * a unit Gaussian random field with correlation length {@code grain} (mm, so its size in voxels
 * depends on the scanner's spacing): heterogeneity sets the contrast of the texture, grain its
 * coarseness. Necrotic (fluid-bright) blobs appear where a second, coarser field exceeds the
 * quantile giving the patient's necrosis fraction. Then the scanner's point-spread blur, a smooth
 * multiplicative bias field, Rician noise and the vendor's intensity scale; stored as integers
 * (int16 range).
 */
final class ScanRenderer {
  /** Image value of a nominal tumour signal (before the vendor scale), for int16 headroom. */
  static final double INTENSITY_GAIN = 380;
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private ScanRenderer() {}

  /** A rendered scan: image, reader-1 mask, and the tumour implicit function per voxel. */
  record Scan(Image3D image, Image3D mask, double[] implicit, int maskVoxels) {}

  enum Tissue {
    SOFT(0.75, 1000, 45), FAT(0.90, 350, 130), STROMA(0.80, 1000, 55), TUMOUR(0.85, 1300, 95),
    NECROSIS(0.95, 2500, 300), BED(0.80, 1100, 70), URINE(1.0, 3500, 1200),
    RECTAL_WALL(0.75, 1000, 50), RECTAL_CONTENT(0.60, 1200, 150);

    final double pd;
    final double t1;
    final double t2;

    Tissue(double pd, double t1, double t2) {
      this.pd = pd;
      this.t1 = t1;
      this.t2 = t2;
    }
  }

  /** Spin-echo signal; times in ms (T1, T2 at 1.5 T), field in tesla. */
  static double signal(double pd, double t1, double t2, Scanner sc) {
    double f1 = sc.fieldT() >= 3 ? 1.3 : 1.0;
    double f2 = sc.fieldT() >= 3 ? 0.92 : 1.0;
    double tr = sc.repetitionTimeS() * 1000;
    double te = sc.echoTimeS() * 1000;
    return pd * (1 - StrictMath.exp(-tr / (t1 * f1))) * StrictMath.exp(-te / (t2 * f2));
  }

  static double signal(Tissue t, Scanner sc) {
    return signal(t.pd, t.t1, t.t2, sc);
  }

  static Scan render(PatientCase pc, PatientAnatomy an, Scanner sc, SynthParams p, boolean mid,
      double scale, SynthRandom r, String source) {
    int nx = p.nx();
    int ny = p.ny();
    int nz = p.nz();
    int n = nx * ny * nz;
    double px = sc.pixelSpacingMm();
    double dz = sc.sliceThicknessMm();
    // Patient positioning differs a little between sessions.
    double ox = r.gaussian(0, 2) - (nx - 1) / 2.0 * px;
    double oy = r.gaussian(0, 2) - (ny - 1) / 2.0 * px;
    double oz = r.gaussian(0, 1.5) - (nz - 1) / 2.0 * dz;

    double grain = mid ? pc.grainMidMm() : pc.grainPreMm();
    double het = mid ? pc.heterogeneityMid() : pc.heterogeneityPre();
    double necrosis = mid ? pc.necrosisMid() : pc.necrosisPre();
    double[] texture = GaussianField.field(nx, ny, nz, grain / px, grain / px, grain / dz, r);
    double nGrain = 2.5 * grain;
    double[] necro = GaussianField.field(nx, ny, nz, nGrain / px, nGrain / px, nGrain / dz, r);
    double[] soft = GaussianField.field(nx, ny, nz, 1.5 / px, 1.5 / px, 1.5 / dz, r);
    double necroThreshold = necrosis > 1e-6
        ? STANDARD_NORMAL.inverseCumulativeProbability(1 - necrosis)
        : Double.POSITIVE_INFINITY;

    double t2Tumour = Tissue.TUMOUR.t2 * (mid ? pc.midT2Factor() : 1);
    double sNecrosis = signal(Tissue.NECROSIS, sc);
    double sFat = signal(Tissue.FAT, sc);
    double sStroma = signal(Tissue.STROMA, sc);
    double sBed = signal(Tissue.BED, sc);
    double sUrine = signal(Tissue.URINE, sc);
    double sWall = signal(Tissue.RECTAL_WALL, sc);
    double sContent = signal(Tissue.RECTAL_CONTENT, sc);
    double stromaLimit = an.stromaMarginMm / an.meanSemiAxisMm();
    double bladderR = mid ? an.bladderRadiusMid : an.bladderRadiusPre;

    double[] s = new double[n];
    double[] implicit = new double[n];
    double[] mask = new double[n];
    int inside = 0;
    for (int k = 0; k < nz; k++) {
      double z = oz + k * dz;
      for (int j = 0; j < ny; j++) {
        double y = oy + j * px;
        for (int i = 0; i < nx; i++) {
          double x = ox + i * px;
          int idx = i + nx * (j + ny * k);
          double f = an.tumour(x, y, z, scale, mid);
          implicit[idx] = f;
          double fPre = mid ? an.tumour(x, y, z, 1, false) : f;
          double v;
          if (f < 0) {
            mask[idx] = 1;
            inside++;
            double st = signal(Tissue.TUMOUR.pd, Tissue.TUMOUR.t1,
                t2Tumour * StrictMath.exp(het * texture[idx]), sc);
            double w = sigmoid((necro[idx] - necroThreshold) / 0.15);
            v = (1 - w) * st + w * sNecrosis;
          } else if (mid && fPre < 0) {
            v = sBed;
          } else if (fPre < stromaLimit) {
            v = sStroma;
          } else if (dist(x - an.bladderCentre[0], y - an.bladderCentre[1],
              z - an.bladderCentre[2]) < bladderR) {
            v = sUrine;
          } else {
            double rr = Math.hypot(x - an.rectumCentre[0], y - an.rectumCentre[1]);
            if (rr < an.rectumRadius - 3) {
              // Gas pockets (signal void) in the rectal content.
              v = an.fat.at(x + 40, y, z) > 0.8 ? 0.02 * sContent : sContent;
            } else if (rr < an.rectumRadius) {
              v = sWall;
            } else {
              double wFat = sigmoid((an.fat.at(x, y, z) - 0.25) / 0.15);
              double sSoft = signal(Tissue.SOFT.pd, Tissue.SOFT.t1,
                  Tissue.SOFT.t2 * StrictMath.exp(0.08 * soft[idx]), sc);
              v = wFat * sFat + (1 - wFat) * sSoft;
            }
          }
          s[idx] = v;
        }
      }
    }

    GaussianField.blur(s, nx, ny, nz, sc.blurVoxels(), sc.blurVoxels(), 0.3);

    // Smooth bias field: linear and quadratic terms over the field of view.
    double b = sc.biasAmplitude();
    double c1 = r.gaussian();
    double c2 = r.gaussian();
    double c3 = 0.5 * r.gaussian();
    double c4 = r.gaussian();
    double hx = nx * px / 2;
    double hy = ny * px / 2;
    double hz = nz * dz / 2;
    double sRef = signal(Tissue.TUMOUR, sc);
    double sigma = sc.noiseRel() * sRef;
    double gain = INTENSITY_GAIN * sc.intensityScale();
    double[] out = new double[n];
    for (int k = 0; k < nz; k++) {
      double zn = (k - (nz - 1) / 2.0) * dz / hz;
      for (int j = 0; j < ny; j++) {
        double yn = (j - (ny - 1) / 2.0) * px / hy;
        for (int i = 0; i < nx; i++) {
          double xn = (i - (nx - 1) / 2.0) * px / hx;
          int idx = i + nx * (j + ny * k);
          double bias = StrictMath.exp(b * (c1 * xn + c2 * yn + c3 * zn
              + c4 * (xn * xn + yn * yn - 0.66)));
          double re = s[idx] * bias + sigma * r.gaussian();
          double im = sigma * r.gaussian();
          double mag = Math.sqrt(re * re + im * im) * gain;
          out[idx] = Math.min(Short.MAX_VALUE, Math.rint(mag));
        }
      }
    }
    double[] spacing = {px, px, dz};
    double[] origin = {ox, oy, oz};
    Image3D image = new Image3D(nx, ny, nz, out, spacing, origin, Image3D.identity(), source);
    Image3D maskImage = new Image3D(nx, ny, nz, mask, spacing.clone(), origin.clone(),
        Image3D.identity(), source + " (mask)");
    return new Scan(image, maskImage, implicit, inside);
  }

  static double sigmoid(double t) {
    if (t > 40) {
      return 1;
    }
    if (t < -40) {
      return 0;
    }
    return 1 / (1 + StrictMath.exp(-t));
  }

  private static double dist(double a, double b, double c) {
    return Math.sqrt(a * a + b * b + c * c);
  }
}
