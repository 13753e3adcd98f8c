package org.deltarad.features;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Benchmark (not a test) of the five texture families on a synthetic tumour: an ellipsoid of about
 * 52,700 voxels (71 x 71 x 20 box) with a smoothed random texture, normalised to mean 100 and
 * binned with width 10 as in the paper's configuration. Single-threaded; prints the median
 * milliseconds per family after warm-up, wall clock and this thread's CPU time (the CPU time is
 * the steadier figure on a shared machine).
 *
 * <p>Run: {@code mvn -o -q -pl core test-compile} then
 * {@code java -cp core/target/classes:core/target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar org.deltarad.features.TextureBenchmark [rounds]}
 */
public final class TextureBenchmark {
  private TextureBenchmark() {
  }

  /** The synthetic tumour, deterministic for a seed. */
  static DiscretizedRoi syntheticTumour(long seed) {
    int nx = 71;
    int ny = 71;
    int nz = 20;
    int size = nx * ny * nz;
    SplittableRandom random = new SplittableRandom(seed);
    double[] field = new double[size];
    for (int i = 0; i < size; i++) {
      field[i] = random.nextGaussian();
    }
    // Three box blurs give spatially correlated texture (runs and zones longer than one voxel).
    for (int pass = 0; pass < 3; pass++) {
      field = blur(field, nx, ny, nz);
    }
    double mean = Arrays.stream(field).average().orElse(0);
    double var = Arrays.stream(field).map(v -> (v - mean) * (v - mean)).average().orElse(1);
    double[] intensity = new double[size];
    int[] levels = new int[size];
    boolean[] inside = new boolean[size];
    double sum = 0;
    int count = 0;
    for (int z = 0, i = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          double ex = (x - 35) / 35.5;
          double ey = (y - 35) / 35.5;
          double ez = (z - 9.5) / 10.0;
          // Texture plus a radial trend, as tumours brighten or darken towards the core.
          intensity[i] = 100 + 40 * (field[i] - mean) / Math.sqrt(var) + 20 * (ex * ex + ey * ey);
          inside[i] = ex * ex + ey * ey + ez * ez <= 1;
          if (inside[i]) {
            sum += intensity[i];
            count++;
          }
        }
      }
    }
    double scale = 100 / (sum / count);
    double min = Double.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      intensity[i] *= scale;
      if (inside[i]) {
        min = Math.min(min, intensity[i]);
      }
    }
    double w = 10;
    for (int i = 0; i < size; i++) {
      levels[i] = inside[i] ? (int) (Math.floor(intensity[i] / w) - Math.floor(min / w)) + 1 : 0;
    }
    return new DiscretizedRoi(nx, ny, nz, levels, intensity, new double[] {0.5, 0.5, 3.0});
  }

  private static double[] blur(double[] f, int nx, int ny, int nz) {
    double[] out = new double[f.length];
    for (int z = 0, i = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          double s = 0;
          int c = 0;
          for (int dz = -1; dz <= 1; dz++) {
            for (int dy = -1; dy <= 1; dy++) {
              for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                int yy = y + dy;
                int zz = z + dz;
                if (xx >= 0 && xx < nx && yy >= 0 && yy < ny && zz >= 0 && zz < nz) {
                  s += f[xx + nx * (yy + ny * zz)];
                  c++;
                }
              }
            }
          }
          out[i] = s / c;
        }
      }
    }
    return out;
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    DiscretizedRoi roi = syntheticTumour(42);
    int distinct = (int) Arrays.stream(roi.levels()).filter(l -> l > 0).distinct().count();
    System.out.printf("ROI: %d voxels in %dx%dx%d box, %d grey levels (max %d)%n",
        roi.voxelCount(), roi.nx(), roi.ny(), roi.nz(), distinct, roi.maxLevel());
    String[] names = {"GLCM", "GLRLM", "GLSZM", "GLDM", "NGTDM"};
    @SuppressWarnings("unchecked")
    Function<DiscretizedRoi, Object>[] families = new Function[] {
        r -> new GlcmFeatures().compute((DiscretizedRoi) r),
        r -> new GlrlmFeatures().compute((DiscretizedRoi) r),
        r -> new GlszmFeatures().compute((DiscretizedRoi) r),
        r -> new GldmFeatures().compute((DiscretizedRoi) r),
        r -> new NgtdmFeatures().compute((DiscretizedRoi) r)};
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] ms = new double[families.length][rounds];
    double[][] cpu = new double[families.length][rounds];
    double[] total = new double[rounds];
    double[] totalCpu = new double[rounds];
    int warmup = Math.max(10, rounds / 2);
    int sink = 0;
    for (int round = -warmup; round < rounds; round++) {
      double all = 0;
      double allCpu = 0;
      // A new ROI object each round: the families share per-ROI work (level table, padded grid,
      // the neighbour scan of GLCM, GLDM and GLSZM, paid by GLCM here), cached with the ROI.
      DiscretizedRoi fresh = new DiscretizedRoi(roi.nx(), roi.ny(), roi.nz(), roi.levels(),
          roi.intensities(), roi.spacing());
      for (int f = 0; f < families.length; f++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        sink += families[f].apply(fresh).hashCode();
        double elapsed = (System.nanoTime() - t0) / 1e6;
        double elapsedCpu = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        all += elapsed;
        allCpu += elapsedCpu;
        if (round >= 0) {
          ms[f][round] = elapsed;
          cpu[f][round] = elapsedCpu;
        }
      }
      if (round >= 0) {
        total[round] = all;
        totalCpu[round] = allCpu;
      }
    }
    for (int f = 0; f < families.length; f++) {
      System.out.printf("%-6s median %7.3f ms wall, %7.3f ms cpu%n", names[f], median(ms[f]),
          median(cpu[f]));
    }
    double t = median(total);
    double tc = median(totalCpu);
    System.out.printf("total  median %7.3f ms wall, %7.3f ms cpu (75 features), %.3g voxels/s"
        + " (cpu)%n", t, tc, roi.voxelCount() / (tc / 1e3));
    if (sink == 42) {
      System.out.println();
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }
}
