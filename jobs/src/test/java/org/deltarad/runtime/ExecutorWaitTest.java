package org.deltarad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The one line a run that gets no executor fails with. The wait itself against a standalone
 * master is exercised by ClusterIT (an executor larger than every worker).
 */
class ExecutorWaitTest {
  @Test
  void requestedNamesCoresMemoryAndOverhead() {
    SparkConf conf = new SparkConf(false).set("spark.master", "spark://h:7077")
        .set("spark.executor.cores", "4").set("spark.executor.memory", "4g")
        .set("spark.executor.memoryOverhead", "1g");
    assertEquals("requested executors of 4 core(s) and spark.executor.memory 4g"
        + " + spark.executor.memoryOverhead 1g (YARN, Kubernetes)", ExecutorWait.requested(conf));
    assertEquals("requested executors of all of a worker's core(s) and spark.executor.memory 1g",
        ExecutorWait.requested(new SparkConf(false).set("spark.master", "spark://h:7077")));
  }

  @Test
  void workersAreDescribedByTheirLargestFreeOffer() throws Exception {
    String json = "{\"workers\": ["
        + "{\"state\": \"ALIVE\", \"coresfree\": 2, \"memoryfree\": 1024},"
        + "{\"state\": \"ALIVE\", \"coresfree\": 1, \"memoryfree\": 3072},"
        + "{\"state\": \"DEAD\", \"coresfree\": 16, \"memoryfree\": 65536}]}";
    assertEquals("the master has 2 alive worker(s) with at most 2 free core(s) and 3072 MiB free"
        + " memory each", ExecutorWait.describeWorkers(new ObjectMapper().readTree(json)));
    assertEquals("the master has no alive worker",
        ExecutorWait.describeWorkers(new ObjectMapper().readTree("{\"workers\": []}")));
  }

  @Test
  void anUnreachableMasterUiIsSaidNotGuessed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    SparkConf conf = new SparkConf(false).set("spark.master.ui.port", Integer.toString(port));
    String msg = ExecutorWait.available(conf, "spark://127.0.0.1:7077");
    assertTrue(msg.startsWith("available resources unknown: the master's web UI"
        + " http://127.0.0.1:" + port + "/json/ did not answer"), msg);
    assertEquals("available resources: see the cluster manager of yarn",
        ExecutorWait.available(conf, "yarn"));
  }

  @Test
  void theMessageIsOneLineNamingTheWaitSetting() {
    SparkConf conf = new SparkConf(false).set("spark.master", "yarn");
    String msg = ExecutorWait.noExecutorMessage(conf, 60);
    assertTrue(msg.startsWith("no executor registered within 60 s on yarn: requested"), msg);
    assertTrue(msg.endsWith("(spark.deltarad.executorWaitTimeout sets the wait)"), msg);
    assertTrue(!msg.contains("\n"), msg);
  }
}
