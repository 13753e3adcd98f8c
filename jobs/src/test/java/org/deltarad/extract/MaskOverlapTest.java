package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deltarad.image.Image3D;
import org.junit.jupiter.api.Test;

/** The Dice coefficient of two masks, without Spark. */
class MaskOverlapTest {
  @Test
  void overlapIsCountedVoxelByVoxel() throws Exception {
    // A = 3 voxels, B = 2 voxels, 1 shared: Dice = 2 / 5
    Image3D a = Image3D.of(4, 1, 1, new double[] {1, 1, 1, 0});
    Image3D b = Image3D.of(4, 1, 1, new double[] {0, 0, 2, 2});
    MaskOverlap o = MaskOverlap.of("P pre", a, 1, b, 2);
    assertEquals(new MaskOverlap(3, 2, 1), o);
    assertEquals(0.4, o.dice(), 0.0);
    StageException ex = assertThrows(StageException.class,
        () -> MaskOverlap.of("P pre", a, 1, Image3D.of(2, 2, 1, new double[4]), 1));
    assertEquals("GeometryMismatch", ex.errorClass());
    assertTrue(ex.getMessage().startsWith("P pre: the readers' masks"), ex.getMessage());
  }


  @Test
  void aMaskWithoutItsLabelIsAnEmptyRoi() {
    Image3D a = Image3D.of(2, 1, 1, new double[] {0, 2});
    StageException ex = assertThrows(StageException.class,
        () -> MaskOverlap.requireLabel("P mid", a, 1, 0));
    assertEquals("EmptyRoi", ex.errorClass());
    assertTrue(ex.getMessage().startsWith("P mid: mask"), ex.getMessage());
    assertTrue(ex.getMessage().contains("labels present: 0 (1 voxels), 2 (1 voxels)"),
        ex.getMessage());
  }
}
