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
 *       mask in as the job's reader holds them, preprocessing included) of all 107 features, the 14 shape features, and the 93
 *       others, and of the 93 from the same input as PyRadiomics' classes (the cropped,
 *       normalised box: discretisation and features; same values, checked by write), the four
 *       interleaved run by run; then the same four as the mean process CPU per extraction, which
 *       adds what the JVM spends for the extracting thread in its own threads (garbage
 *       collection, JIT compilation), as Python's process_time counts all of PyRadiomics' work.
 *       One line: {@code deltarad all A shape S nonshape T crop93 U process all A' shape S'
 *       nonshape T' crop93 U'}.
 * </ul>
 */
public final class PyRadiomicsComparison {
  private PyRadiomicsComparison() {}

  public static void main(String[] args) throws IOException {
    // as the job reads it: the image's sum and the mask's empty blocks come with the decoding
    Image3D[] c = BenchCase.syntheticCaseAsRead(42);
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
    // the crop PyRadiomics gets gives DeltaRad the same values (timed as crop93)
    Image3D[] crop = croppedCase(c);
    Map<String, Double> onCrop = new RadiomicsExtractor(nonShapeOnCrop()).extract(crop[0],
        crop[1]);
    for (Map.Entry<String, Double> e : onCrop.entrySet()) {
      if (Double.compare(e.getValue(), f.get(e.getKey())) != 0) {
        throw new IllegalStateException("crop93 differs in " + e.getKey());
      }
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("deltarad.txt")))) {
      for (Map.Entry<String, Double> e : f.entrySet()) {
        w.printf(Locale.ROOT, "%s %.17g%n", e.getKey(), e.getValue());
      }
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  /** Process CPU: the extracting thread plus what the JVM spends for it (GC, JIT threads). */
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /**
   * The input PyRadiomics' feature classes get: the ROI's bounding box of normalised
   * intensities (0 outside the ROI) and its mask, as double images.
   */
  static Image3D[] croppedCase(Image3D[] c) {
    DiscretizedRoi roi = Preprocessing.run(c[0], c[1], BenchCase.paperWithShape()).roi();
    int n = roi.nx() * roi.ny() * roi.nz();
    double[] image = new double[n];
    double[] mask = new double[n];
    for (int i = 0; i < n; i++) {
      boolean in = roi.levels()[i] > 0;
      image[i] = in ? roi.intensities()[i] : 0.0;
      mask[i] = in ? 1 : 0;
    }
    return new Image3D[] {
        new Image3D(roi.nx(), roi.ny(), roi.nz(), image, roi.spacing(), new double[3],
            Image3D.identity(), "cropped"),
        new Image3D(roi.nx(), roi.ny(), roi.nz(), mask, roi.spacing(), new double[3],
            Image3D.identity(), "cropped-mask")};
  }

  /** The 93 non-shape features without normalisation (for the already normalised crop). */
  static RadiomicsSettings nonShapeOnCrop() {
    return RadiomicsSettings.fromYaml("setting: {binWidth: 10}\nfeatureClass: {firstorder: ,"
        + " glcm: , glrlm: , glszm: , gldm: , ngtdm: }\n", "benchmark");
  }

  private static void time(Image3D[] c, int warmup, int runs) {
    Image3D[] crop = croppedCase(c);
    RadiomicsExtractor[] ex = {new RadiomicsExtractor(BenchCase.paperWithShape()),
        new RadiomicsExtractor(BenchCase.paperShapeOnly()),
        new RadiomicsExtractor(BenchCase.paperAllFeatures()),
        new RadiomicsExtractor(nonShapeOnCrop())};
    Image3D[][] input = {c, c, c, crop};
    Workspace work = new Workspace();
    for (int i = 0; i < warmup; i++) {
      int k = i % 4;
      ex[k].extract(input[k][0], input[k][1], work);
    }
    double[][] ms = new double[4][runs];
    double[] process = new double[4];
    for (int r = 0; r < runs; r++) {
      for (int k = 0; k < 4; k++) {
        long p0 = PROCESS.getProcessCpuTime();
        long t0 = THREADS.getCurrentThreadCpuTime();
        ex[k].extract(input[k][0], input[k][1], work);
        ms[k][r] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
        process[k] += (PROCESS.getProcessCpuTime() - p0) / 1e6;
      }
    }
    for (double[] m : ms) {
      Arrays.sort(m);
    }
    System.out.printf(Locale.ROOT, "deltarad all %.3f shape %.3f nonshape %.3f crop93 %.3f"
        + " process all %.3f shape %.3f nonshape %.3f crop93 %.3f%n",
        ms[0][runs / 2], ms[1][runs / 2], ms[2][runs / 2], ms[3][runs / 2],
        process[0] / runs, process[1] / runs, process[2] / runs, process[3] / runs);
  }
}
