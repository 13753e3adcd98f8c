package org.deltarad.tables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
  @TempDir
  Path dir;

  private Path csv(String text) throws Exception {
    Path p = Files.createTempFile(dir, "t", ".csv");
    Files.write(p, text.getBytes(StandardCharsets.UTF_8));
    return p;
  }

  private String error(String text, String column, String kind) throws Exception {
    CsvTable t = CsvTable.read(csv(text));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      switch (kind) {
        case "numbers" -> t.numbers(column);
        case "times" -> t.times(column);
        case "events" -> t.events(column);
        default -> t.strings(column);
      }
    });
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    return e.getMessage();
  }

  @Test
  void quotedFieldsBomCrLfAndBlankLines() throws Exception {
    CsvTable t = CsvTable.read(csv("\uFEFFid, \"name\" ,v\r\n\"a,1\",\"say \"\"hi\"\"\", 1.5 \r\n"
        + "\r\n   \r\nb,x,-2e3\r\n"));
    assertEquals(2, t.size());
    assertArrayEquals(new String[] {"id", "name", "v"}, t.columns());
    assertArrayEquals(new String[] {"a,1", "b"}, t.strings("id"));
    assertArrayEquals(new String[] {"say \"hi\"", "x"}, t.strings("name"));
    assertArrayEquals(new double[] {1.5, -2000}, t.numbers("v"));
  }

  @Test
  void quotedNewlinesAndFifos() throws Exception {
    CsvTable t = CsvTable.read(csv("id,time\n\"two\nlines\",3\n\"Q,\"\"x\"\"\",4\n"));
    assertArrayEquals(new String[] {"two\nlines", "Q,\"x\""}, t.strings("id"));
    Path fifo = dir.resolve("fifo.csv");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    assertEquals(fifo + ": not a regular file", assertThrows(IllegalArgumentException.class,
        () -> CsvTable.read(fifo)).getMessage());
    assertEquals(fifo + ": not a regular file", assertThrows(IllegalArgumentException.class,
        () -> CsvTable.read(fifo.toString())).getMessage());
  }

  @Test
  void errorsNameFileLineColumnAndValue() throws Exception {
    // line numbers count the lines of the file, blank ones included
    String bad = error("a,b\n1,2\n\n3,x\n", "b", "numbers");
    assertTrue(bad.endsWith(".csv: line 4: column 'b' value 'x' is not a number"), bad);
    assertTrue(error("a,b\n1,NaN\n", "b", "numbers").endsWith("line 2: column 'b' value 'NaN'"
        + " is not finite"));
    assertTrue(error("a,b\n1,\"\"\n", "b", "numbers").endsWith("line 2: column 'b' is empty"));
    assertTrue(error("a,b\n1,2\n", "c", "numbers").endsWith("no column 'c' (columns: a, b)"));
    assertTrue(error("a,b,a\n1,2,3\n", "a", "strings")
        .endsWith("column 'a' appears more than once in the header"));
    assertTrue(error("t,e\n1,1\n-1,0\n", "t", "times")
        .endsWith("line 3: column 't' has negative time -1"));
    assertTrue(error("t,e\n1,1\n2,0.5\n", "e", "events")
        .endsWith("line 3: column 'e' value '0.5' must be 0 or 1"));
    assertTrue(error("t,e\n1,0\n2,0\n", "e", "events")
        .endsWith("no events (column 'e' is all 0)"));
  }

  @Test
  void badFiles() throws Exception {
    Path ragged = csv("a,b\n1,2\n3\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsvTable.read(ragged));
    assertEquals(ragged + ": line 3 has 1 fields, the header has 2", e.getMessage());
    Path empty = csv("\n\n");
    e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(empty));
    assertEquals(empty + ": empty file (no header row)", e.getMessage());
    Path missing = dir.resolve("missing.csv");
    e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(missing));
    assertEquals(missing + ": no such file", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(missing.toString()));
    assertEquals(missing + ": no such file", e.getMessage());
  }

  @Test
  void wideTableAndHadoopUri() throws Exception {
    // univocity's default limit is 512 columns; a feature table has more
    StringBuilder head = new StringBuilder("c0");
    StringBuilder row = new StringBuilder("0");
    for (int j = 1; j < 2000; j++) {
      head.append(",c").append(j);
      row.append(',').append(j);
    }
    Path p = csv(head + "\n" + row + "\n");
    assertArrayEquals(new double[] {1999}, CsvTable.read(p).numbers("c1999"));
    CsvTable t = CsvTable.read(p.toUri().toString());
    assertEquals(2000, t.columns().length);
    assertEquals(p.toUri().toString(), t.file());
  }
}
