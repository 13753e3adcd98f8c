package org.deltarad.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Spark standalone master and workers, each a child JVM of {@link SparkHome} on loopback, as
 * Spark's sbin/start-master.sh and start-worker.sh would start them. Logs go to files in the
 * work directory (quoted when start-up fails); {@link #close} ends the workers, their executors
 * and the master.
 */
final class StandaloneCluster implements AutoCloseable {
  private final List<Process> daemons = new ArrayList<>();
  private final Path work;
  final int port;
  final int uiPort;

  private StandaloneCluster(Path work, int port, int uiPort) {
    this.work = work;
    this.port = port;
    this.uiPort = uiPort;
  }

  /**
   * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory}, without
   * waiting for them ({@link #awaitWorkers}), so that other set-up overlaps their start.
   */
  static StandaloneCluster start(SparkHome home, Path jvmOptions, Path work, int workers,
      int cores, String memory) throws IOException {
    StandaloneCluster c = new StandaloneCluster(work, freePort(), freePort());
    try {
      c.spawn(home, jvmOptions, "master", List.of("org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", Integer.toString(c.port),
          "--webui-port", Integer.toString(c.uiPort)));
      for (int i = 1; i <= workers; i++) {
        c.spawn(home, jvmOptions, "worker" + i, List.of("org.apache.spark.deploy.worker.Worker",
            "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores",
            Integer.toString(cores), "--memory", memory, "--work-dir",
            Files.createDirectories(work.resolve("worker" + i)).toString(), c.url()));
      }
      return c;
    } catch (IOException | RuntimeException ex) {
      c.close();
      throw ex;
    }
  }

  String url() {
    return "spark://127.0.0.1:" + port;
  }

  /** The master's state as its web UI serves it (what ExecutorWait reads). */
  JsonNode json() throws IOException {
    HttpURLConnection http = (HttpURLConnection) URI.create(
        "http://127.0.0.1:" + uiPort + "/json/").toURL().openConnection();
    http.setConnectTimeout(2000);
    http.setReadTimeout(2000);
    try (InputStream in = http.getInputStream()) {
      return new ObjectMapper().readTree(in);
    } finally {
      http.disconnect();
    }
  }

  private void spawn(SparkHome home, Path jvmOptions, String name, List<String> mainAndArgs)
      throws IOException {
    List<String> cmd = home.javaCommand(jvmOptions, "256m");
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile());
    pb.environment().putAll(home.env());
    daemons.add(pb.start());
  }

  /** Returns once {@code workers} workers are alive; fails when a daemon died or at timeout. */
  void awaitWorkers(int workers, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : daemons) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a Spark daemon exited with " + p.exitValue()
              + "; logs in " + work);
        }
      }
      try {
        if (json().path("aliveworkers").asInt() == workers) {
          return;
        }
      } catch (IOException notYet) {
        // the master's UI is not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(workers + " workers did not register with " + url()
        + " within " + timeout.toSeconds() + " s; logs in " + work);
  }

  /** A port free now (the daemons bind it a moment later; loopback only, so rarely taken). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Workers first (their executors with them), then the master; SIGKILL after 20 s. */
  @Override
  public void close() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      List<ProcessHandle> children = p.descendants().toList();
      p.destroy();
      waitOrKill(p.toHandle());
      children.stream().filter(ProcessHandle::isAlive).forEach(h -> {
        h.destroy();
        waitOrKill(h);
      });
    }
  }

  private static void waitOrKill(ProcessHandle p) {
    try {
      p.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception ex) {
      p.destroyForcibly();
    }
  }
}
