package org.deltarad.image;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ReadDeadlineTest {
  /** A stream whose reads block until it is closed, as on a stalled mount. */
  static final class BlockingStream extends InputStream {
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public int read() throws IOException {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Stream closed");
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  /** Files that stall, with a 0.3 s read timeout. */
  static final class Stalled implements FileOpener {
    @Override
    public InputStream open(String uri) {
      return new BlockingStream();
    }

    @Override
    public boolean exists(String uri) {
      return true;
    }

    @Override
    public long readTimeoutMillis() {
      return 300;
    }
  }

  @Test
  void aStalledReadEndsWithATimeoutNamingTheFileAndSetting() {
    long t0 = System.nanoTime();
    ImageIoException e = assertThrows(ImageIoException.class,
        () -> ImageBytes.load("hdfs://nn/cohort/slow.nii.gz", new Stalled(), 1 << 20));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(e.getMessage().contains("slow.nii.gz: read timed out after 0.3 s "
        + "(deltarad.read.timeout-seconds)"), e.getMessage());
    assertTrue(seconds < 10, seconds + " s");
  }
}
