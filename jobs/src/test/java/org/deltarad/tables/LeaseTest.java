package org.deltarad.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseTest {
  @TempDir Path dir;
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  private FileSystem fs() throws Exception {
    return FileSystem.getLocal(new Configuration());
  }

  private org.apache.hadoop.fs.Path root() {
    return new org.apache.hadoop.fs.Path(dir.toUri());
  }

  private Lease acquire(String run, Lease.Policy p) throws Exception {
    return Lease.acquire(fs(), root(), run, p, log::add);
  }

  /** run-b takes the lease over under {@code p}, still holds it, and the log ends with why. */
  private void assertTakenOver(Lease.Policy p, String why) throws Exception {
    try (Lease b = acquire("run-b", p)) {
      b.verify();
    }
    assertTrue(log.get(0).endsWith(why), log.get(0));
  }

  private static Lease.Policy policy(long waitMs, long staleMs) {
    return new Lease.Policy(Duration.ofMillis(waitMs), Duration.ofMillis(staleMs));
  }

  @Test
  void aSecondRunFailsAtOnceNamingTheHolder() throws Exception {
    try (Lease a = acquire("run-a", Lease.Policy.DEFAULT)) {
      String lease = Files.readString(dir.resolve(Lease.FILE));
      assertTrue(lease.contains("\"run_id\":\"run-a\"") && lease.contains("\"pid\":"), lease);
      long t0 = System.nanoTime();
      Lease.HeldException ex = assertThrows(Lease.HeldException.class,
          () -> acquire("run-b", Lease.Policy.DEFAULT));
      assertTrue((System.nanoTime() - t0) / 1e9 < 5, "fails at once");
      assertTrue(ex.getMessage().startsWith("--out " + root() + " is in use by run run-a (host "
          + InetAddress.getLocalHost().getHostName() + ", pid " + ProcessHandle.current().pid()),
          ex.getMessage());
      a.verify();
    }
    assertFalse(Files.exists(dir.resolve(Lease.FILE)));
  }

  @Test
  void onlyOneOfManyConcurrentRunsHoldsTheLeaseAtATime() throws Exception {
    int threads = 8;
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      String run = "run-" + i;
      done.add(pool.submit(() -> {
        go.await();
        try (Lease l = acquire(run, policy(60_000, 60_000))) {
          most.accumulateAndGet(holders.incrementAndGet(), Math::max);
          Thread.sleep(50);
          l.verify();
          holders.decrementAndGet();
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    assertEquals(1, most.get());
    assertTrue(log.stream().anyMatch(l -> l.startsWith("waiting up to 60 s for run run-")), 
        String.join("\n", log));
  }

  @Test
  void theHeartbeatKeepsALongRunAlive() throws Exception {
    try (Lease a = acquire("run-a", policy(0, 600))) {
      asFromAnotherHost(); // else alive on this host, whatever its heartbeat
      Thread.sleep(1500); // more than twice the stale time: only heartbeats keep it fresh
      assertThrows(Lease.HeldException.class, () -> acquire("run-b", policy(0, 600)));
      a.verify();
    }
  }

  @Test
  void theLeaseRecordsTheProcessStartAndTheHeartbeatInterval() throws Exception {
    try (Lease a = acquire("run-a", policy(0, 30_000))) {
      String lease = Files.readString(dir.resolve(Lease.FILE));
      assertTrue(lease.contains("\"heartbeat_ms\":5000") && lease.contains("\"process_start_ms\":"
          + ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli()), lease);
    }
  }

  /** A live run on this host keeps its lease against any stale time, its heartbeat's age aside. */
  @Test
  void aLiveOwnerOnThisHostIsNotTakenOverEvenWithATinyStaleTime() throws Exception {
    try (Lease a = acquire("run-a", Lease.Policy.DEFAULT)) {
      ageLease(600_000); // as if its heartbeat thread had stalled for 10 minutes
      Lease.HeldException ex = assertThrows(Lease.HeldException.class,
          () -> acquire("run-b", policy(0, 1)));
      assertTrue(ex.getMessage().contains("is in use by run run-a"), ex.getMessage());
      assertTrue(ex.getMessage().contains("its process is alive on this host, so its lease is"
          + " not taken over"), ex.getMessage());
      assertEquals(List.of(), log);
      a.verify();
    }
  }

  /**
   * A lease file of this very process that no open Lease holds (its close failed) does not
   * lock the directory until the JVM exits: the next run here takes it over, saying why.
   */
  @Test
  void aLeaseThisProcessLeftBehindIsTakenOver() throws Exception {
    long me = ProcessHandle.current().pid();
    long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    writeLease("run-left", InetAddress.getLocalHost().getHostName(), me,
        HERE + ",\"process_start_ms\":" + started + ",\"heartbeat_ms\":10000");
    try (Lease b = acquire("run-b", Lease.Policy.DEFAULT)) {
      b.verify();
    }
    assertTrue(log.stream().anyMatch(l -> l.contains("this process left it behind")),
        log.toString());
  }

  /** A live pid that is another process than the one that took the lease is not trusted. */
  @Test
  void aRecycledPidOnThisHostIsJudgedByItsHeartbeat() throws Exception {
    String host = InetAddress.getLocalHost().getHostName();
    long me = ProcessHandle.current().pid();
    long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    writeLease("run-old", host, me, HERE + ",\"process_start_ms\":" + (started - 3_600_000)
        + ",\"heartbeat_ms\":1000");
    assertThrows(Lease.HeldException.class, () -> acquire("run-b", policy(0, 60_000)));
    ageLease(120_000);
    assertTakenOver(policy(0, 60_000), "no heartbeat for 120 s (stale after 60 s)");
  }

  /**
   * A lease file of an older version (no process start time, no heartbeat interval) still reads:
   * its holder beat at most every 10 s, so it is stale after 60 s at the least.
   */
  @Test
  void anOldFormatLeaseStillReadsAndIsStaleAfterSixOfItsLongestBeats() throws Exception {
    writeLease("run-old", "another-host", 7);
    ageLease(30_000);
    Lease.HeldException ex = assertThrows(Lease.HeldException.class,
        () -> acquire("run-b", policy(0, 1_000)));
    assertTrue(ex.getMessage().contains("is in use by run run-old (host another-host, pid 7, last"
        + " heartbeat 30 s ago)") && ex.getMessage().contains("taken over 60 s after"),
        ex.getMessage());
    ageLease(61_000);
    assertTakenOver(policy(0, 1_000), "no heartbeat for 61 s (stale after 60 s)");
  }

  /** Another host's pid says nothing about this host's processes: a fresh lease there holds. */
  @Test
  void aLiveOwnerOnAnotherHostWhosePidIsFreeHereIsNotTakenOver() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    writeLease("run-far", "another-host", p.pid(), ",\"heartbeat_ms\":10000");
    assertThrows(Lease.HeldException.class, () -> acquire("run-b", Lease.Policy.DEFAULT));
    assertEquals(List.of(), log);
  }

  /**
   * A container with host networking shares this host's name but numbers its processes apart: a
   * pid free here says nothing about a run there, which holds its lease until its heartbeat
   * stops; nor does a live pid here that matches its pid and start time.
   */
  @Test
  void anOwnerInAnotherPidNamespaceUnderThisHostNameIsJudgedByItsHeartbeat() throws Exception {
    assumeTrue(!Lease.PID_SCOPE.isEmpty(), "nothing to read on this platform");
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    String host = InetAddress.getLocalHost().getHostName();
    String elsewhere = ",\"pid_scope\":\"" + Lease.PID_SCOPE + "x\"";
    writeLease("run-box", host, p.pid(), elsewhere + ",\"heartbeat_ms\":10000");
    assertHeldUntilItsHeartbeatStops();
    long me = ProcessHandle.current().pid();
    long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    writeLease("run-box", host, me, elsewhere + ",\"process_start_ms\":" + started
        + ",\"heartbeat_ms\":10000");
    assertHeldUntilItsHeartbeatStops();
  }

  /** A lease of an older version (no pid namespace) on this host name: judged by its heartbeat. */
  @Test
  void anOlderVersionsLeaseUnderThisHostNameIsJudgedByItsHeartbeat() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    writeLease("run-box", InetAddress.getLocalHost().getHostName(), p.pid(),
        ",\"heartbeat_ms\":10000");
    assertHeldUntilItsHeartbeatStops();
  }

  /** The lease run-box wrote holds against a newcomer until 120 s without a heartbeat. */
  private void assertHeldUntilItsHeartbeatStops() throws Exception {
    Lease.HeldException ex = assertThrows(Lease.HeldException.class,
        () -> acquire("run-b", Lease.Policy.DEFAULT));
    assertTrue(ex.getMessage().contains("at once if it ran on this host, in this pid namespace,"
        + " and its process is gone"), ex.getMessage());
    assertEquals(List.of(), log);
    ageLease(121_000);
    assertTakenOver(policy(0, 120_000), "no heartbeat for 121 s (stale after 120 s)");
    log.clear();
  }

  /** A newcomer's short stale time does not take over a remote run that beats slowly. */
  @Test
  void aRemoteOwnerWithALongHeartbeatIntervalIsNotStaleByANewcomersShortStaleTime()
      throws Exception {
    writeLease("run-slow", "another-host", 7, ",\"heartbeat_ms\":20000");
    ageLease(90_000); // 4.5 of its beats: late, not dead
    assertThrows(Lease.HeldException.class, () -> acquire("run-b", policy(0, 30_000)));
    ageLease(150_000);
    assertTakenOver(policy(0, 30_000), "no heartbeat for 150 s (stale after 120 s)");
  }

  @Test
  void aDeadOwnerOnThisHostIsTakenOverAtOnce() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    writeLease("run-dead", InetAddress.getLocalHost().getHostName(), p.pid(), HERE);
    try (Lease b = acquire("run-b", Lease.Policy.DEFAULT)) {
      b.verify();
    }
    assertEquals(1, log.size());
    assertTrue(log.get(0).startsWith("taking over the lease of " + root() + " from run run-dead")
        && log.get(0).endsWith("its process " + p.pid() + " on this host is gone"), log.get(0));
  }

  @Test
  void aSilentOwnerOnAnotherHostIsTakenOverWhenStaleAndTheOldHolderCannotCommit()
      throws Exception {
    writeLease("run-far", "another-host", 1);
    assertThrows(Lease.HeldException.class, () -> acquire("run-b", policy(0, 60_000)));
    Files.setLastModifiedTime(dir.resolve(Lease.FILE),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
    try (Lease b = acquire("run-b", policy(0, 60_000))) {
      assertTrue(log.get(0).endsWith("(stale after 60 s)"), log.get(0));
      assertTrue(log.get(0).contains("from run run-far (host another-host, pid 1, last"
          + " heartbeat 120 s ago): no heartbeat for 120 s"), log.get(0));
      b.verify();
    }
    // a holder paused past the stale time (its next heartbeat is 10 s away) finds its lease
    // taken over, as another host sees it, before it commits
    Lease a = acquire("run-a", policy(0, 60_000));
    String lease = Files.readString(dir.resolve(Lease.FILE));
    Files.writeString(dir.resolve(Lease.FILE), lease.replace("\"host\":\"",
        "\"host\":\"elsewhere-"));
    Files.setLastModifiedTime(dir.resolve(Lease.FILE),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
    try (Lease c = acquire("run-c", policy(0, 60_000))) {
      java.io.IOException lost = assertThrows(java.io.IOException.class, a::verify);
      assertTrue(lost.getMessage().contains("was lost") && lost.getMessage()
          .endsWith("nothing of this run was committed"), lost.getMessage());
      a.close(); // does not remove run-c's lease
      assertTrue(Files.readString(dir.resolve(Lease.FILE)).contains("run-c"));
      c.verify();
    }
  }

  /**
   * Runs that judge one dead run's lease stale at the same time take it over one at a time:
   * none of them later finds the lease it acquired lost, and no moved lease or lock is left in
   * the directory. (The race the lock closes is rare: a review's stress run with 30 s waits lost
   * 3 of 600 acquisitions before it; these 48 passed then too. The lock itself is tested below.)
   */
  @Test
  void concurrentTakeoversOfADeadRunsLeaseNeverCostAnAcquiredLease() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    String host = InetAddress.getLocalHost().getHostName();
    int threads = 6;
    AtomicInteger acquired = new AtomicInteger();
    for (int round = 0; round < 8; round++) {
      writeLease("run-dead", host, dead.pid(), HERE);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String run = "run-" + round + "-" + i;
        done.add(pool.submit(() -> {
          go.await();
          try (Lease l = acquire(run, policy(30_000, 60_000))) {
            acquired.incrementAndGet();
            l.verify();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(); // a lost lease fails here, from verify()
      }
      pool.shutdown();
      try (java.util.stream.Stream<Path> left = Files.list(dir)) {
        assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList());
      }
    }
    assertEquals(8 * threads, acquired.get());
  }

  /** A takeover lock is held while fresh; one left by a takeover that died is cleared. */
  @Test
  void anAbandonedTakeoverLockIsClearedAndAFreshOneWaitedFor() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    writeLease("run-dead", InetAddress.getLocalHost().getHostName(), dead.pid(), HERE);
    Path lock = dir.resolve(Lease.TAKEOVER_LOCK);
    Files.writeString(lock, "{\"token\":\"t-other\"}");
    java.util.concurrent.CompletableFuture<Lease> b = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> {
          try {
            return acquire("run-b", policy(0, 60_000));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    Thread.sleep(500);
    assertFalse(b.isDone(), "a fresh lock is another run's takeover under way");
    assertTrue(Files.readString(dir.resolve(Lease.FILE)).contains("run-dead"));
    Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(
        System.currentTimeMillis() - Lease.ABANDONED_LOCK_MS - 1_000));
    try (Lease lease = b.get(20, java.util.concurrent.TimeUnit.SECONDS)) {
      lease.verify();
    }
    assertFalse(Files.exists(lock));
  }

  /** A wait too long to add to the clock (--wait Infinity) waits, not fails at once. */
  @Test
  void anEndlessWaitWaits() throws Exception {
    Lease a = acquire("run-a", Lease.Policy.DEFAULT);
    java.util.concurrent.CompletableFuture<Void> release =
        java.util.concurrent.CompletableFuture.runAsync(() -> {
          try {
            a.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, java.util.concurrent.CompletableFuture.delayedExecutor(700,
            java.util.concurrent.TimeUnit.MILLISECONDS));
    try (Lease b = acquire("run-b", policy(Long.MAX_VALUE, 120_000))) {
      b.verify();
    }
    release.join();
    assertTrue(log.stream().anyMatch(l -> l.startsWith("waiting up to ")), log.toString());
  }

  /** The pid scope field (boot id and pid namespace) of a lease written by this process. */
  private static final String HERE = ",\"pid_scope\":\"" + Lease.PID_SCOPE + "\"";

  /** Writes a lease file as an older version did (no process start, no heartbeat interval). */
  private void writeLease(String run, String host, long pid) throws Exception {
    writeLease(run, host, pid, "");
  }

  private void writeLease(String run, String host, long pid, String more) throws Exception {
    Files.writeString(dir.resolve(Lease.FILE), "{\"run_id\":\"" + run + "\",\"token\":\"t-" + run
        + "\",\"host\":\"" + host + "\",\"pid\":" + pid + ",\"started\":\"2026-01-01T00:00:00Z\""
        + more + "}");
  }

  /** Sets the lease file's last heartbeat {@code ms} in the past. */
  private void ageLease(long ms) throws Exception {
    Files.setLastModifiedTime(dir.resolve(Lease.FILE),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - ms));
  }

  /** Rewrites the held lease file's host, as another host's run would have written it. */
  private void asFromAnotherHost() throws Exception {
    String lease = Files.readString(dir.resolve(Lease.FILE));
    Files.writeString(dir.resolve(Lease.FILE), lease.replace("\"host\":\"",
        "\"host\":\"elsewhere-"));
  }
}
