package org.deltarad.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.deltarad.features.RadiomicsExtractor;
import org.deltarad.image.Image3D;
import org.junit.jupiter.api.Test;

/** The benchmark case as the job reads it holds the same voxels as the case built in memory. */
class BenchCaseTest {
  @Test
  void caseAsReadHasTheStoredVoxelsAndTheReadersBookkeeping() {
    Image3D[] stored = BenchCase.syntheticCaseAsStored(7);
    Image3D[] read = BenchCase.syntheticCaseAsRead(7);
    for (int k = 0; k < 2; k++) {
      assertArrayEquals(stored[k].shortVoxels(), read[k].shortVoxels());
      assertArrayEquals(stored[k].spacing(), read[k].spacing(), 1e-6);
    }
    assertEquals(stored[0].shortSum(), read[0].shortSum());
    // the reader noted the mask's empty blocks: its first plane holds no label
    assertFalse(read[1].mayHoldNonZero(0, read[1].nx() * read[1].ny()));
    // texture and first-order values do not depend on the spacing's float rounding (total
    // energy, a volume times a sum, does)
    Map<String, Double> a = new RadiomicsExtractor(BenchCase.paperAllFeatures())
        .extract(stored[0], stored[1]);
    Map<String, Double> b = new RadiomicsExtractor(BenchCase.paperAllFeatures())
        .extract(read[0], read[1]);
    assertEquals(a.keySet(), b.keySet());
    for (String name : a.keySet()) {
      if (!name.endsWith("TotalEnergy")) {
        assertEquals(a.get(name), b.get(name), name);
      }
    }
  }
}
