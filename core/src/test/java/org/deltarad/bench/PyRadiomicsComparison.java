package org.deltarad.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.deltarad.features.DiscretizedRoi;
import org.deltarad.features.Preprocessing;
import org.deltarad.features.RadiomicsExtractor;
import org.deltarad.features.RadiomicsSettings;
import org.deltarad.features.Workspace;
import org.deltarad.image.Image3D;

/**
 * DeltaRad's side of bench/bench-vs-pyradiomics.sh, on the benchmark case of {@link BenchCase}
 * (52,300-voxel tumour with a smooth field plus noise, paper settings, bin width 10).
 *
 * <ul>
 *   <li>{@code write DIR}: the case as PyRadiomics' feature classes take it after its
 *       preprocessing (the ROI's bounding box of normalised intensities, the mask, the spacing:
 *       case.txt, image.f64 and mask.u8, z-y-x order little-endian), and DeltaRad's 107
 *       feature values (deltarad.txt) for bench/pyradiomics_time.py to compare with its own;
 *   <li>{@code time WARMUP RUNS}: median thread CPU milliseconds of a whole extraction (image and
 *       mask in, preprocessing included) of all 107 features, the 14 shape features, and the 93
 *       others, the three interleaved run by run. One line: {@code deltarad all A shape S
 *       nonshape T}.
 * </ul>
 */
public final class PyRadiomicsComparison {
  private PyRadiomicsComparison() {}

  public static void main(String[] args) throws IOException {
    Image3D[] c = BenchCase.syntheticCaseAsStored(42);
    if (args[0].equals("write")) {
      write(Path.of(args[1]), c);
    } else {
      time(c, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    }
  }

  private static void write(Path dir, Image3D[] c) throws IOException {
    Files.createDirectories(dir);
    RadiomicsSettings all = BenchCase.paperWithShape();
    DiscretizedRoi roi = Preprocessing.run(c[0], c[1], all).roi();
    int n = roi.nx() * roi.ny() * roi.nz();
    ByteBuffer image = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    byte[] mask = new byte[n];
    for (int i = 0; i < n; i++) {
      boolean in = roi.levels()[i] > 0;
      image.putDouble(in ? roi.intensities()[i] : 0.0);
      mask[i] = (byte) (in ? 1 : 0);
    }
    Files.write(dir.resolve("image.f64"), image.array());
    Files.write(dir.resolve("mask.u8"), mask);
    double[] sp = roi.spacing();
    Files.writeString(dir.resolve("case.txt"), String.format(Locale.ROOT,
        "size_zyx %d %d %d%nspacing_xyz %.17g %.17g %.17g%nbinWidth 10%nvoxels %d%n",
        roi.nz(), roi.ny(), roi.nx(), sp[0], sp[1], sp[2], roi.voxelCount()));
    Map<String, Double> f = new RadiomicsExtractor(all).extract(c[0], c[1]);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("deltarad.txt")))) {
      for (Map.Entry<String, Double> e : f.entrySet()) {
        w.printf(Locale.ROOT, "%s %.17g%n", e.getKey(), e.getValue());
      }
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static void time(Image3D[] c, int warmup, int runs) {
    RadiomicsExtractor[] ex = {new RadiomicsExtractor(BenchCase.paperWithShape()),
        new RadiomicsExtractor(BenchCase.paperShapeOnly()),
        new RadiomicsExtractor(BenchCase.paperAllFeatures())};
    Workspace work = new Workspace();
    for (int i = 0; i < warmup; i++) {
      ex[i % 3].extract(c[0], c[1], work);
    }
    double[][] ms = new double[3][runs];
    for (int r = 0; r < runs; r++) {
      for (int k = 0; k < 3; k++) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        ex[k].extract(c[0], c[1], work);
        ms[k][r] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
      }
    }
    for (double[] m : ms) {
      Arrays.sort(m);
    }
    System.out.printf(Locale.ROOT, "deltarad all %.3f shape %.3f nonshape %.3f%n",
        ms[0][runs / 2], ms[1][runs / 2], ms[2][runs / 2]);
  }
}
