package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The branch-and-bound diameters are the all-pairs maxima, bit for bit. */
class MeshDiametersTest {
  private static void assertBits(double[] expected, double[] actual, String what) {
    for (int k = 0; k < 4; k++) {
      assertEquals(Double.doubleToLongBits(expected[k]), Double.doubleToLongBits(actual[k]),
          what + " diameter " + k + ": " + expected[k] + " vs " + actual[k]);
    }
  }

  /**
   * Vertices as the mesh makes them, (index + 0 or 0.5 or 1) * spacing, on random blobs and
   * scattered lattice points with anisotropic spacings, including many ties (symmetric shapes,
   * duplicated points) where a pruning off by one rounding would show.
   */
  @Test
  void equalsAllPairsOnLatticeVertices() {
    SplittableRandom random = new SplittableRandom(17);
    double[][] spacings = {{1, 1, 1}, {4, 0.7, 0.7}, {6.5, 0.78125, 0.78125}, {0.3, 1.1, 2.9},
        {2, 2, 2}};
    for (int trial = 0; trial < 300; trial++) {
      double[] sp = spacings[trial % spacings.length];
      int count = 2 + random.nextInt(trial < 100 ? 60 : 900);
      int side = 2 + random.nextInt(30);
      boolean symmetric = random.nextInt(3) == 0;
      double[] p = new double[3 * count];
      for (int k = 0; k < count; k++) {
        int[] h = {random.nextInt(2 * side + 1), random.nextInt(2 * side + 1),
            random.nextInt(2 * side + 1)};
        if (symmetric && k % 2 == 1) {
          // the mirror image of the previous vertex: equal distances in many pairs
          for (int a = 0; a < 3; a++) {
            h[a] = 2 * side - (int) Math.round(p[3 * (k - 1) + a] / sp[a] * 2);
          }
        }
        for (int a = 0; a < 3; a++) {
          p[3 * k + a] = (h[a] / 2 + (h[a] % 2 == 0 ? 0 : 0.5)) * sp[a];
        }
      }
      assertBits(MeshDiameters.allPairs(p, p.length), MeshDiameters.of(p, p.length),
          "trial " + trial);
    }
  }

  /** Points on a sphere (all near the maximum) and collinear or coincident ones. */
  @Test
  void equalsAllPairsOnDegenerateSets() {
    SplittableRandom random = new SplittableRandom(4);
    int count = 3000;
    double[] sphere = new double[3 * count];
    for (int k = 0; k < count; k++) {
      double z = 2 * random.nextDouble() - 1;
      double t = 2 * Math.PI * random.nextDouble();
      double r = Math.sqrt(1 - z * z);
      sphere[3 * k] = 10 * z;
      sphere[3 * k + 1] = 10 * r * Math.sin(t);
      sphere[3 * k + 2] = 10 * r * Math.cos(t);
    }
    assertBits(MeshDiameters.allPairs(sphere, sphere.length),
        MeshDiameters.of(sphere, sphere.length), "sphere");
    double[] line = new double[3 * 200];
    for (int k = 0; k < 200; k++) {
      line[3 * k + 2] = 0.7 * (k % 37);
    }
    assertBits(MeshDiameters.allPairs(line, line.length), MeshDiameters.of(line, line.length),
        "line");
    double[] same = new double[3 * 100];
    java.util.Arrays.fill(same, 1.5);
    assertBits(MeshDiameters.allPairs(same, same.length), MeshDiameters.of(same, same.length),
        "coincident");
    assertBits(new double[4], MeshDiameters.of(new double[3], 3), "one vertex");
  }
}
