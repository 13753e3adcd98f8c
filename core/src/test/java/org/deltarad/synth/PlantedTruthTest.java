package org.deltarad.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planted truth is visible in the pixels: a GLSZM-like zone percentage (zones of equal grey
 * level after the paper's normalisation and bin width 10, 26-connected) falls from pre to mid
 * more in patients with higher latent biology; and reader 2's Dice is where it should be.
 */
class PlantedTruthTest {
  static final int N = 24;
  static CohortGenerator gen;
  static CohortGenerator.PatientVolumes[] patients = new CohortGenerator.PatientVolumes[N];

  @BeforeAll
  static void generate() {
    gen = new CohortGenerator(SynthParams.defaults(N, 2024).withSize(64, 64, 12)
        .withReader2Fraction(1.0));
    for (int i = 0; i < N; i++) {
      patients[i] = gen.patient(i);
    }
  }

  /** Zones per tumour voxel, as GLSZM ZonePercentage on the paper's discretisation. */
  static double zonePercentage(ScanRenderer.Scan s) {
    double[] v = s.image().voxels();
    double[] m = s.mask().voxels();
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    int nx = s.image().nx();
    int ny = s.image().ny();
    int nz = s.image().nz();
    int[] bin = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      bin[i] = (int) Math.floor(v[i] * 100 / mean / 10);
    }
    boolean[] seen = new boolean[v.length];
    int zones = 0;
    int voxels = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < v.length; start++) {
      if (m[start] == 0 || seen[start]) {
        continue;
      }
      zones++;
      seen[start] = true;
      queue.add(start);
      while (!queue.isEmpty()) {
        int p = queue.poll();
        voxels++;
        int x = p % nx;
        int y = (p / nx) % ny;
        int z = p / (nx * ny);
        for (int dz = -1; dz <= 1; dz++) {
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int xx = x + dx;
              int yy = y + dy;
              int zz = z + dz;
              if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) {
                continue;
              }
              int q = xx + nx * (yy + ny * zz);
              if (!seen[q] && m[q] != 0 && bin[q] == bin[p]) {
                seen[q] = true;
                queue.add(q);
              }
            }
          }
        }
      }
    }
    return (double) zones / voxels;
  }

  @Test
  void deltaZonePercentageFallsWithBiology() {
    double[] b = new double[N];
    double[] delta = new double[N];
    int fell = 0;
    for (int i = 0; i < N; i++) {
      b[i] = patients[i].patient().biology();
      delta[i] = zonePercentage(patients[i].mid().scan())
          - zonePercentage(patients[i].pre().scan());
    }
    double rho = new SpearmansCorrelation().correlation(b, delta);
    assertTrue(rho < -0.4, "Spearman(biology, delta zone%) = " + rho);
  }

  @Test
  void readerTwoAgreesWellBeforeAndModeratelyAtMid() {
    double sumPre = 0;
    double sumMid = 0;
    for (CohortGenerator.PatientVolumes pv : patients) {
      double pre = pv.pre().reader2().dice();
      double mid = pv.mid().reader2().dice();
      assertEquals(pre, SecondReader.dice(pv.pre().scan().mask().voxels(),
          pv.pre().reader2().mask()), 1e-12);
      assertTrue(pre >= 0.72 && pre <= 0.95, pv.patient().id() + " pre Dice " + pre);
      assertTrue(mid >= 0.38 && mid <= 0.82, pv.patient().id() + " mid Dice " + mid);
      sumPre += pre;
      sumMid += mid;
    }
    assertEquals(0.85, sumPre / N, 0.03, "mean pre Dice");
    assertEquals(0.60, sumMid / N, 0.05, "mean mid Dice");
  }

  @Test
  void midTumourIsSmallerInPhysicalVolume() {
    for (CohortGenerator.PatientVolumes pv : patients) {
      double pre = pv.pre().scan().maskVoxels() * pv.pre().scanner().voxelVolumeMm3();
      double mid = pv.mid().scan().maskVoxels() * pv.mid().scanner().voxelVolumeMm3();
      assertTrue(mid < pre, pv.patient().id() + ": mid " + mid + " mm3 vs pre " + pre);
    }
  }
}
