package org.deltarad.image;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A time limit on reading one file: when it passes, the stream is closed from a timer thread,
 * which ends a read blocked on a stalled network file system (HDFS, S3A and NFS clients throw
 * from a closed stream), and the reader reports a timeout instead of hanging its task forever.
 * One daemon timer thread serves the JVM; a deadline that is not reached costs a scheduled
 * task, cancelled on {@link #close()}.
 */
final class ReadDeadline implements Closeable {
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final ScheduledFuture<?> alarm;
  private final long millis;
  private volatile boolean expired;

  private ReadDeadline(Closeable stream, long millis) {
    this.millis = millis;
    this.alarm = millis <= 0 ? null : TIMER.schedule(() -> {
      expired = true;
      try {
        stream.close();
      } catch (IOException | RuntimeException e) {
        // the reader sees the expiry either way
      }
    }, millis, TimeUnit.MILLISECONDS);
  }

  /** Closes {@code stream} after {@code millis} (0: never) unless closed first. */
  static ReadDeadline of(Closeable stream, long millis) {
    return new ReadDeadline(stream, millis);
  }

  /** Throws the timeout (naming the file and the limit) once the deadline has passed. */
  void check(String uri) throws ImageIoException {
    if (expired) {
      throw new ImageIoException(uri, "read timed out after " + millis / 1000.0 + " s ("
          + FileOpener.READ_TIMEOUT + ")");
    }
  }

  @Override
  public void close() {
    if (alarm != null) {
      alarm.cancel(false);
    }
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "deltarad-read-deadline");
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
