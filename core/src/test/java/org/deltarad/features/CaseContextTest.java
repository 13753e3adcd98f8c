package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The per-case state is explicit: a family's values depend only on the case, not on which
 * families ran before it on the same context or what the workspace held from an earlier case.
 */
class CaseContextTest {
  private static final List<Function<CaseContext, Map<String, Double>>> FAMILIES = List.of(
      c -> new FirstOrderFeatures(0).compute(c),
      c -> new GlcmFeatures().compute(c),
      c -> new GlrlmFeatures().compute(c),
      c -> new GlszmFeatures().compute(c),
      c -> new GldmFeatures().compute(c),
      c -> new GldmFeatures(new int[] {1}, 1).compute(c),
      c -> new NgtdmFeatures().compute(c),
      c -> new ShapeFeatures().compute(c, FeatureClasses.SHAPE));

  private static DiscretizedRoi randomRoi(SplittableRandom random) {
    int nx = 2 + random.nextInt(12);
    int ny = 1 + random.nextInt(12);
    int nz = 1 + random.nextInt(6);
    int[] levels = new int[nx * ny * nz];
    double[] intensities = new double[levels.length];
    int maxLevel = 1 + random.nextInt(8);
    for (int i = 0; i < levels.length; i++) {
      levels[i] = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(maxLevel);
      intensities[i] = levels[i] * 10 + random.nextDouble();
    }
    levels[0] = 1;
    levels[levels.length - 1] = 1;
    return new DiscretizedRoi(nx, ny, nz, levels, intensities, new double[] {0.7, 0.8, 3});
  }

  /** Bit-exact comparison that treats NaN as equal to NaN. */
  private static void assertSame(Map<String, Double> expected, Map<String, Double> actual,
      String what) {
    assertEquals(expected.keySet(), actual.keySet(), what);
    for (String k : expected.keySet()) {
      assertEquals(Double.doubleToLongBits(expected.get(k)), Double.doubleToLongBits(actual.get(k)),
          what + " " + k + ": " + expected.get(k) + " vs " + actual.get(k));
    }
  }

  @Test
  void familiesGiveTheSameValuesInAnyOrderOnOneWorkspace() {
    SplittableRandom random = new SplittableRandom(5);
    Workspace shared = new Workspace();
    for (int trial = 0; trial < 40; trial++) {
      DiscretizedRoi roi = randomRoi(random);
      List<Map<String, Double>> alone = new ArrayList<>();
      for (Function<CaseContext, Map<String, Double>> f : FAMILIES) {
        alone.add(f.apply(CaseContext.of(roi)));
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < FAMILIES.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, new java.util.Random(trial));
      // a larger case first, so the workspace's arrays hold another case's leftovers
      new GlszmFeatures().compute(new CaseContext(randomRoi(random), shared));
      CaseContext context = new CaseContext(roi, shared);
      for (int i : order) {
        assertSame(alone.get(i), FAMILIES.get(i).apply(context), "trial " + trial + " order "
            + order + " family " + i);
      }
    }
  }

  @Test
  void aRetiredContextRefusesToRun() {
    SplittableRandom random = new SplittableRandom(9);
    Workspace work = new Workspace();
    CaseContext first = new CaseContext(randomRoi(random), work);
    new GlcmFeatures().compute(first);
    new CaseContext(randomRoi(random), work);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new GlszmFeatures().compute(first));
    assertEquals("this case's workspace has been given to another case", e.getMessage());
  }

  /** The extractor's pooled workspaces: threads extracting different cases at once. */
  @Test
  void concurrentExtractionsEqualSequentialOnes() throws Exception {
    RadiomicsExtractor extractor = new RadiomicsExtractor(RadiomicsSettings.fromYaml(
        "setting: {binWidth: 10}\nfeatureClass: {firstorder: , glcm: , glrlm: , glszm: ,"
            + " gldm: , ngtdm: , shape: }\n", "test"));
    int cases = 6;
    org.deltarad.image.Image3D[][] input = new org.deltarad.image.Image3D[cases][];
    List<Map<String, Double>> sequential = new ArrayList<>();
    for (int k = 0; k < cases; k++) {
      input[k] = org.deltarad.bench.FeatureBenchmark.syntheticCaseAsStored(100 + k);
      sequential.add(extractor.extract(input[k][0], input[k][1]));
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<Map<String, Double>>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int k = 0; k < cases; k++) {
          org.deltarad.image.Image3D[] c = input[k];
          futures.add(pool.submit(() -> extractor.extract(c[0], c[1])));
        }
      }
      for (int f = 0; f < futures.size(); f++) {
        assertSame(sequential.get(f % cases), futures.get(f).get(), "concurrent run " + f);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void extractorWithCallersWorkspaceEqualsPooled() {
    org.deltarad.image.Image3D[] c = org.deltarad.bench.FeatureBenchmark.syntheticCaseAsStored(3);
    RadiomicsExtractor extractor = new RadiomicsExtractor(RadiomicsSettings.fromYaml(
        "setting: {binWidth: 10}\nfeatureClass: {firstorder: , glcm: , glrlm: , glszm: ,"
            + " gldm: , ngtdm: }\n", "test"));
    LinkedHashMap<String, Double> pooled = extractor.extract(c[0], c[1]);
    Workspace work = new Workspace();
    assertSame(pooled, extractor.extract(c[0], c[1], work), "own workspace");
    assertSame(pooled, extractor.extract(c[0], c[1], work), "own workspace, second case");
    assertSame(pooled, extractor.extract(c[0], c[1]), "pooled, second case");
  }
}
