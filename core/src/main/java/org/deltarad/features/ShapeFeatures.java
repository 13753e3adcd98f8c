package org.deltarad.features;

import java.util.LinkedHashMap;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * PyRadiomics 3.1 3-D shape features (radiomics/shape.py with its C extension cshape.c) of the ROI
 * mask, padded by one voxel, axes ordered (z, y, x) with spacing (sz, sy, sx):
 *
 * <ul>
 *   <li>a marching-cubes mesh with vertices at edge midpoints (iso-level 0.5); MeshVolume V is the
 *       sum of signed tetrahedron volumes {@code Oa . (Ob x Oc) / 6} (sign flipped for cubes whose
 *       corner 7 is inside), SurfaceArea A the sum of triangle areas {@code |ab x ac| / 2};</li>
 *   <li>Maximum3DDiameter and Maximum2DDiameterSlice/Column/Row: the largest distance between
 *       mesh vertices (for the 2-D ones, between vertices with equal z, y or x respectively);</li>
 *   <li>VoxelVolume {@code Np sz sx sy}; SurfaceVolumeRatio A/V; Sphericity
 *       {@code (36 pi V^2)^(1/3) / A}; deprecated (only on request) Compactness1
 *       {@code V / (A^1.5 sqrt(pi))}, Compactness2 {@code 36 pi V^2 / A^3},
 *       SphericalDisproportion {@code A / (36 pi V^2)^(1/3)};</li>
 *   <li>with {@code l0 <= l1 <= l2} the eigenvalues of the covariance of the voxel-centre
 *       coordinates (mm, divided by Np): Major/Minor/LeastAxisLength {@code 4 sqrt(l2, l1, l0)},
 *       Elongation {@code sqrt(l1/l2)}, Flatness {@code sqrt(l0/l2)} (NaN for negative
 *       eigenvalues; values in (-1e-10, 0) are rounded to 0).</li>
 * </ul>
 */
public final class ShapeFeatures {
  /** The features, PyRadiomics' default 14 then the 3 deprecated ones. */
  enum Feature implements FeatureName {
    MESH_VOLUME("MeshVolume"),
    VOXEL_VOLUME("VoxelVolume"),
    SURFACE_AREA("SurfaceArea"),
    SURFACE_VOLUME_RATIO("SurfaceVolumeRatio"),
    SPHERICITY("Sphericity"),
    MAXIMUM_3D_DIAMETER("Maximum3DDiameter"),
    MAXIMUM_2D_DIAMETER_SLICE("Maximum2DDiameterSlice"),
    MAXIMUM_2D_DIAMETER_COLUMN("Maximum2DDiameterColumn"),
    MAXIMUM_2D_DIAMETER_ROW("Maximum2DDiameterRow"),
    MAJOR_AXIS_LENGTH("MajorAxisLength"),
    MINOR_AXIS_LENGTH("MinorAxisLength"),
    LEAST_AXIS_LENGTH("LeastAxisLength"),
    ELONGATION("Elongation"),
    FLATNESS("Flatness"),
    COMPACTNESS1("Compactness1"),
    COMPACTNESS2("Compactness2"),
    SPHERICAL_DISPROPORTION("SphericalDisproportion");

    private final String name;

    Feature(String name) {
      this.name = name;
    }

    @Override
    public String pyradiomicsName() {
      return name;
    }

    /** The feature of this PyRadiomics name. */
    static Feature of(String name) {
      for (Feature f : values()) {
        if (f.name.equals(name)) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown shape feature " + name);
    }
  }

  // Cube corners as (z, y, x) offsets, bit a of the cube index is corner a: 0 (0,0,0),
  // 1 (0,0,1), 2 (0,1,1), 3 (0,1,0), 4 (1,0,0), 5 (1,0,1), 6 (1,1,1), 7 (1,1,0).
  // Edge midpoints (z, y, x) of the 12 cube edges.
  private static final double[][] EDGES = {{0, 0, 0.5}, {0, 0.5, 1}, {0, 1, 0.5}, {0, 0.5, 0},
      {1, 0, 0.5}, {1, 0.5, 1}, {1, 1, 0.5}, {1, 0.5, 0}, {0.5, 0, 0}, {0.5, 0, 1}, {0.5, 1, 1},
      {0.5, 1, 0}};
  // Marching-cubes triangles (edge triples) for cube indices 0..127 (the upper half mirrors
  // them), in the orientation PyRadiomics' cshape.c uses so that signed volumes add up.
  private static final String[] TRIANGLE_TABLE = {
      "", "0 8 3", "1 9 0", "1 8 3 1 9 8", "1 2 10", "0 8 3 1 2 10", "9 2 10 0 2 9", "2 8 3 2 10 8 10 9 8",
      "11 2 3", "11 2 0 0 8 11", "1 9 0 11 2 3", "11 2 1 1 9 11 9 8 11", "3 10 1 11 10 3", "10 1 0 0 8 10 8 11 10", "9 0 3 3 11 9 11 10 9", "9 8 10 11 10 8",
      "4 7 8", "0 4 3 4 7 3", "1 9 0 4 7 8", "1 9 4 1 4 7 1 7 3", "1 2 10 4 7 8", "3 4 7 3 0 4 1 2 10", "9 2 10 9 0 2 4 7 8", "2 10 9 2 9 7 2 7 3 4 7 9",
      "4 7 8 11 2 3", "11 4 7 11 2 4 2 0 4", "1 9 0 4 7 8 11 2 3", "4 7 11 9 4 11 11 2 9 1 9 2", "3 10 1 11 10 3 4 7 8", "11 10 1 1 4 11 1 0 4 4 7 11", "4 7 8 9 0 3 3 11 9 11 10 9", "4 7 11 4 11 9 9 11 10",
      "9 5 4", "9 5 4 0 8 3", "0 5 4 0 1 5", "8 5 4 8 3 5 3 1 5", "1 2 10 9 5 4", "0 8 3 1 2 10 9 5 4", "2 10 5 5 4 2 2 4 0", "2 10 5 3 2 5 3 5 4 8 3 4",
      "9 5 4 11 2 3", "11 2 0 0 8 11 9 5 4", "0 5 4 0 1 5 11 2 3", "2 1 5 2 5 8 11 2 8 5 4 8", "3 10 1 11 10 3 9 5 4", "5 4 9 10 1 0 0 8 10 8 11 10", "5 4 0 5 0 11 10 5 11 11 0 3", "5 4 8 10 5 8 11 10 8",
      "7 8 9 5 7 9", "3 0 9 5 3 9 3 5 7", "7 8 0 0 1 7 7 1 5", "1 5 7 1 7 3", "7 8 9 5 7 9 1 2 10", "1 2 10 3 0 9 3 9 5 3 5 7", "0 2 8 8 2 5 8 5 7 2 10 5", "2 10 5 2 5 3 3 5 7",
      "5 7 9 7 8 9 11 2 3", "5 7 9 9 7 2 2 0 9 11 2 7", "11 2 3 0 1 8 1 7 8 1 5 7", "2 1 11 1 7 11 1 5 7", "7 8 9 5 7 9 3 10 1 11 10 3", "5 7 0 5 0 9 7 11 0 10 1 0 11 10 0", "11 10 0 0 3 11 10 5 0 0 7 8 5 7 0", "11 10 5 5 7 11",
      "6 5 10", "0 8 3 6 5 10", "1 9 0 6 5 10", "1 8 3 1 9 8 6 5 10", "1 6 5 1 2 6", "1 6 5 1 2 6 0 8 3", "9 6 5 9 0 6 0 2 6", "5 9 8 5 8 2 5 2 6 8 3 2",
      "11 2 3 6 5 10", "11 2 0 0 8 11 6 5 10", "1 9 0 11 2 3 6 5 10", "11 2 1 1 9 11 9 8 11 6 5 10", "6 3 11 6 5 3 5 1 3", "0 8 11 0 11 5 0 5 1 5 11 6", "6 3 11 0 3 6 0 6 5 0 5 9", "6 5 9 6 9 11 11 9 8",
      "4 7 8 6 5 10", "0 4 3 4 7 3 6 5 10", "1 9 0 4 7 8 6 5 10", "1 9 4 1 4 7 1 7 3 6 5 10", "4 7 8 1 6 5 1 2 6", "0 4 3 4 7 3 1 6 5 1 2 6", "4 7 8 9 6 5 9 0 6 0 2 6", "7 3 9 4 7 9 3 2 9 5 9 6 2 6 9",
      "11 2 3 4 7 8 6 5 10", "11 4 7 11 2 4 2 0 4 6 5 10", "1 9 0 11 2 3 4 7 8 6 5 10", "4 7 11 9 4 11 11 2 9 1 9 2 6 5 10", "4 7 8 6 3 11 6 5 3 5 1 3", "5 1 11 5 11 6 1 0 11 4 7 11 0 4 11", "4 7 8 6 3 11 0 3 6 0 6 5 0 5 9", "6 5 9 6 9 11 4 7 9 7 11 9",
      "10 4 9 6 4 10", "10 4 9 6 4 10 0 8 3", "0 1 10 10 6 0 6 4 0", "1 8 3 1 6 8 8 6 4 6 1 10", "1 4 9 1 2 4 2 6 4", "1 4 9 1 2 4 2 6 4 0 8 3", "0 2 4 4 2 6", "8 3 2 8 2 4 4 2 6",
      "11 2 3 10 4 9 6 4 10", "11 2 0 0 8 11 10 4 9 6 4 10", "11 2 3 0 1 10 10 6 0 6 4 0", "6 4 1 6 1 10 1 4 8 11 2 1 1 8 11", "9 6 4 3 6 9 1 3 9 11 6 3", "1 8 11 0 8 1 11 6 1 1 4 9 6 4 1", "6 3 11 0 3 6 6 4 0", "8 6 4 6 8 11",
      "6 7 10 7 8 10 8 9 10", "6 7 10 0 10 7 0 9 10 0 7 3", "6 7 10 1 10 7 1 7 8 0 1 8", "6 7 10 1 10 7 1 7 3", "1 2 6 1 6 8 1 8 9 6 7 8", "2 6 9 1 2 9 6 7 9 3 0 9 7 3 9", "0 7 8 7 0 6 6 0 2", "2 7 3 2 6 7",
      "11 2 3 6 7 10 7 8 10 8 9 10", "2 0 7 11 2 7 0 9 7 6 7 10 9 10 7", "6 7 10 1 10 7 1 7 8 0 1 8 11 2 3", "11 2 1 1 7 11 10 6 1 1 6 7", "8 9 6 6 7 8 1 6 9 11 6 3 1 3 6", "0 9 1 6 7 11", "0 7 8 7 0 6 0 3 11 11 6 0", "6 7 11",
  };
  private static final int[][] TRIANGLES = new int[128][];

  static {
    for (int i = 0; i < 128; i++) {
      String row = TRIANGLE_TABLE[i].trim();
      if (row.isEmpty()) {
        TRIANGLES[i] = new int[0];
        continue;
      }
      String[] parts = row.split(" ");
      TRIANGLES[i] = new int[parts.length];
      for (int k = 0; k < parts.length; k++) {
        TRIANGLES[i][k] = Integer.parseInt(parts[k]);
      }
    }
  }

  /**
   * Cube corner bits of a face of four voxels at one x, (y, z), (y + 1, z), (y, z + 1),
   * (y + 1, z + 1) as face bits 0..3: at the cube's low x they are corners 0, 3, 4, 7, at its
   * high x corners 1, 2, 5, 6.
   */
  private static final int[] FACE_LOW = new int[16];
  private static final int[] FACE_HIGH = new int[16];

  static {
    for (int f = 0; f < 16; f++) {
      FACE_LOW[f] = (f & 1) | (f >> 1 & 1) << 3 | (f >> 2 & 1) << 4 | (f >> 3 & 1) << 7;
      FACE_HIGH[f] = (f & 1) << 1 | (f >> 1 & 1) << 2 | (f >> 2 & 1) << 5 | (f >> 3 & 1) << 6;
    }
  }

  /** The face bits of the four mask voxels at index i, i + sy, i + sz, i + sy + sz. */
  private static int face(byte[] m, int i, int sy, int sz) {
    return m[i] | m[i + sy] << 1 | m[i + sz] << 2 | m[i + sy + sz] << 3;
  }

  // Vertices recorded once per cube (PyRadiomics' choice): corner bit -> edge.
  private static final int[] VERTEX_CORNERS = {6, 4, 3};
  private static final int[] VERTEX_EDGES = {6, 7, 11};

  /** The requested shape features (PyRadiomics names) of the ROI. */
  public LinkedHashMap<String, Double> compute(DiscretizedRoi roi, List<String> names) {
    return compute(CaseContext.of(roi), names);
  }

  /** As {@link #compute(DiscretizedRoi, List)}, for the case of a context. */
  public LinkedHashMap<String, Double> compute(CaseContext context, List<String> names) {
    Feature[] features = new Feature[names.size()];
    for (int k = 0; k < features.length; k++) {
      features[k] = Feature.of(names.get(k)); // unknown names fail before the work
    }
    DiscretizedRoi roi = context.roi();
    int nx = roi.nx() + 2;
    int ny = roi.ny() + 2;
    int nz = roi.nz() + 2;
    double[] sp = {roi.spacing()[2], roi.spacing()[1], roi.spacing()[0]};
    // The mask padded by one voxel (1 inside the ROI), and the sums of the voxel-centre
    // coordinates (padded indices times spacing) in the same pass and order as PyRadiomics' mean.
    byte[] m = new byte[nx * ny * nz];
    int[] levels = roi.levels();
    int np = 0;
    double[] mean = new double[3];
    for (int z = 0, i = 0; z < roi.nz(); z++) {
      for (int y = 0; y < roi.ny(); y++) {
        for (int x = 0; x < roi.nx(); x++, i++) {
          if (levels[i] > 0) {
            m[(x + 1) + nx * ((y + 1) + ny * (z + 1))] = 1;
            np++;
            mean[0] += (z + 1) * sp[0];
            mean[1] += (y + 1) * sp[1];
            mean[2] += (x + 1) * sp[2];
          }
        }
      }
    }
    double volume = 0;
    double area = 0;
    double[] vertices = new double[9 * 64];
    int nv = 0;
    double[] a = new double[3];
    double[] b = new double[3];
    double[] c = new double[3];
    int sy = nx;
    int sz = nx * ny;
    for (int iz = 0; iz < nz - 1; iz++) {
      for (int iy = 0; iy < ny - 1; iy++) {
        // The cube index from two faces of four voxels at x and x + 1 (see FACE_LOW): each
        // face is read once, and cubes with all corners alike (most of the box) are skipped
        // at once; the eight lookups per cube were half of the shape time before.
        int row = nx * (iy + ny * iz);
        int low = face(m, row, sy, sz);
        for (int ix = 0; ix < nx - 1; ix++) {
          int high = face(m, row + ix + 1, sy, sz);
          int cube = FACE_LOW[low] | FACE_HIGH[high];
          low = high;
          if (cube == 0 || cube == 0xff) {
            continue; // no vertex, no triangle
          }
          int sign = 1;
          if ((cube & 0x80) != 0) {
            cube ^= 0xff;
            sign = -1;
          }
          for (int t = 0; t < 3; t++) {
            if ((cube & (1 << VERTEX_CORNERS[t])) != 0) {
              if (nv + 3 > vertices.length) {
                vertices = java.util.Arrays.copyOf(vertices, vertices.length * 2);
              }
              double[] e = EDGES[VERTEX_EDGES[t]];
              vertices[nv++] = (iz + e[0]) * sp[0];
              vertices[nv++] = (iy + e[1]) * sp[1];
              vertices[nv++] = (ix + e[2]) * sp[2];
            }
          }
          if (cube == 0) {
            continue;
          }
          int[] tri = TRIANGLES[cube];
          for (int t = 0; t < tri.length; t += 3) {
            double[] ea = EDGES[tri[t]];
            double[] eb = EDGES[tri[t + 1]];
            double[] ec = EDGES[tri[t + 2]];
            a[0] = (iz + ea[0]) * sp[0];
            a[1] = (iy + ea[1]) * sp[1];
            a[2] = (ix + ea[2]) * sp[2];
            b[0] = (iz + eb[0]) * sp[0];
            b[1] = (iy + eb[1]) * sp[1];
            b[2] = (ix + eb[2]) * sp[2];
            c[0] = (iz + ec[0]) * sp[0];
            c[1] = (iy + ec[1]) * sp[1];
            c[2] = (ix + ec[2]) * sp[2];
            double x0 = a[1] * b[2] - b[1] * a[2];
            double x1 = a[2] * b[0] - b[2] * a[0];
            double x2 = a[0] * b[1] - b[0] * a[1];
            volume += sign * (x0 * c[0] + x1 * c[1] + x2 * c[2]);
            for (int d = 0; d < 3; d++) {
              a[d] -= c[d];
              b[d] -= c[d];
            }
            x0 = a[1] * b[2] - b[1] * a[2];
            x1 = a[2] * b[0] - b[2] * a[0];
            x2 = a[0] * b[1] - b[0] * a[1];
            area += 0.5 * Math.sqrt(x0 * x0 + x1 * x1 + x2 * x2);
          }
        }
      }
    }
    volume = volume / 6;
    double[] diam = MeshDiameters.of(vertices, nv);
    double[] ev = eigenvalues(roi, np, sp, mean);

    LinkedHashMap<String, Double> f = new LinkedHashMap<>();
    for (Feature feature : features) {
      f.put(feature.pyradiomicsName(), feature(feature, volume, area, np, sp, diam, ev));
    }
    return f;
  }

  private static double feature(Feature feature, double v, double a, int np, double[] sp,
      double[] diam, double[] ev) {
    return switch (feature) {
      case MESH_VOLUME -> v;
      case VOXEL_VOLUME -> np * (sp[0] * sp[2] * sp[1]);
      case SURFACE_AREA -> a;
      case SURFACE_VOLUME_RATIO -> a / v;
      case SPHERICITY -> Math.pow(36 * Math.PI * (v * v), 1.0 / 3.0) / a;
      case COMPACTNESS1 -> v / (Math.pow(a, 3.0 / 2.0) * Math.sqrt(Math.PI));
      case COMPACTNESS2 -> (36.0 * Math.PI) * (v * v) / (a * a * a);
      case SPHERICAL_DISPROPORTION -> a / Math.pow(36 * Math.PI * (v * v), 1.0 / 3.0);
      case MAXIMUM_3D_DIAMETER -> diam[3];
      case MAXIMUM_2D_DIAMETER_SLICE -> diam[0];
      case MAXIMUM_2D_DIAMETER_COLUMN -> diam[1];
      case MAXIMUM_2D_DIAMETER_ROW -> diam[2];
      case MAJOR_AXIS_LENGTH -> ev[2] < 0 ? Double.NaN : Math.sqrt(ev[2]) * 4;
      case MINOR_AXIS_LENGTH -> ev[1] < 0 ? Double.NaN : Math.sqrt(ev[1]) * 4;
      case LEAST_AXIS_LENGTH -> ev[0] < 0 ? Double.NaN : Math.sqrt(ev[0]) * 4;
      case ELONGATION -> ev[1] < 0 || ev[2] < 0 ? Double.NaN : Math.sqrt(ev[1] / ev[2]);
      case FLATNESS -> ev[0] < 0 || ev[2] < 0 ? Double.NaN : Math.sqrt(ev[0] / ev[2]);
    };
  }

  /**
   * The eigenvalues of the covariance of the voxel-centre coordinates, given their sums
   * {@code mean}, as PyRadiomics: centred coordinates divided by sqrt(Np), products summed in
   * box order (the symmetric entries are the same products, so computed once).
   */
  private static double[] eigenvalues(DiscretizedRoi roi, int np, double[] sp, double[] mean) {
    for (int d = 0; d < 3; d++) {
      mean[d] /= np;
    }
    double s = Math.sqrt(np);
    double c00 = 0;
    double c01 = 0;
    double c02 = 0;
    double c11 = 0;
    double c12 = 0;
    double c22 = 0;
    int[] levels = roi.levels();
    for (int z = 0, i = 0; z < roi.nz(); z++) {
      double q0 = ((z + 1) * sp[0] - mean[0]) / s;
      for (int y = 0; y < roi.ny(); y++) {
        double q1 = ((y + 1) * sp[1] - mean[1]) / s;
        for (int x = 0; x < roi.nx(); x++, i++) {
          if (levels[i] > 0) {
            double q2 = ((x + 1) * sp[2] - mean[2]) / s;
            c00 += q0 * q0;
            c01 += q0 * q1;
            c02 += q0 * q2;
            c11 += q1 * q1;
            c12 += q1 * q2;
            c22 += q2 * q2;
          }
        }
      }
    }
    double[][] cov = {{c00, c01, c02}, {c01, c11, c12}, {c02, c12, c22}};
    double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(cov, false))
        .getRealEigenvalues().clone();
    for (int i = 0; i < 3; i++) {
      if (ev[i] < 0 && ev[i] > -1e-10) {
        ev[i] = 0;
      }
    }
    java.util.Arrays.sort(ev);
    return ev;
  }
}
