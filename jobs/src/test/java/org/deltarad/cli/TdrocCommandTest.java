package org.deltarad.cli;

import static org.deltarad.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TdrocCommandTest {
  @TempDir
  Path dir;

  private Path copyResource(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/golden/tdroc/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  private Path csv(String text) throws IOException {
    Path p = Files.createTempFile(dir, "in", ".csv");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void printsTimeRocAndSurvivalRocAsJson() throws IOException {
    Path data = copyResource("cont_n37.csv");
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/tdroc/cont_n37.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    CliRun r = run("tdroc", "--input", data.toString(), "--time", "time", "--event", "status",
        "--marker", "marker", "--horizon", "60");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    for (String k : new String[] {"auc", "se", "ci_lower", "ci_upper"}) {
      assertEquals(golden.get(k).asDouble(), j.get(k).asDouble(), 1e-9, k);
    }
    assertEquals(golden.get("cases").asInt(), j.get("cases").asInt());
    assertEquals(golden.get("survivors").asInt(), j.get("controls").asInt());
    assertEquals(golden.get("censored").asInt(), j.get("censored").asInt());
    JsonNode km = golden.get("survivalroc_km");
    assertEquals(km.get("auc").asDouble(), j.get("survivalroc_auc").asDouble(), 1e-9);
    assertEquals(km.get("youden_cutoff").asDouble(), j.get("youden_cutoff").asDouble(), 0.0);
  }

  /** A horizon that is not a positive number is a bad option (exit 2), before any reading. */
  @Test
  void aNonPositiveHorizonIsABadOption() {
    for (String h : List.of("NaN", "0", "-5")) {
      CliRun r = CliRun.run("tdroc", "--input", "/nonexistent.csv", "--time", "t", "--event",
          "e", "--marker", "m", "--horizon", h);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("--horizon must be a positive number"), r.err());
    }
  }

  @Test
  void youdenMinusInfinityIsWrittenAsString() throws IOException {
    // marker opposite to risk: AUC 0 and no cut beats chance, so which.max picks -Inf
    Path p = csv("t,e,m\n1,1,1\n2,1,2\n3,1,3\n4,1,4\n5,0,5\n6,0,6\n7,0,7\n8,0,8\n");
    CliRun r = run("tdroc", "--input", p.toString(), "--time", "t", "--event", "e", "--marker", "m",
        "--horizon", "4.5");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(0.0, j.get("auc").asDouble(), 1e-12);
    assertEquals("-Infinity", j.get("youden_cutoff").asText());
    assertEquals(4, j.get("cases").asInt());
    assertEquals(4, j.get("controls").asInt());
  }

  private void assertOneLineError(CliRun r, String expected) {
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  private CliRun tdroc(Path input, String marker) {
    return run("tdroc", "--input", input.toString(), "--time", "t", "--event", "e",
        "--marker", marker, "--horizon", "60");
  }

  @Test
  void missingColumn() throws IOException {
    Path p = csv("t,e,m\n10,1,0.5\n70,0,0.1\n");
    assertOneLineError(tdroc(p, "size"), "no column 'size' (columns: t, e, m)");
  }

  @Test
  void nonNumericValue() throws IOException {
    Path p = csv("t,e,m\n10,1,0.5\n70,0,abc\n");
    assertOneLineError(tdroc(p, "m"), "line 3: column 'm' value 'abc' is not a number");
  }

  @Test
  void emptyValue() throws IOException {
    Path p = csv("t,e,m\n10,1,\n70,0,1\n");
    assertOneLineError(tdroc(p, "m"), "line 2: column 'm' is empty");
  }

  @Test
  void negativeTime() throws IOException {
    Path p = csv("t,e,m\n10,1,0.5\n-3,0,0.1\n");
    assertOneLineError(tdroc(p, "m"), "line 3: column 't' has negative time -3");
  }

  @Test
  void noEvents() throws IOException {
    Path p = csv("t,e,m\n10,0,0.5\n70,0,0.1\n");
    assertOneLineError(tdroc(p, "m"), "no events (column 'e' is all 0)");
  }

  @Test
  void oneSubject() throws IOException {
    Path p = csv("t,e,m\n10,1,0.5\n");
    assertOneLineError(tdroc(p, "m"), "need at least 2 subjects, got 1");
  }

  @Test
  void eventNotBinary() throws IOException {
    Path p = csv("t,e,m\n10,2,0.5\n70,0,0.1\n");
    assertOneLineError(tdroc(p, "m"), "line 2: column 'e' value '2' must be 0 or 1");
  }

  @Test
  void noEventBeforeHorizon() throws IOException {
    Path p = csv("t,e,m\n61,1,0.5\n70,0,0.1\n30,0,0.3\n");
    assertOneLineError(tdroc(p, "m"), "no event before the horizon t=60.0");
  }

  @Test
  void missingFile() {
    assertOneLineError(tdroc(dir.resolve("nope.csv"), "m"), "nope.csv: no such file");
  }

  @Test
  void missingOptionIsAUsageError() {
    CliRun r = run("tdroc", "--input", "x.csv");
    assertEquals(2, r.code());
  }
}
