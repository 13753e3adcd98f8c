package org.deltarad.extract;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.util.JavaUtils;
import org.deltarad.image.MemorySize;
import org.deltarad.image.VolumeShape;

/**
 * The memory one volume may take on an executor, and what a volume costs, priced from its
 * headers before anything is inflated.
 *
 * <p>Budget: {@code spark.deltarad.volumeMemory} (a size such as {@code 2g}) when set, else
 * {@code spark.deltarad.volumeMemoryFraction} (default 0.5) of the executor's heap divided by its
 * task slots (executor cores / {@code spark.task.cpus}; in local mode the master's thread
 * count): every slot may hold one volume at a time, and the other half of the heap stays for
 * Spark and the results. A volume over budget is one error row, not an OutOfMemoryError that
 * kills the executor and every other volume of its task.
 *
 * <p>Cost ({@link #cost}): the stored files (held for hashing), both decoded voxel blocks (the
 * inflate buffers, which a task keeps for its next volume when under 16 MB each:
 * {@link org.deltarad.image.ReadBuffers}), both volumes as held
 * ({@link VolumeShape#heldBytes()}; a task keeps a volume's 16-bit voxel arrays for the next one,
 * which decodes into them when it has the same size and lets them go when not) and {@link #ENGINE_BYTES_PER_VOXEL} for the engine's
 * whole-image passes (a normalised copy and a binary mask as doubles). The 1.9 MB
 * {@code .nii.gz} claiming 800x800x765 float32 prices at 13.7 GB (with
 * a 192x192x24 mask).
 */
public record VolumeBudget(long bytes, String origin) implements Serializable {
  public static final String BYTES_KEY = "spark.deltarad.volumeMemory";
  public static final String FRACTION_KEY = "spark.deltarad.volumeMemoryFraction";
  public static final double DEFAULT_FRACTION = 0.5;
  /** The engine's whole-image working copies: normalised intensities and mask, as doubles. */
  static final int ENGINE_BYTES_PER_VOXEL = 16;
  /** local[N], local[*], local[N,F] (with retries): N threads. */
  private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(?:,\\s*\\d+)?\\]");

  /** The budget on this executor (or, outside Spark, this JVM). */
  public static VolumeBudget here() {
    SparkEnv env = SparkEnv.get();
    SparkConf conf = env == null ? new SparkConf(false) : env.conf();
    return of(conf, Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors());
  }

  /** The budget for a heap of {@code maxHeap} bytes on a machine of {@code cpus} processors. */
  static VolumeBudget of(SparkConf conf, long maxHeap, int cpus) {
    if (conf.contains(BYTES_KEY)) {
      String v = conf.get(BYTES_KEY);
      long b;
      try {
        b = JavaUtils.byteStringAsBytes(v.trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(BYTES_KEY + " must be a size such as 2g, got '" + v
            + "'");
      }
      if (b <= 0) {
        throw new IllegalArgumentException(BYTES_KEY + " must be positive, got '" + v + "'");
      }
      return new VolumeBudget(b, BYTES_KEY + "=" + v);
    }
    double fraction = conf.getDouble(FRACTION_KEY, DEFAULT_FRACTION);
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException(FRACTION_KEY + " must be in (0, 1], got " + fraction);
    }
    int slots = Math.max(1, slots(conf, cpus) / Math.max(1, conf.getInt("spark.task.cpus", 1)));
    long b = (long) (fraction * maxHeap / slots);
    return new VolumeBudget(b, String.format(Locale.ROOT, "%s of the %s heap / %d task slot%s; "
        + "set %s", fraction, MemorySize.format(maxHeap), slots, slots == 1 ? "" : "s",
        BYTES_KEY));
  }

  /** Concurrent tasks of one executor: its cores, or a local master's threads. */
  private static int slots(SparkConf conf, int cpus) {
    if (conf.contains("spark.executor.cores")) {
      return conf.getInt("spark.executor.cores", 1);
    }
    String master = conf.get("spark.master", "local[*]");
    Matcher m = LOCAL.matcher(master);
    if (master.equals("local")) {
      return 1;
    }
    if (m.matches()) {
      return m.group(1).equals("*") ? cpus : Integer.parseInt(m.group(1));
    }
    return cpus;
  }

  /** Bytes an image and mask cost while read and extracted (see the class comment). */
  static double cost(VolumeShape image, VolumeShape mask, long storedBytes) {
    return readCost(image, mask, storedBytes) + (double) ENGINE_BYTES_PER_VOXEL * image.voxels();
  }

  /**
   * Bytes two volumes cost while read and held, without the engine's working copies (the dice
   * job compares two masks): the stored files, both decoded blocks, both volumes as held.
   */
  static double readCost(VolumeShape a, VolumeShape b, long storedBytes) {
    return storedBytes + (double) a.decodedBytes() + b.decodedBytes()
        + (double) a.heldBytes() + b.heldBytes();
  }

  /** Null when the volume fits, else the one-line reason it does not. */
  String refusal(VolumeShape image, VolumeShape mask, long storedBytes) {
    return refusal("image " + image + " with mask " + mask, "read and extract",
        cost(image, mask, storedBytes), storedBytes);
  }

  /**
   * Null when {@code cost} bytes fit, else the one-line reason naming {@code what} and the
   * {@code work} it was priced for.
   */
  String refusal(String what, String work, double cost, long storedBytes) {
    if (cost <= bytes) {
      return null;
    }
    return what + " needs about " + MemorySize.format(cost) + " to " + work + " ("
        + MemorySize.format(storedBytes) + " stored), over the memory budget of one volume, "
        + MemorySize.format(bytes) + " (" + origin + ")";
  }

  /** The one-line message of an {@link OutOfMemoryError} met in {@code stage} of one volume. */
  static String outOfMemory(String stage, OutOfMemoryError e) {
    return "out of memory in stage " + stage + " (" + e.getMessage() + ", heap "
        + MemorySize.format(Runtime.getRuntime().maxMemory()) + "); lower " + BYTES_KEY
        + " or give executors more memory";
  }
}
