package org.deltarad.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shape features on masks whose mesh and moments can be worked out by hand. */
class ShapeFeaturesTest {
  static List<String> all() {
    List<String> names = new ArrayList<>(FeatureClasses.SHAPE);
    names.addAll(FeatureClasses.SHAPE_DEPRECATED);
    return names;
  }

  @Test
  void singleVoxelIsAnOctahedron() {
    DiscretizedRoi roi = new DiscretizedRoi(1, 1, 1, new int[] {1}, new double[1],
        new double[] {1, 1, 1});
    Map<String, Double> f = new ShapeFeatures().compute(roi, all());
    // vertices at the 6 face centres +-0.5: volume 4/3 * 0.5^3, area 8 * sqrt(3)/4 * (0.5 sqrt 2)^2
    assertEquals(1.0 / 6, f.get("MeshVolume"), 1e-15);
    assertEquals(Math.sqrt(3), f.get("SurfaceArea"), 1e-14);
    assertEquals(1.0, f.get("Maximum3DDiameter"), 1e-15);
    assertEquals(1.0, f.get("VoxelVolume"));
    assertEquals(Math.pow(36 * Math.PI / 36, 1.0 / 3) / Math.sqrt(3), f.get("Sphericity"), 1e-14);
  }

  @Test
  void barAlongX() {
    int n = 7;
    int[] levels = new int[n];
    java.util.Arrays.fill(levels, 1);
    double sx = 0.8;
    double sy = 1.5;
    double sz = 3.0;
    DiscretizedRoi roi = new DiscretizedRoi(n, 1, 1, levels, new double[n],
        new double[] {sx, sy, sz});
    Map<String, Double> f = new ShapeFeatures().compute(roi, all());
    assertEquals(n * sx * sy * sz, f.get("VoxelVolume"), 1e-12);
    // mesh vertices: bar ends (-0.5, 0, 0), (n - 0.5, 0, 0) and, per voxel x, the section's
    // diamond (x, +-0.5, 0), (x, 0, +-0.5) (in voxel units x, y, z); the longest chord is the
    // end-to-end axis or the diagonal from (0, 0, -0.5) to (n - 1, 0, 0.5)
    double diagonal = Math.hypot((n - 1) * sx, sz);
    assertEquals(Math.max(n * sx, diagonal), f.get("Maximum3DDiameter"), 1e-12);
    assertEquals(n * sx, f.get("Maximum2DDiameterSlice"), 1e-12);  // same z: the axis
    assertEquals(Math.max(n * sx, diagonal), f.get("Maximum2DDiameterColumn"), 1e-12);
    // same x: across the bar's section, the diamond's diagonal
    assertEquals(Math.max(sy, sz), f.get("Maximum2DDiameterRow"), 1e-12);
    // variance of x positions: sx^2 (n^2 - 1) / 12; the other axes have none
    assertEquals(4 * sx * Math.sqrt((n * n - 1) / 12.0), f.get("MajorAxisLength"), 1e-12);
    assertEquals(0.0, f.get("MinorAxisLength"), 1e-12);
    assertEquals(0.0, f.get("Flatness"), 1e-12);
    assertEquals(0.0, f.get("Elongation"), 1e-12);
  }

  @Test
  void scalesWithSpacing() {
    int[] levels = {1, 1, 0, 1, 1, 1, 0, 1};
    DiscretizedRoi a = new DiscretizedRoi(2, 2, 2, levels, new double[8], new double[] {1, 1, 1});
    DiscretizedRoi b = new DiscretizedRoi(2, 2, 2, levels, new double[8], new double[] {2, 2, 2});
    Map<String, Double> fa = new ShapeFeatures().compute(a, all());
    Map<String, Double> fb = new ShapeFeatures().compute(b, all());
    assertEquals(8 * fa.get("MeshVolume"), fb.get("MeshVolume"), 1e-12);
    assertEquals(4 * fa.get("SurfaceArea"), fb.get("SurfaceArea"), 1e-12);
    assertEquals(2 * fa.get("Maximum3DDiameter"), fb.get("Maximum3DDiameter"), 1e-12);
    assertEquals(fa.get("Sphericity"), fb.get("Sphericity"), 1e-12);
    assertEquals(fa.get("Compactness2"), Math.pow(fa.get("Sphericity"), 3), 1e-12);
    assertEquals(1 / fa.get("Sphericity"), fa.get("SphericalDisproportion"), 1e-12);
  }
}
