package org.deltarad.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deltarad.features.CaseContext;
import org.deltarad.features.DiscretizedRoi;
import org.deltarad.features.FeatureClasses;
import org.deltarad.features.FirstOrderFeatures;
import org.deltarad.features.GlcmFeatures;
import org.deltarad.features.GldmFeatures;
import org.deltarad.features.GlrlmFeatures;
import org.deltarad.features.GlszmFeatures;
import org.deltarad.features.NgtdmFeatures;
import org.deltarad.features.Preprocessing;
import org.deltarad.features.RadiomicsExtractor;
import org.deltarad.features.RadiomicsSettings;
import org.deltarad.features.ShapeFeatures;
import org.deltarad.features.Workspace;
import org.deltarad.image.Image3D;

/**
 * Single-threaded feature extraction speed on a realistic synthetic T2w tumour: a 192x192x24
 * volume (0.7 x 0.7 x 4 mm) with an irregular ellipsoidal tumour of about 50,000 voxels whose
 * intensities carry smooth texture plus noise, integer valued like MRI. Settings as the paper
 * (100/mean normalisation, bin width 10) with all 93 non-shape features enabled. The stages run
 * on the case as an int16 image and a uint8 mask are read (16-bit voxels, see Image3D);
 * "total (float64)" runs the whole extraction on the same values held as doubles.
 *
 * <p>Reports the median milliseconds per case after warm-up and ROI voxels per second, plus the
 * median per stage, as wall time and as thread CPU time (the latter is what to compare on a
 * shared machine; also note the load, {@code uptime}, with the figures). Run:
 * <pre>
 * mvn -o -q -pl core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp core/target/classes:core/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.deltarad.bench.FeatureBenchmark [warmup=1000] [runs=300] [stage name part, e.g. glrlm]
 * </pre>
 */
public final class FeatureBenchmark {
  private FeatureBenchmark() {}

  /** The synthetic case (see {@link BenchCase#syntheticCase}). */
  public static Image3D[] syntheticCase(long seed) {
    return BenchCase.syntheticCase(seed);
  }

  /** The synthetic case as int16 image and uint8 mask (see {@link BenchCase}). */
  public static Image3D[] syntheticCaseAsStored(long seed) {
    return BenchCase.syntheticCaseAsStored(seed);
  }

  /** The same image held as 16-bit integers; its values must all be such integers. */
  public static Image3D asShorts(Image3D image) {
    return BenchCase.asShorts(image);
  }

  static RadiomicsSettings paperAllFeatures() {
    return BenchCase.paperAllFeatures();
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** A new ROI object over the same arrays, so that no run can lean on the previous one. */
  private static DiscretizedRoi fresh(DiscretizedRoi r) {
    return new DiscretizedRoi(r.nx(), r.ny(), r.nz(), r.levels(), r.intensities(), r.spacing());
  }

  /**
   * Milliseconds of a fixed arithmetic loop (300 sums of 2^20 doubles in four chains), median of
   * five: how fast the host runs right now. On this project's VM it takes about 120 ms when the
   * host is quiet and up to 230 ms when it is busy; the feature times move with it.
   */
  static double hostReferenceMs() {
    int n = 1 << 20;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i % 1000;
    }
    double[] ms = new double[5];
    double sink = 0;
    for (int b = 0; b < ms.length; b++) {
      long t0 = System.nanoTime();
      for (int r = 0; r < 300; r++) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int i = 0; i < n; i += 4) {
          s0 += d[i];
          s1 += d[i + 1];
          s2 += d[i + 2];
          s3 += d[i + 3];
        }
        sink += s0 + s1 + s2 + s3;
      }
      ms[b] = (System.nanoTime() - t0) / 1e6;
    }
    if (sink != 300.0 * ms.length * (n / 1000 * 499500.0 + sum(n % 1000))) {
      throw new IllegalStateException("reference loop miscounted");
    }
    return median(ms);
  }

  private static double sum(int k) {
    return k * (k - 1) / 2.0;
  }

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Image3D[] c = syntheticCaseAsStored(42);
    Image3D[] doubles = syntheticCase(42);
    RadiomicsSettings settings = paperAllFeatures();
    RadiomicsExtractor extractor = new RadiomicsExtractor(settings);
    Map<String, Double> f = extractor.extract(c[0], c[1]);
    Preprocessing.Result pre = Preprocessing.run(c[0], c[1], settings);
    DiscretizedRoi roi = pre.roi();
    System.out.printf("case: 192x192x24, ROI %d voxels, bounding box %s, %d bins, %d features%n",
        roi.voxelCount(), Arrays.toString(pre.boundingBox()), pre.binCount(), f.size());

    // Texture families share per-case work (level table, padded grid, the neighbour scan of
    // GLCM, GLDM and GLSZM) through the case's context: each timed run makes a new context (on
    // one reused workspace, as the extractor does), so nothing carries over between runs. A
    // family timed alone pays for the shared work it needs; "texture (5)" runs all five on one
    // context, GLCM first as in the usual class order.
    Workspace work = new Workspace();
    Map<String, Consumer<DiscretizedRoi>> stages = new LinkedHashMap<>();
    stages.put("total (extract)", r -> extractor.extract(c[0], c[1], work));
    stages.put("total (float64)", r -> extractor.extract(doubles[0], doubles[1], work));
    stages.put("preprocessing", r -> Preprocessing.run(c[0], c[1], settings, work));
    stages.put("firstorder", r -> new FirstOrderFeatures(0).compute(new CaseContext(r, work)));
    stages.put("shape", r -> new ShapeFeatures().compute(new CaseContext(r, work),
        FeatureClasses.SHAPE));
    stages.put("texture (5)", r -> {
      CaseContext context = new CaseContext(r, work);
      new GlcmFeatures().compute(context);
      new GldmFeatures().compute(context);
      new GlrlmFeatures().compute(context);
      new GlszmFeatures().compute(context);
      new NgtdmFeatures().compute(context);
    });
    stages.put("glcm alone", r -> new GlcmFeatures().compute(new CaseContext(r, work)));
    stages.put("glrlm alone", r -> new GlrlmFeatures().compute(new CaseContext(r, work)));
    stages.put("glszm alone", r -> new GlszmFeatures().compute(new CaseContext(r, work)));
    stages.put("gldm alone", r -> new GldmFeatures().compute(new CaseContext(r, work)));
    stages.put("ngtdm alone", r -> new NgtdmFeatures().compute(new CaseContext(r, work)));
    String only = args.length > 2 ? args[2] : "";
    System.out.printf("host reference loop before: %.0f ms (about 120 when the host is quiet)%n",
        hostReferenceMs());
    for (Map.Entry<String, Consumer<DiscretizedRoi>> e : stages.entrySet()) {
      if (!e.getKey().contains(only)) {
        continue;
      }
      for (int w = 0; w < warmup; w++) {
        e.getValue().accept(fresh(roi));
      }
      double[] ms = new double[runs];
      double[] cpu = new double[runs];
      for (int r = 0; r < runs; r++) {
        DiscretizedRoi copy = fresh(roi);
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        e.getValue().accept(copy);
        ms[r] = (System.nanoTime() - t0) / 1e6;
        cpu[r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
      }
      double median = median(ms);
      double medianCpu = median(cpu);
      if (e.getKey().startsWith("total")) {
        System.out.printf("%-16s median %8.2f ms/case wall (min %.2f), %8.2f ms CPU (min %.2f);"
            + " %.3g ROI voxels/s (CPU); PyRadiomics 3.1 ~210 ms -> %.0fx (an estimate: side by"
            + " side, bench/bench-vs-pyradiomics.sh)%n", e.getKey(), median,
            Arrays.stream(ms).min().getAsDouble(), medianCpu, Arrays.stream(cpu).min().getAsDouble(),
            roi.voxelCount() / (medianCpu / 1e3), 210 / medianCpu);
      } else {
        System.out.printf("%-16s median %8.2f ms wall, %8.2f ms CPU (min %.2f)%n", e.getKey(),
            median, medianCpu, Arrays.stream(cpu).min().getAsDouble());
      }
    }
    System.out.printf("host reference loop after: %.0f ms%n", hostReferenceMs());
    List<String> nan = f.entrySet().stream().filter(x -> !Double.isFinite(x.getValue()))
        .map(Map.Entry::getKey).toList();
    if (!nan.isEmpty()) {
      System.out.println("non-finite features: " + nan);
    }
  }
}
