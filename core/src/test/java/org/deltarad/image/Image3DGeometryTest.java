package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class Image3DGeometryTest {
  static Image3D img(double[] spacing, double[] origin, double[] direction, int nz) {
    return new Image3D(2, 2, nz, new double[4 * nz], spacing, origin, direction, "t");
  }

  @Test
  void sameSpaceWithinItkTolerance() {
    double[] s = {0.5, 0.5, 3};
    Image3D a = img(s, new double[] {1, 2, 3}, Image3D.identity(), 2);
    // Origin within 1e-6 * spacing[0] = 5e-7: same space; 1e-6 away: not.
    assertNull(a.geometryMismatch(img(s, new double[] {1 + 4e-7, 2, 3}, Image3D.identity(), 2),
        Image3D.GEOMETRY_TOLERANCE));
    assertEquals("origin [1.0, 2.0, 3.0] vs [1.0, 2.000001, 3.0]", a.geometryMismatch(
        img(s, new double[] {1, 2.000001, 3}, Image3D.identity(), 2), Image3D.GEOMETRY_TOLERANCE));
    assertEquals("size 2x2x2 vs 2x2x3", a.geometryMismatch(
        img(s, new double[] {1, 2, 3}, Image3D.identity(), 3), Image3D.GEOMETRY_TOLERANCE));
    assertEquals("spacing [0.5, 0.5, 3.0] vs [0.5, 0.5, 3.001]", a.geometryMismatch(
        img(new double[] {0.5, 0.5, 3.001}, new double[] {1, 2, 3}, Image3D.identity(), 2),
        Image3D.GEOMETRY_TOLERANCE));
    double[] d = Image3D.identity();
    d[1] = 2e-6;
    assertEquals(true, a.geometryMismatch(img(s, new double[] {1, 2, 3}, d, 2),
        Image3D.GEOMETRY_TOLERANCE).startsWith("direction "));
    // A looser tolerance (PyRadiomics' geometryTolerance setting) accepts it.
    assertNull(a.geometryMismatch(img(s, new double[] {1, 2, 3}, d, 2), 1e-5));
  }

  @Test
  void referenceMasksMatchTheirImages() throws IOException {
    Image3D phantom = ImageReaders.read(Fixtures.file("reference/ibsi-digital-phantom/phantom.nii.gz"));
    Image3D mask = ImageReaders.read(Fixtures.file("reference/ibsi-digital-phantom/mask.nii.gz"));
    assertNull(phantom.geometryMismatch(mask, Image3D.GEOMETRY_TOLERANCE));
  }
}
