package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.deltarad.image.NiftiDatatype;
import org.deltarad.image.VolumeShape;
import org.junit.jupiter.api.Test;

class VolumeBudgetTest {
  static final long GB = 1L << 30;

  static SparkConf conf(String... kv) {
    SparkConf c = new SparkConf(false);
    for (int i = 0; i < kv.length; i += 2) {
      c.set(kv[i], kv[i + 1]);
    }
    return c;
  }

  @Test
  void budgetIsAShareOfTheHeapPerTaskSlotUnlessSet() {
    assertEquals(GB, VolumeBudget.of(conf("spark.master", "local[2]"), 4 * GB, 8).bytes());
    assertEquals(GB / 4, VolumeBudget.of(conf("spark.master", "local[*]"), 4 * GB, 8).bytes());
    assertEquals(2 * GB, VolumeBudget.of(conf("spark.master", "local"), 4 * GB, 8).bytes());
    assertEquals(GB / 2, VolumeBudget.of(conf("spark.master", "yarn", "spark.executor.cores",
        "4"), 4 * GB, 64).bytes());
    assertEquals(GB, VolumeBudget.of(conf("spark.master", "yarn", "spark.executor.cores", "4",
        "spark.task.cpus", "2"), 4 * GB, 64).bytes());
    assertEquals((long) (0.25 * 4 * GB / 2), VolumeBudget.of(conf("spark.master", "local[2]",
        VolumeBudget.FRACTION_KEY, "0.25"), 4 * GB, 8).bytes());
    VolumeBudget fixed = VolumeBudget.of(conf(VolumeBudget.BYTES_KEY, "3g"), 4 * GB, 8);
    assertEquals(3 * GB, fixed.bytes());
    assertEquals("spark.deltarad.volumeMemory=3g", fixed.origin());
  }

  @Test
  void badSettingsAreOneLine() {
    assertEquals("spark.deltarad.volumeMemory must be a size such as 2g, got 'lots'",
        assertThrows(IllegalArgumentException.class,
            () -> VolumeBudget.of(conf(VolumeBudget.BYTES_KEY, "lots"), GB, 1)).getMessage());
    assertEquals("spark.deltarad.volumeMemoryFraction must be in (0, 1], got 1.5",
        assertThrows(IllegalArgumentException.class,
            () -> VolumeBudget.of(conf(VolumeBudget.FRACTION_KEY, "1.5"), GB, 1)).getMessage());
  }

  @Test
  void theIssuesBombPricesAt13GigabytesAndAUsualScanAtMegabytes() {
    VolumeShape bomb = new VolumeShape(800, 800, 765, NiftiDatatype.FLOAT32, false, false,
        List.of());
    VolumeShape mask = new VolumeShape(192, 192, 24, NiftiDatatype.UINT8, false, false,
        List.of());
    // stored 2 MB + 1.96 GB inflated + 3.92 GB doubles + 7.83 GB engine (+ a 1.8 MB mask)
    double c = VolumeBudget.cost(bomb, mask, 2_000_000);
    assertEquals(13.7e9, c, 0.05e9);
    VolumeBudget b = VolumeBudget.of(conf("spark.master", "local[2]"), 4 * GB, 2);
    String why = b.refusal(bomb, mask, 2_000_000);
    assertTrue(why.startsWith("image 800x800x765 float32 with mask 192x192x24 uint8 needs about"
        + " 13.7 GB"), why);
    // a mask of the bomb's size adds its 0.98 GB of shorts and its 0.49 GB inflate buffer
    assertEquals(15.2e9, VolumeBudget.cost(bomb, new VolumeShape(800, 800, 765,
        NiftiDatatype.UINT8, false, false, List.of()), 2_000_000), 0.05e9);
    VolumeShape t2 = new VolumeShape(192, 192, 24, NiftiDatatype.INT16, false, false, List.of());
    VolumeShape t2mask = new VolumeShape(192, 192, 24, NiftiDatatype.UINT8, false, false,
        List.of());
    assertTrue(VolumeBudget.cost(t2, t2mask, 2_000_000) < 25e6);
    assertNull(b.refusal(t2, t2mask, 2_000_000));
  }
}
