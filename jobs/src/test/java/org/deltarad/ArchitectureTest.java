package org.deltarad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule, read from the sources: cli -> {extract, analysis, report} ->
 * {tables, runtime} -> core; nothing imports cli; report reads only the analysis' result;
 * the jobs exchange data through the declared tables, never through each other's classes;
 * core never touches Spark.
 */
class ArchitectureTest {
  private static final Set<String> CORE = Set.of("image", "features", "stats", "synth");

  /** Package (first segment under org.deltarad) -> the jobs packages it may use. */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "cli", Set.of("extract", "analysis", "report", "tables", "runtime"),
      "extract", Set.of("tables", "runtime"),
      "analysis", Set.of("tables", "runtime"),
      "report", Set.of("analysis", "runtime"),
      "tables", Set.of(),
      "runtime", Set.of());

  private static final Pattern REF = Pattern.compile("org\\.deltarad\\.([a-z]+)");

  @Test
  void jobsPackagesFollowTheDependencyRule() throws IOException {
    List<String> violations = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (Path f : sources(Path.of("src/main/java/org/deltarad"))) {
      String own = Path.of("src/main/java/org/deltarad").relativize(f).getName(0).toString();
      seen.add(own);
      Set<String> allowed = ALLOWED.get(own);
      assertTrue(allowed != null, "package " + own + " is not in the dependency rule: " + f);
      for (String used : references(f)) {
        if (!used.equals(own) && !CORE.contains(used) && !allowed.contains(used)) {
          violations.add(f + " uses org.deltarad." + used);
        }
      }
    }
    assertEquals(ALLOWED.keySet(), seen, "every jobs package is covered, and only those");
    assertEquals(List.of(), violations);
  }

  @Test
  void coreUsesNeitherSparkNorTheJobs() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path f : sources(Path.of("../core/src/main/java"))) {
      String text = Files.readString(f);
      if (text.contains("org.apache.spark")) {
        violations.add(f + " uses Spark");
      }
      for (String used : references(f)) {
        if (!CORE.contains(used)) {
          violations.add(f + " uses org.deltarad." + used);
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  private static List<Path> sources(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** First package segments under org.deltarad named anywhere in the file but its own line. */
  private static Set<String> references(Path f) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(f)) {
      if (line.startsWith("package ")) {
        continue;
      }
      Matcher m = REF.matcher(line);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }
}
