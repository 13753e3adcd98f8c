package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** PyRadiomics' bin edges and numpy.digitize semantics, edge cases first. */
class DiscretizerTest {

  @Test
  void fixedWidthEdgesAreAnchoredAtMultiplesOfTheWidth() {
    Discretizer d = Discretizer.fixedBinWidth(3, 37, 10);
    // edges 0, 10, 20, 30, 40, 50 (arange(0, 57, 10))
    assertEquals(6, d.edges().length);
    assertEquals(1, d.level(3));
    assertEquals(1, d.level(9.999));
    assertEquals(2, d.level(10));   // on an edge: upper bin
    assertEquals(3, d.level(20));
    assertEquals(4, d.level(37));
  }

  @Test
  void maximumOnAnEdgeGetsTheUpperBinLikeEveryOtherValue() {
    Discretizer d = Discretizer.fixedBinWidth(0, 20, 10);
    assertEquals(1, d.level(0));
    assertEquals(2, d.level(10));
    assertEquals(3, d.level(20));
  }

  @Test
  void negativeValuesUseFlooredModulo() {
    assertEquals(5.0, Discretizer.pyMod(-15, 10));
    assertEquals(0.0, Discretizer.pyMod(-20, 10));
    Discretizer d = Discretizer.fixedBinWidth(-15, 12, 10);
    // low = -20: edges -20, -10, 0, 10, 20, 30
    assertEquals(-20, d.edges()[0]);
    assertEquals(1, d.level(-15));
    assertEquals(2, d.level(-10));
    assertEquals(2, d.level(-0.5));
    assertEquals(3, d.level(0));
    assertEquals(4, d.level(12));
  }

  @Test
  void equalsFloorFormulaForRandomValues() {
    Random r = new Random(7);
    for (int t = 0; t < 200; t++) {
      double w = 0.5 + r.nextInt(40);
      double min = -500 + 1000 * r.nextDouble();
      double max = min + 300 * r.nextDouble();
      Discretizer d = Discretizer.fixedBinWidth(min, max, w);
      for (int k = 0; k < 50; k++) {
        double x = min + (max - min) * r.nextDouble();
        int expected = (int) (Math.floor(x / w) - Math.floor(min / w) + 1);
        assertEquals(expected, d.level(x), "x=" + x + " w=" + w + " min=" + min);
      }
    }
  }

  @Test
  void flatRegionIsOneBin() {
    assertEquals(1, Discretizer.fixedBinWidth(30, 30, 10).level(30));
    assertEquals(1, Discretizer.fixedBinWidth(7, 7, 25).level(7));
    // numpy.histogram of a flat ROI: edges linspace(v - .5, v + .5, n + 1); with an even bin
    // count the value sits on the middle edge and gets level n/2 + 1, as in PyRadiomics
    assertEquals(9, Discretizer.fixedBinCount(5, 5, 16).level(5));
    assertEquals(2, Discretizer.fixedBinCount(5, 5, 3).level(5));
  }

  @Test
  void fixedBinCountSpansMinToMaxWithMaximumInTheLastBin() {
    Discretizer d = Discretizer.fixedBinCount(0, 100, 4);
    // linspace(0, 100, 5) = 0, 25, 50, 75, 100 -> last edge 101
    assertEquals(4, d.binCount());
    assertEquals(1, d.level(0));
    assertEquals(1, d.level(24.9));
    assertEquals(2, d.level(25));
    assertEquals(4, d.level(75));
    assertEquals(4, d.level(100));
    assertEquals(101, d.edges()[4]);
  }

  @Test
  void badParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Discretizer.fixedBinWidth(0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> Discretizer.fixedBinCount(0, 1, 0));
    // a bin width far too small for the range would need a dense array of edges
    assertThrows(FeatureExtractionException.class,
        () -> Discretizer.fixedBinWidth(0, 1e9, 1e-3));
  }
}
