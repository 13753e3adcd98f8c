package org.deltarad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What README says of the embedded launcher's JVM: a starting heap of 8% of the RAM and JIT
 * thresholds 6x the defaults, which {@code JAVA_OPTS} overrides. The launcher's own command line
 * (its {@code RUN=(...)} line, expanded by bash with a stand-in classpath) is run with
 * {@code -XX:+PrintFlagsFinal}, so the test sees the values the JVM ends up with, without a build.
 */
class LauncherJvmOptionsTest {
  private static final Path LAUNCHER = Path.of("../spark-submit/deltarad");

  @Test
  void defaultsApplyAndJavaOptsOverrideThem() throws Exception {
    String defaults = finalFlags("");
    assertEquals("6.000000", flag(defaults, "CompileThresholdScaling"));
    assertEquals("8.000000", flag(defaults, "InitialRAMPercentage"));
    String overridden = finalFlags("-XX:CompileThresholdScaling=1 -XX:InitialRAMPercentage=3");
    assertEquals("1.000000", flag(overridden, "CompileThresholdScaling"));
    assertEquals("3.000000", flag(overridden, "InitialRAMPercentage"));
  }

  /** The JVM's final flags for the launcher's command line with these JAVA_OPTS. */
  private static String finalFlags(String javaOpts) throws IOException, InterruptedException {
    String run = Files.readAllLines(LAUNCHER, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("RUN=(")).findFirst().orElseThrow();
    String script = "TOP=. JAR=x CP_FILE=/dev/null; JVM_FLAGS=(); " + run
        + "; \"${RUN[@]}\" -XX:+PrintFlagsFinal -version";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
    pb.environment().put("JAVA_OPTS", javaOpts);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  private static String flag(String flags, String name) {
    Matcher m = Pattern.compile("\\b" + name + "\\s+= (\\S+)").matcher(flags);
    assertTrue(m.find(), name + " not printed");
    return m.group(1);
  }
}
