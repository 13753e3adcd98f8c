package org.deltarad.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How much two busy cores of this host slow each other, by kind of work: what the extraction
 * job's per-volume cost on 2 cores can be against one thread before any DeltaRad or Spark
 * overhead. Each kind runs in one thread, then in two at once (each thread its own data),
 * alternately, ROUNDS times; prints each kind's median two-thread/one-thread time:
 * <ul>
 *   <li>{@code alu}: integer arithmetic in registers (shares only the core, if anything);
 *   <li>{@code cache}: sums over a 1 MiB array (fits each core's L2);
 *   <li>{@code stream}: sums over a 64 MiB array, one int per cache line (memory bandwidth,
 *       as inflating and decoding an 8 MB volume and its copies are);
 *   <li>{@code random}: dependent loads at random places in 64 MiB (memory latency).
 * </ul>
 * On this VM, three runs within ten minutes (2026-12-03 07:05-07:15, load 0.8-1.5): alu
 * 1.04-1.05x, cache 1.03-1.22x, stream 1.02-1.45x, random 1.04-1.23x: memory-bound work on
 * both cores at once costs up to 1.45x, depending on the minute (the host's other guests).
 *
 * <pre>java -cp ... org.deltarad.bench.HostScaling [ROUNDS=3]</pre>
 */
public final class HostScaling {
  private static final String[] KINDS = {"alu", "cache", "stream", "random"};

  private HostScaling() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (String kind : KINDS) {
        run(pool, kind, 1); // warm-up: JIT and page faults
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratio[r] = run(pool, kind, 2) / run(pool, kind, 1);
        }
        java.util.Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "host_scaling %s two_threads/one_thread %.2f%n", kind,
            ratio[rounds / 2]);
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Wall milliseconds for {@code threads} copies of one kind of work at once. */
  private static double run(ExecutorService pool, String kind, int threads) throws Exception {
    long t0 = System.nanoTime();
    List<Future<Long>> work = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      work.add(pool.submit(() -> work(kind)));
    }
    long sink = 0;
    for (Future<Long> f : work) {
      sink += f.get();
    }
    if (sink == 42) {
      System.out.print(""); // keeps the sums alive
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private static long work(String kind) {
    switch (kind) {
      case "alu":
        return alu(400_000_000L);
      case "cache":
        return stream(new int[1 << 18], 20_000);
      case "stream":
        return stream(new int[1 << 24], 300);
      default:
        return random(new int[1 << 24], 50_000_000L);
    }
  }

  private static long alu(long iterations) {
    long a = 1;
    long b = 2;
    long c = 3;
    long d = 4;
    for (long i = 0; i < iterations; i++) {
      a = a * 31 + b;
      b ^= a >>> 7;
      c += d * 17;
      d ^= c << 3;
    }
    return a + b + c + d;
  }

  /** One int per 64-byte line, {@code passes} times over the array. */
  private static long stream(int[] data, int passes) {
    long s = 0;
    for (int p = 0; p < passes; p++) {
      for (int i = 0; i < data.length; i += 16) {
        s += data[i];
      }
    }
    return s;
  }

  /** Loads at pseudo-random places (a linear congruential walk over a power-of-two array). */
  private static long random(int[] data, long loads) {
    long s = 0;
    int mask = data.length - 1;
    int j = 1;
    for (long k = 0; k < loads; k++) {
      j = (int) ((j * 1103515245L + 12345) & mask);
      s += data[j] + (j & 1);
    }
    return s;
  }
}
