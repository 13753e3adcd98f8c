package org.deltarad.bench;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.deltarad.extract.MaskValidator;
import org.deltarad.extract.RadiomicsEngine;
import org.deltarad.extract.VolumeReader;
import org.deltarad.image.Image3D;
import org.deltarad.image.ReadBuffers;

/**
 * What one volume costs in one thread, outside Spark: for every row of a manifest, the job's own
 * steps (read and hash image and mask, decode both, the mask checks, the features), timed apart.
 * Each loop reuses its read buffers and voxel arrays from volume to volume, as a task does. One untimed pass
 * over the manifest warms the JIT, then ROUNDS timed passes; prints the medians
 * over all timed volumes, and the mean of the totals (the job reports a mean), as one line:
 * {@code volume_cost read_ms R decode_ms D extract_ms E total_ms T mean_ms M volumes N threads K}.
 *
 * <p>THREADS = 2 runs two such loops at once in one JVM, each over the whole manifest: what a
 * volume costs when both cores work, without Spark. On this 2-core VM two independent one-thread
 * processes each slow down by 1.24-1.33x (61-66 ms against 49 ms per volume, 2026-12-03, load 0),
 * so the job's per-volume cost has that floor before any Spark overhead.
 *
 * <p>{@code bench/bench-extract-vs-pyradiomics.sh} compares this with the job's per-volume time.
 *
 * <pre>java -cp ... org.deltarad.bench.VolumeCost MANIFEST.csv PARAMS.yaml [ROUNDS=2] [THREADS=1]</pre>
 */
public final class VolumeCost {
  private VolumeCost() {}

  public static void main(String[] args) throws Exception {
    Path manifest = Path.of(args[0]).toAbsolutePath();
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    Configuration conf = new Configuration();
    RadiomicsEngine engine = RadiomicsEngine.fromFile(args[1], conf);
    List<String[]> rows = pairs(manifest);
    List<double[]> timed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> loops = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      int offset = k * rows.size() / threads; // the threads start on different volumes
      loops.add(pool.submit(() -> {
        ReadBuffers[] buffers = {new ReadBuffers(), new ReadBuffers()}; // as a task keeps them
        for (int r = 0; r <= rounds; r++) {
          for (int i = 0; i < rows.size(); i++) {
            double[] t = one(rows.get((i + offset) % rows.size()), engine, conf, buffers);
            if (r > 0) {
              timed.add(t);
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : loops) {
      f.get();
    }
    pool.shutdown();
    double mean = timed.stream().mapToDouble(t -> t[3]).average().orElse(Double.NaN);
    System.out.printf(Locale.ROOT, "volume_cost read_ms %.2f decode_ms %.2f extract_ms %.2f"
        + " total_ms %.2f mean_ms %.2f volumes %d threads %d%n", median(timed, 0),
        median(timed, 1), median(timed, 2), median(timed, 3), mean, timed.size(), threads);
  }

  /** Milliseconds: read and hash both files, decode both, checks and features, the sum. */
  private static double[] one(String[] row, RadiomicsEngine engine, Configuration conf,
      ReadBuffers[] buffers) throws Exception {
    VolumeReader reader = RadiomicsEngine.READER;
    long t0 = System.nanoTime();
    VolumeReader.Loaded image = reader.load(row[0], conf, Long.MAX_VALUE, buffers[0]);
    VolumeReader.Loaded mask = reader.load(row[1], conf, Long.MAX_VALUE, buffers[1]);
    if (image.sha256().isEmpty() || mask.sha256().isEmpty()) {
      throw new IllegalStateException("no hash");
    }
    long t1 = System.nanoTime();
    Image3D im = image.decode();
    Image3D ma = mask.decode();
    long t2 = System.nanoTime();
    MaskValidator.Roi roi = MaskValidator.check(im, ma, engine.defaultLabel(),
        engine.defaultLabel());
    if (engine.extract(im, roi.mask()).size() != engine.featureNames().size()) {
      throw new IllegalStateException("feature count");
    }
    buffers[0].recycle(im);
    buffers[1].recycle(ma);
    long t3 = System.nanoTime();
    return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6};
  }

  /** (image, mask) absolute paths of a plain CSV manifest with the usual header. */
  private static List<String[]> pairs(Path manifest) throws Exception {
    List<String[]> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      List<String> header = Arrays.asList(in.readLine().toLowerCase(Locale.ROOT).split(","));
      int image = header.indexOf("image");
      int mask = header.indexOf("mask");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",");
        out.add(new String[] {manifest.resolveSibling(f[image]).toString(),
            manifest.resolveSibling(f[mask]).toString()});
      }
    }
    return out;
  }

  private static double median(List<double[]> rows, int k) {
    double[] v = rows.stream().mapToDouble(r -> r[k]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
