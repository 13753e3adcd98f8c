package org.deltarad.cli;

import static org.deltarad.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IccCommandTest {
  @TempDir
  Path dir;

  private Path write(String content) throws Exception {
    Path p = dir.resolve("icc.csv");
    Files.writeString(p, content);
    return p;
  }

  // values from core/src/test/r (irr::icc on this 5 x 2 table, computed in R 4.2.2):
  // icc(cbind(c(1,3,5,2,6), c(2,3,6,4,5)), "twoway", "agreement") = 0.797101449275362 [0.112587286220624, 0.976017327837572]
  private static final String TABLE = "patient,reader,vol\n"
      + "a,r1,1\na,r2,2\nb,r1,3\nb,r2,3\nc,r1,5\nc,r2,6\nd,r1,2\nd,r2,4\ne,r1,6\ne,r2,5\n";

  @Test
  void printsJson() throws Exception {
    Path p = write(TABLE);
    CliRun r = run("icc", "--input", p.toString(), "--subject", "patient", "--rater", "reader",
        "--value", "vol");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    for (String k : new String[] {"icc1", "icc2_1", "icc3_1"}) {
      assertTrue(j.get(k).has("value") && j.get(k).has("lower") && j.get(k).has("upper"), k);
    }
    assertEquals(0.79710144927536219, j.get("icc2_1").get("value").asDouble(), 1e-12);
    assertEquals(0.11258728622062365, j.get("icc2_1").get("lower").asDouble(), 1e-9);
    assertEquals(0.97601732783757178, j.get("icc2_1").get("upper").asDouble(), 1e-9);
  }

  @Test
  void badInputIsOneLineExit1() throws Exception {
    Path p = write(TABLE);
    CliRun r = run("icc", "--input", p.toString(), "--subject", "patient", "--rater", "reader",
        "--value", "volume");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no column 'volume'"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());

    p = write("patient,reader,vol\na,r1,1\na,r2,x\nb,r1,3\nb,r2,3\n");
    r = run("icc", "--input", p.toString(), "--subject", "patient", "--rater", "reader",
        "--value", "vol");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("'x'") && r.err().contains("not a number"), r.err());

    p = write("patient,reader,vol\na,r1,1\na,r2,2\n");
    r = run("icc", "--input", p.toString(), "--subject", "patient", "--rater", "reader",
        "--value", "vol");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("at least 2 subjects"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
