package org.deltarad.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deltarad.image.Image3D;
import org.junit.jupiter.api.Test;

class MaskValidatorTest {
  @Test
  void remapsTheRowLabelToTheEngineLabel() throws Exception {
    Image3D[] p = TestVolumes.pair(0, 3);
    MaskValidator.Roi roi = MaskValidator.check(p[0], p[1], 3, 1);
    assertEquals(8, roi.voxels());
    double[] expected = p[1].voxels().clone();
    for (int i = 0; i < expected.length; i++) {
      expected[i] = expected[i] == 3 ? 1 : 0;
    }
    assertArrayEquals(expected, roi.mask().voxels());
  }

  @Test
  void keepsTheMaskWhenTheRowLabelIsTheEngineLabel() throws Exception {
    Image3D[] p = TestVolumes.pair(0, 1);
    double[] m = p[1].voxels().clone();
    m[0] = 2; // another structure, which the engine's own label selection ignores
    Image3D mask = p[1].withVoxels(m, "two-labels.nii");
    MaskValidator.Roi roi = MaskValidator.check(p[0], mask, 1, 1);
    assertEquals(8, roi.voxels());
    assertSame(mask, roi.mask());
  }

  @Test
  void rejectsOtherSizeNanImageAndAbsentLabel() {
    Image3D[] p = TestVolumes.pair(0, 1);
    Image3D small = Image3D.of(2, 2, 2, new double[8]);
    StageException e = assertThrows(StageException.class,
        () -> MaskValidator.check(p[0], small, 1, 1));
    assertTrue(e.getMessage().contains("is 2x2x2 but image img is 6x5x4"), e.getMessage());

    double[] v = p[0].voxels().clone();
    v[3] = Double.NaN;
    v[4] = Double.POSITIVE_INFINITY;
    e = assertThrows(StageException.class,
        () -> MaskValidator.check(p[0].withVoxels(v, "nan.nii"), p[1], 1, 1));
    assertEquals("image nan.nii has 2 NaN or infinite voxel(s)", e.getMessage());

    e = assertThrows(StageException.class, () -> MaskValidator.check(p[0], p[1], 2, 1));
    assertEquals("EmptyRoi", e.errorClass());
    assertTrue(e.getMessage().endsWith("has no voxel with label 2 (labels present: 0 (112 voxels),"
        + " 1 (8 voxels))"), e.getMessage());
    Image3D empty = p[1].withVoxels(new double[p[1].size()], "empty.nii");
    e = assertThrows(StageException.class, () -> MaskValidator.check(p[0], empty, 1, 1));
    assertTrue(e.getMessage().contains("the mask is empty"), e.getMessage());
  }

  @Test
  void geometryCovariates() {
    Image3D img = new Image3D(10, 20, 5, new double[1000], new double[] {0.5, 0.8, 4},
        new double[3], Image3D.identity(), "x");
    GeometryCovariates g = GeometryCovariates.of(img);
    assertEquals(1.6, g.voxelVolume(), 1e-12);
    assertEquals(8.0, g.anisotropy(), 1e-12);
    assertEquals(5.0, g.fovX(), 1e-12);
    assertEquals(16.0, g.fovY(), 1e-12);
  }
}
