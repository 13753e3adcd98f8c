package org.deltarad.features;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * Neighbouring Grey Tone Difference Matrix features, as PyRadiomics 3.1 (radiomics/ngtdm.py with
 * its C extension) computes them in 3-D.
 *
 * <p>For each ROI voxel of grey level i, A is the mean grey level of its neighbours (the
 * 26-neighbourhood for distance 1, centre excluded) that lie in the ROI; s<sub>i</sub> sums |i - A|
 * over the voxels of level i (a voxel without any ROI neighbour adds 0 but is still counted, as in
 * PyRadiomics' C code). With n<sub>i</sub> the voxels of level i, N<sub>vp</sub> = &Sigma;n<sub>i</sub>,
 * p<sub>i</sub> = n<sub>i</sub>/N<sub>vp</sub>, N<sub>gp</sub> the number of present levels, sums
 * over present levels only and i, j actual grey levels:
 * Coarseness 1 / &Sigma;p<sub>i</sub>s<sub>i</sub> (10<sup>6</sup> if that sum is 0);
 * Contrast [&Sigma;p<sub>i</sub>p<sub>j</sub>(i-j)<sup>2</sup> / (N<sub>gp</sub>(N<sub>gp</sub>-1))]
 * &Sigma;s<sub>i</sub> / N<sub>vp</sub> (0 if N<sub>gp</sub> = 1);
 * Busyness &Sigma;p<sub>i</sub>s<sub>i</sub> / &Sigma;|ip<sub>i</sub> - jp<sub>j</sub>| (0 if the
 * denominator is 0); Complexity &Sigma;|i-j|(p<sub>i</sub>s<sub>i</sub> + p<sub>j</sub>s<sub>j</sub>)
 * / (p<sub>i</sub>+p<sub>j</sub>) / N<sub>vp</sub>; Strength &Sigma;(p<sub>i</sub>+p<sub>j</sub>)
 * (i-j)<sup>2</sup> / &Sigma;s<sub>i</sub> (0 if &Sigma;s<sub>i</sub> = 0).
 *
 * <p>Flat ROI: Coarseness 10<sup>6</sup>, Contrast 0, Busyness 0, Complexity 0, Strength 0. ROIs of
 * fewer than 2 voxels are refused (as PyRadiomics).
 */
public final class NgtdmFeatures {
  /** Feature names, in PyRadiomics' (alphabetical) order. */
  public static final List<String> NAMES = List.of("Busyness", "Coarseness", "Complexity",
      "Contrast", "Strength");

  private final int[] distances;

  /** PyRadiomics' default: distance 1. */
  public NgtdmFeatures() {
    this(new int[] {1});
  }

  /** @param distances neighbour distances (infinity norm), PyRadiomics setting {@code distances} */
  public NgtdmFeatures(int[] distances) {
    this.distances = distances.clone();
  }

  /** All 5 NGTDM features of the ROI, keyed by PyRadiomics' names. */
  public LinkedHashMap<String, Double> compute(DiscretizedRoi roi) {
    TextureSupport.Levels lv = TextureSupport.levels(roi, "NGTDM");
    int n = lv.n;
    NeighbourScan scan = NeighbourScan.of(lv, distances, null);
    double[] si = scan.diffSum;
    double[] ni = new double[n];
    for (int i = 0; i < n; i++) {
      ni[i] = scan.voxels[i];
    }
    double[] g = lv.values;
    double nvp = 0;
    for (double v : ni) {
      nvp += v;
    }
    double[] p = new double[n];
    double sumPs = 0;
    double sumS = 0;
    for (int i = 0; i < n; i++) {
      p[i] = ni[i] / nvp;
      sumPs += p[i] * si[i];
      sumS += si[i];
    }
    double contrastSum = 0;
    double busyDen = 0;
    double complexity = 0;
    double strength = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d = g[i] - g[j];
        contrastSum += p[i] * p[j] * d * d;
        busyDen += Math.abs(g[i] * p[i] - g[j] * p[j]);
        complexity += Math.abs(d) * (p[i] * si[i] + p[j] * si[j]) / (p[i] + p[j]);
        strength += (p[i] + p[j]) * d * d;
      }
    }
    double coarseness = sumPs == 0 ? 1e6 : 1 / sumPs;
    double div = (double) n * (n - 1);
    double contrast = div == 0 ? 0 : contrastSum * sumS / nvp / div;
    double busyness = busyDen == 0 ? 0 : sumPs / busyDen;
    complexity /= nvp;
    strength = sumS == 0 ? 0 : strength / sumS;
    LinkedHashMap<String, Double> out = new LinkedHashMap<>();
    out.put("Busyness", busyness);
    out.put("Coarseness", coarseness);
    out.put("Complexity", complexity);
    out.put("Contrast", contrast);
    out.put("Strength", strength);
    return out;
  }
}
