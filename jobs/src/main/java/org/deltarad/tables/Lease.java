package org.deltarad.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The exclusive right of one run to write an output directory: the lease file
 * {@code DIR/_lease.json} (run id, a random token, host, pid, where that pid means something
 * (boot id and pid namespace), the process's start time, the lease's start time, the heartbeat
 * interval), created atomically
 * (HDFS: {@code create} without overwrite, decided by the NameNode; a local disk:
 * {@code O_CREAT|O_EXCL}, since Hadoop's local {@code create} checks and then creates) and kept
 * alive by a heartbeat that sets the file's modification time every
 * {@code staleAfter / 6} (at most 10 s).
 *
 * <p>A second run finds the lease and fails at once, or waits up to {@link Policy#maxWait()}. A
 * lease whose owner is dead is taken over, and said so: its holder ran on this host and its
 * process is gone, or no heartbeat came for {@link Policy#staleAfter()} (another host, or another
 * boot or pid namespace under the same host name, as containers with host networking; clocks of
 * the hosts must agree to well within that time). A holder whose process is alive on this
 * host (same pid and process start time, so a recycled pid is not trusted) is never taken
 * over, however old its heartbeat: the newcomer's stale time says nothing about the holder. Nor
 * is a holder judged by a stale time shorter than {@value #STALE_BEATS} of its own heartbeat
 * intervals (a lease file without one, from an older version: 10 s, the longest it used), so
 * a newcomer's short {@code --stale-lease} cannot take over a live run that beats slowly. The
 * takeover holds the lock file {@value #TAKEOVER_LOCK} (one takeover at a time; one left by a
 * takeover that died is cleared after {@value #ABANDONED_LOCK_MS} ms), reads the lease again
 * and moves it aside under a name of its own only if it is still the one judged stale. A holder checks its token before it commits
 * ({@link #verify()}), so a run whose lease was taken over (a pause longer than the stale
 * time) never commits over its successor.
 */
public final class Lease implements AutoCloseable {
  /** The lease file's name. */
  public static final String FILE = "_lease.json";

  /** Heartbeat intervals without a beat after which a holder may be dead (its own stale time). */
  static final int STALE_BEATS = 6;

  /** The heartbeat interval assumed for a lease file that does not record its own. */
  static final long OLD_BEAT_MS = 10_000;

  /** How long to wait for another run's lease, and when a silent lease is dead. */
  public record Policy(Duration maxWait, Duration staleAfter) {
    /** Fail at once; a lease without a heartbeat for 2 minutes is dead. */
    public static final Policy DEFAULT = new Policy(Duration.ZERO, Duration.ofMinutes(2));

    public Policy {
      if (maxWait.isNegative() || staleAfter.isNegative() || staleAfter.isZero()) {
        throw new IllegalArgumentException("lease wait must be >= 0 and stale time > 0, got "
            + maxWait + " and " + staleAfter);
      }
    }
  }

  /** Another live run holds the lease; the message names it. */
  public static final class HeldException extends IOException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final FileSystem fs;
  private final Path file;
  private final String token;
  private final String dir;
  private final ScheduledExecutorService heartbeat;
  private volatile String lost;

  /**
   * Tokens of the leases this JVM holds now: a lease file of this very process whose token is
   * not here was left behind (a close that failed), and is taken over rather than blocking the
   * directory until the JVM (a notebook's driver, say) exits.
   */
  private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

  private Lease(FileSystem fs, Path file, String token, String dir, Duration beat) {
    this.fs = fs;
    this.file = file;
    this.token = token;
    this.dir = dir;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "deltarad-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long ms = beat.toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease of the output directory {@code root} for run {@code runId}, waiting or
   * taking over a dead owner's lease as {@code policy} says.
   */
  public static Lease acquire(FileSystem fs, Path root, String runId, Policy policy,
      Consumer<String> log) throws IOException {
    FileSystem lfs = fs instanceof LocalFileSystem l ? l.getRaw() : fs;
    Path file = new Path(root, FILE);
    String token = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    long wait = policy.maxWait().toMillis();
    // saturating: --wait Infinity (or any huge wait) waits for good, not overflows into "now"
    long deadline = wait > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + wait;
    boolean said = false;
    int failedTakeovers = 0;
    while (true) {
      Duration beat = Duration.ofMillis(Math.max(100,
          Math.min(OLD_BEAT_MS, policy.staleAfter().toMillis() / STALE_BEATS)));
      Lease lease = tryCreate(lfs, file, runId, token, root, beat);
      if (lease != null) {
        return lease;
      }
      Holder h = Holder.read(lfs, file);
      if (h == null) {
        continue; // released meanwhile
      }
      String dead = h.dead(policy.staleAfter());
      if (dead != null) {
        String stuck = "--out " + root + ": the lease file " + file + " of " + h.describe()
            + " (" + dead + ") cannot be moved aside; remove it if no run uses the directory";
        Takeover t;
        try {
          t = takeOver(lfs, file, h, token);
        } catch (java.io.InterruptedIOException ex) {
          throw ex;
        } catch (IOException ex) {
          throw new IOException(stuck + " (" + ex.getMessage() + ")", ex);
        }
        if (t == Takeover.DONE) {
          log.accept("taking over the lease of " + root + " from " + h.describe() + ": " + dead);
          failedTakeovers = 0;
        } else if (t == Takeover.FAILED && ++failedTakeovers >= MAX_FAILED_TAKEOVERS) {
          throw new IOException(stuck);
        } else {
          sleep(20); // another run's takeover or new lease in between: look again shortly
        }
        continue;
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new HeldException("--out " + root + " is in use by " + h.describe()
            + "; wait for it (--wait SECONDS) or use another directory (" + (h.liveHere()
                ? "its process is alive on this host, so its lease is not taken over)"
                : "a dead run's lease is taken over " + h.staleMs(policy.staleAfter()) / 1000
                    + " s after its last heartbeat, at once if it ran on this host, in this pid"
                    + " namespace, and its process is gone)"));
      }
      if (!said) {
        log.accept("waiting up to " + policy.maxWait().toSeconds() + " s for " + h.describe()
            + " to finish with " + root);
        said = true;
      }
      sleep(Math.min(left, 500));
    }
  }

  /** Consecutive takeovers whose move fails before acquire gives up. */
  private static final int MAX_FAILED_TAKEOVERS = 100;

  /** The lock a takeover holds while it checks and moves a stale lease aside. */
  static final String TAKEOVER_LOCK = FILE + ".takeover";

  /** A takeover lock this old was left by a takeover that died (one takes milliseconds). */
  static final long ABANDONED_LOCK_MS = 30_000;

  /** How a takeover ended. */
  private enum Takeover {
    /** The stale lease was moved aside: create one now. */
    DONE,
    /** Another takeover is under way, or the lease changed since it was read: look again. */
    RETRY,
    /** The file could not be moved. */
    FAILED
  }

  /**
   * The lease if {@code file} could be created, else null. The token is registered as held
   * before the file exists, so that another run in this JVM reading the new file does not take
   * it for one this process left behind, and unregistered on every way out but success.
   */
  private static Lease tryCreate(FileSystem fs, Path file, String runId, String token, Path root,
      Duration beat) throws IOException {
    HELD.add(token);
    boolean held = false;
    try {
      if (create(fs, file, content(runId, token, beat))) {
        Lease lease = new Lease(fs, file, token, root.toString(), beat);
        held = true;
        return lease;
      }
      return null;
    } finally {
      if (!held) {
        HELD.remove(token);
      }
    }
  }

  /** Throws unless this run still holds the lease (call before committing). */
  public void verify() throws IOException {
    if (lost == null) {
      String now = tokenNow();
      // Missing for an instant: a takeover that moved a file it did not judge stale (a lease
      // made after it read the old one) puts it back at once. Look again before calling it lost.
      for (int i = 0; now == null && i < 5; i++) {
        sleep(20);
        now = tokenNow();
      }
      if (!token.equals(now)) {
        lost = "the lease file changed";
      }
    }
    if (lost != null) {
      throw new IOException("the lease on --out " + dir + " was lost (" + lost + "; another run"
          + " judged this one dead and took it over); nothing of this run was committed");
    }
  }

  /** Stops the heartbeat and removes the lease file if it is still this run's. */
  @Override
  public void close() throws IOException {
    heartbeat.shutdownNow();
    try {
      if (token.equals(tokenNow())) {
        fs.delete(file, false);
      }
    } finally {
      HELD.remove(token); // only now: the file, while it exists, is not "left behind"
    }
  }

  private void beat() {
    try {
      String now = tokenNow();
      if (now == null) {
        return; // moved aside this instant by a takeover that will put it back, or removed:
                // the next beat looks again, and verify() before a commit decides
      }
      if (!token.equals(now)) {
        lost = "another run holds it now";
        heartbeat.shutdown();
        return;
      }
      fs.setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException ex) {
      // a missed beat is retried at the next one; only staleAfter of them makes the lease stale
    }
  }

  private String tokenNow() throws IOException {
    Holder h = Holder.read(fs, file);
    return h == null ? null : h.token;
  }

  private static String content(String runId, String token, Duration beat) {
    ObjectNode n = JSON.createObjectNode();
    n.put("run_id", runId);
    n.put("token", token);
    n.put("host", host());
    n.put("pid", ProcessHandle.current().pid());
    n.put("pid_scope", PID_SCOPE);
    n.put("process_start_ms", processStart(ProcessHandle.current()));
    n.put("started", Instant.now().toString());
    n.put("heartbeat_ms", beat.toMillis());
    return n.toString();
  }

  /** The process's start time (epoch ms), or -1 where the platform does not tell. */
  private static long processStart(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
  }

  /** Creates {@code file} with {@code text} if it does not exist, atomically. */
  private static boolean create(FileSystem fs, Path file, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (fs instanceof RawLocalFileSystem raw) {
      java.nio.file.Path p = raw.pathToFile(file).toPath();
      Files.createDirectories(p.getParent());
      try {
        Files.write(p, bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException ex) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(bytes);
      return true;
    } catch (FileAlreadyExistsException ex) {
      return false;
    } catch (IOException ex) {
      // HDFS reports a file being created by another client as a RemoteException
      if (fs.exists(file)) {
        return false;
      }
      throw ex;
    }
  }

  /**
   * Moves the stale lease aside, one takeover at a time: under the lock file
   * {@value #TAKEOVER_LOCK} (created atomically, like the lease), the lease is read again and
   * moved only if it is still the one judged stale. Without the lock, two runs that judged the
   * same lease stale raced: the later one moved the earlier one's new lease and put it back,
   * which on a local disk replaced a third run's lease made in between (that run then failed
   * its check before committing) and on HDFS failed, leaving the moved lease aside (6 threads
   * over a dead pid's lease: 3 of 600 and 1 of 900 acquisitions later found their lease lost).
   */
  private static Takeover takeOver(FileSystem fs, Path file, Holder stale, String token)
      throws IOException {
    Path lock = new Path(file.getParent(), TAKEOVER_LOCK);
    if (!create(fs, lock, JSON.createObjectNode().put("token", token).toString())) {
      clearAbandoned(fs, lock);
      return Takeover.RETRY;
    }
    try {
      Holder now = Holder.read(fs, file);
      if (now == null || !java.util.Objects.equals(now.token, stale.token)) {
        return Takeover.RETRY; // released or replaced since it was read
      }
      Path aside = new Path(file.getParent(), "." + FILE + ".stale-" + token);
      try {
        if (!fs.rename(file, aside)) {
          return Takeover.FAILED;
        }
      } catch (FileNotFoundException ex) {
        return Takeover.RETRY; // its owner released it this instant
      }
      Holder moved = Holder.read(fs, aside);
      if (moved != null && !java.util.Objects.equals(moved.token, stale.token)) {
        // its owner woke, released, and a new lease was made between the read and the move:
        // give that one back, never over a lease made since
        restore(fs, aside, file);
        return Takeover.RETRY;
      }
      fs.delete(aside, false);
      return Takeover.DONE;
    } finally {
      Holder lockHolder = Holder.read(fs, lock);
      if (lockHolder != null && token.equals(lockHolder.token)) {
        fs.delete(lock, false);
      }
    }
  }

  /** Removes a takeover lock older than {@link #ABANDONED_LOCK_MS}. */
  private static void clearAbandoned(FileSystem fs, Path lock) throws IOException {
    try {
      long age = System.currentTimeMillis() - fs.getFileStatus(lock).getModificationTime();
      if (age > ABANDONED_LOCK_MS) {
        fs.delete(lock, false);
      }
    } catch (FileNotFoundException ex) {
      // released meanwhile
    }
  }

  /**
   * Moves {@code aside} back to {@code file} unless a file exists there now (a local link, like
   * HDFS's rename, fails then instead of replacing it); the moved lease's owner otherwise finds
   * it lost before it commits.
   */
  private static void restore(FileSystem fs, Path aside, Path file) throws IOException {
    if (fs instanceof RawLocalFileSystem raw) {
      try {
        Files.createLink(raw.pathToFile(file).toPath(), raw.pathToFile(aside).toPath());
      } catch (java.nio.file.FileAlreadyExistsException ex) {
        // a newer lease is there
      }
    } else {
      fs.rename(aside, file);
    }
    fs.delete(aside, false);
  }

  /**
   * Where this process's pid means something: the kernel's boot id and this process's pid
   * namespace ({@code /proc/sys/kernel/random/boot_id}, {@code /proc/self/ns/pid}), e.g.
   * {@code 0f3c...e1 pid:[4026531836]}; "" where the platform has neither to read. Containers
   * can share a host name (host networking) while each numbers its processes apart, and two
   * machines can share one ("localhost"); every machine's first pid namespace has the same
   * number, so the boot id tells the machines apart.
   */
  static final String PID_SCOPE = readPidScope();

  private static String readPidScope() {
    String boot = "";
    String namespace = "";
    try {
      boot = Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")).trim();
    } catch (IOException | UnsupportedOperationException | SecurityException ex) {
      // not Linux, or /proc hidden: the namespace alone, or nothing
    }
    try {
      namespace = Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException ex) {
      // as above
    }
    return (boot + " " + namespace).trim();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException ex) {
      return "unknown-host";
    }
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for the lease");
    }
  }

  /**
   * The lease file as found: its fields (null or -1 where unreadable or, in an older version's
   * file, absent) and its age.
   */
  private record Holder(String runId, String token, String host, long pid, String pidScope,
      long pidStartMs, long beatMs, long ageMs) {
    static Holder read(FileSystem fs, Path file) throws IOException {
      FileStatus st;
      byte[] bytes;
      try {
        st = fs.getFileStatus(file);
        try (InputStream in = fs.open(file)) {
          bytes = in.readAllBytes();
        }
      } catch (FileNotFoundException ex) {
        return null;
      }
      long age = System.currentTimeMillis() - st.getModificationTime();
      JsonNode n;
      try {
        n = JSON.readTree(bytes);
      } catch (IOException ex) {
        n = null; // being written this instant, or damaged: judged by its age alone
      }
      if (n == null || !n.has("token")) {
        return new Holder(null, null, null, -1, null, -1, -1, age);
      }
      return new Holder(n.path("run_id").asText(), n.path("token").asText(),
          n.path("host").asText(), n.path("pid").asLong(-1),
          n.has("pid_scope") ? n.path("pid_scope").asText() : null,
          n.path("process_start_ms").asLong(-1), n.path("heartbeat_ms").asLong(-1), age);
    }

    /**
     * Whether the holder's pid can be looked up here: same host name and same {@link #PID_SCOPE}
     * (boot id and pid namespace). A lease of an older version (none recorded) is judged by its
     * heartbeat only.
     */
    private boolean pidIsLocal() {
      // Lease.host(): inside this record, host() is the holder's own host
      return host != null && host.equals(Lease.host()) && pid > 0
          && pidScope != null && pidScope.equals(PID_SCOPE);
    }

    /** Why the holder is dead, or null while it may be alive. */
    String dead(Duration staleAfter) {
      if (pidIsLocal()) {
        ProcessHandle p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
        if (p == null) {
          return "its process " + pid + " on this host is gone";
        }
        if (sameProcess(p)) {
          if (pid == ProcessHandle.current().pid() && !HELD.contains(token)) {
            return "this process left it behind (its run ended without removing it)";
          }
          return null; // alive here: its heartbeat's age is no sign of death
        }
        // a recycled pid, or a start time not recorded: judged by the heartbeat, as elsewhere
      }
      long stale = staleMs(staleAfter);
      if (ageMs > stale) {
        return String.format(Locale.ROOT, "no heartbeat for %.0f s (stale after %d s)",
            ageMs / 1000.0, stale / 1000);
      }
      return null;
    }

    /** Whether the holder's own process is running on this host (never taken over). */
    boolean liveHere() {
      if (!pidIsLocal()) {
        return false;
      }
      ProcessHandle p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElse(null);
      return p != null && sameProcess(p);
    }

    /**
     * True when {@code p} started when the holder's process did; 1 s of slack absorbs a step
     * of the wall clock between the two readings of the boot time that start times derive from.
     */
    private boolean sameProcess(ProcessHandle p) {
      long now = processStart(p);
      return pidStartMs > 0 && now > 0 && Math.abs(now - pidStartMs) <= 1000;
    }

    /**
     * The silence (ms) after which this holder is stale: the newcomer's stale time, but never
     * less than {@link #STALE_BEATS} of the holder's own heartbeat intervals.
     */
    long staleMs(Duration staleAfter) {
      long beat = beatMs > 0 ? beatMs : OLD_BEAT_MS;
      long floor = beat > Long.MAX_VALUE / STALE_BEATS ? Long.MAX_VALUE : beat * STALE_BEATS;
      return Math.max(staleAfter.toMillis(), floor);
    }

    String describe() {
      if (token == null) {
        return "another run (lease being written)";
      }
      return String.format(Locale.ROOT, "run %s (host %s, pid %d, last heartbeat %.0f s ago)",
          runId, host, pid, ageMs / 1000.0);
    }
  }
}
