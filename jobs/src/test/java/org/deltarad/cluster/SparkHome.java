package org.deltarad.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Spark home made from the Maven test classpath, laid out as a Spark distribution: RELEASE,
 * jars/ (Spark, Scala, Hadoop client and their dependencies; not DeltaRad, which spark-submit
 * ships as the application jar, nor the test libraries) and bin/spark-submit, which does what
 * Spark's bin/spark-submit does: ask org.apache.spark.launcher.Main for the driver command and run
 * it. A worker builds each executor's command the same way (SPARK_HOME/jars/*), which is why a
 * worker needs a Spark home at all.
 */
record SparkHome(Path dir) {
  /** Test-only or application jars that must not be in a Spark distribution. */
  private static final Pattern NOT_SPARK = Pattern.compile(
      "deltarad-.*|junit-.*|opentest4j-.*|apiguardian-.*|hadoop-client-minicluster-.*");

  static SparkHome create(Path dir) throws IOException {
    Path jars = Files.createDirectories(dir.resolve("jars"));
    for (String entry : testClassPath()) {
      Path jar = Path.of(entry);
      String name = jar.getFileName().toString();
      if (name.endsWith(".jar") && !NOT_SPARK.matcher(name).matches()
          && !Files.exists(jars.resolve(name))) {
        Files.createSymbolicLink(jars.resolve(name), jar.toAbsolutePath());
      }
    }
    Files.writeString(dir.resolve("RELEASE"), "Spark 4.2 from the Maven classpath (ClusterIT)\n");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path submit = bin.resolve("spark-submit");
    Files.writeString(submit, String.join("\n",
        "#!/usr/bin/env bash",
        "# Spark's bin/spark-submit in short (bin/spark-class): the launcher prints messages, an",
        "# empty line (a NUL), the driver command NUL-separated; then its own exit code.",
        "delim=$'\\n'; started=0; cmd=()",
        "while IFS= read -r -d \"$delim\" arg; do",
        "  if [ $started = 1 ]; then cmd+=(\"$arg\")",
        "  elif [ -z \"$arg\" ]; then delim=''; started=1",
        "  else printf '%s\\n' \"$arg\" >&2; fi",
        "done < <(\"" + java() + "\" -Xmx128m -cp \"$SPARK_HOME/jars/*\""
            + " org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit \"$@\";"
            + " printf '%d\\0' $?)",
        "[ ${#cmd[@]} -gt 1 ] && [ \"${cmd[-1]}\" = 0 ] || { echo 'spark-submit: the Spark"
            + " launcher failed' >&2; exit 1; }",
        "unset 'cmd[-1]'",
        "exec \"${cmd[@]}\"", ""));
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new SparkHome(dir);
  }

  /**
   * The environment of everything started from this home: what Spark's sbin/ scripts export
   * (load-spark-env.sh sets SPARK_SCALA_VERSION; without it the launcher looks for a source
   * build), and loopback addresses only.
   */
  Map<String, String> env() {
    return Map.of("SPARK_HOME", dir.toString(), "SPARK_SCALA_VERSION", "2.13",
        "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_SUBMIT", dir.resolve("bin/spark-submit").toString());
  }

  /** {@code java -cp SPARK_HOME/jars/* <jvm-options>} for a Spark daemon. */
  List<String> javaCommand(Path jvmOptions, String heap) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(java(), "-Xmx" + heap));
    Files.readAllLines(jvmOptions).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(cmd::add);
    cmd.addAll(List.of("-cp", dir.resolve("jars") + File.separator + "*"));
    return cmd;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Surefire and failsafe hide the real classpath behind a manifest-only booter jar. */
  private static List<String> testClassPath() {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    return Arrays.asList(cp.split(File.pathSeparator));
  }
}
