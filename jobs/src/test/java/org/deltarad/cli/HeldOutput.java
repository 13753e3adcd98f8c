package org.deltarad.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deltarad.tables.Lease;

/**
 * An extraction output whose lease another run ("run-holder", this JVM: alive, so never taken
 * over) holds, for the tests of the commands' {@code --wait}.
 */
final class HeldOutput implements AutoCloseable {
  final Path out;
  private final Lease lease;

  private HeldOutput(Path out, Lease lease) {
    this.out = out;
    this.lease = lease;
  }

  /** An empty extraction output {@code dir/out} (its marker only), its lease held. */
  static HeldOutput in(Path dir) throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("_deltarad.json"),
        "{\"format\": \"deltarad-output\", \"format_version\": 1, \"kind\": \"extraction\"}");
    Lease lease = Lease.acquire(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(out.toUri()), "run-holder", Lease.Policy.DEFAULT, m -> { });
    return new HeldOutput(out, lease);
  }

  /** Lets the lease go {@code millis} from now, on another thread. */
  CompletableFuture<Void> releaseAfter(long millis) {
    return CompletableFuture.runAsync(this::close,
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
  }

  @Override
  public void close() {
    try {
      lease.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
