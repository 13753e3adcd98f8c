package org.deltarad.runtime;

import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.util.LongAccumulator;

/**
 * Progress lines of the extraction stage ("extract: 120/400 volumes (30%), 3.9 volumes/s,
 * ETA 72 s"), driven by the job's success/failure accumulators, which Spark merges on the driver
 * before it announces a finished task; plus one line per finished stage. Lines go to a sink: the
 * console in local mode, the driver log on a cluster.
 *
 * <p>A line is printed at most every {@code intervalMs} and always when the count reaches the
 * total. Granularity is a task (the job's default is about 100 volumes per task).
 *
 * <p>It also measures the rate over the second half of the extraction: a run's overall rate
 * includes the JVM's warm-up (JIT compilation of Spark's and our code, which on a 2-core machine
 * competes with the tasks), while the second half shows the sustained throughput that a long
 * run over a large archive gets.
 */
public final class ProgressListener extends SparkListener {
  private final LongAccumulator succeeded;
  private final LongAccumulator failed;
  private final LongAccumulator skipped;
  private final Consumer<String> sink;
  private final long intervalMs;
  private volatile long total;
  private volatile long startNanos;
  private long lastPrint;
  private long lastDone = -1;
  private long halfNanos;
  private long halfDone = -1;
  private long endNanos;

  public ProgressListener(LongAccumulator succeeded, LongAccumulator failed,
      LongAccumulator skipped, long intervalMs, Consumer<String> sink) {
    this.succeeded = succeeded;
    this.failed = failed;
    this.skipped = skipped;
    this.intervalMs = intervalMs;
    this.sink = sink;
  }

  /** Starts counting an extraction of {@code total} volumes. */
  public void start(long total) {
    this.total = total;
    this.startNanos = System.nanoTime();
    synchronized (this) {
      lastPrint = 0;
      lastDone = -1;
      halfDone = -1;
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    report(false);
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    StageInfo s = submitted.stageInfo();
    sink.accept(String.format(Locale.ROOT, "stage %d started: %s (%d tasks)", s.stageId(),
        shortName(s.name()), s.numTasks()));
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    StageInfo s = completed.stageInfo();
    long ms = s.completionTime().isDefined() && s.submissionTime().isDefined()
        ? (Long) s.completionTime().get() - (Long) s.submissionTime().get() : -1;
    String failure = s.failureReason().isDefined() ? ", FAILED: " + s.failureReason().get() : "";
    sink.accept(String.format(Locale.ROOT, "stage %d done: %s, %d tasks in %.1f s%s",
        s.stageId(), shortName(s.name()), s.numTasks(), ms / 1000.0, failure));
  }

  private static String shortName(String name) {
    int at = name.indexOf(" at ");
    return at > 0 ? name.substring(0, at) : name;
  }

  /** Prints a progress line when due (or when {@code force}). */
  public synchronized void report(boolean force) {
    if (total <= 0) {
      return;
    }
    long done = succeeded.value() + failed.value() + skipped.value();
    long now = System.currentTimeMillis();
    boolean complete = done >= total;
    if (halfDone < 0 && 2 * done >= total) {
      halfDone = done;
      halfNanos = System.nanoTime();
    }
    if (complete && done != lastDone) {
      endNanos = System.nanoTime();
    }
    if (done == lastDone || (!force && !complete && now - lastPrint < intervalMs)) {
      return;
    }
    lastDone = done;
    lastPrint = now;
    sink.accept(line(done, failed.value(), skipped.value(), total,
        (System.nanoTime() - startNanos) / 1e9));
  }

  /**
   * Volumes per second from the task that took the count past half the total to the last task;
   * NaN when the extraction has not finished or the half-way task was also the last.
   */
  public synchronized double secondHalfRate() {
    if (halfDone < 0 || halfDone >= total || endNanos <= halfNanos) {
      return Double.NaN;
    }
    return (total - halfDone) / ((endNanos - halfNanos) / 1e9);
  }

  /** "extract: done/total volumes (pct), failed, [unchanged,] rate, ETA". */
  static String line(long done, long failedCount, long skippedCount, long total,
      double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 && done < total
        ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
    String unchanged = skippedCount > 0 ? ", " + skippedCount + " unchanged" : "";
    return String.format(Locale.ROOT,
        "extract: %d/%d volumes (%.0f%%), %d failed%s, %.2f volumes/s%s", done, total,
        100.0 * done / total, failedCount, unchanged, rate, eta);
  }
}
