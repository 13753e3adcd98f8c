package org.deltarad.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputStoreTest {
  @TempDir Path dir;

  private OutputStore store() throws Exception {
    return new OutputStore(dir.toString(), new Configuration());
  }

  private void file(org.apache.hadoop.fs.Path p, String content) throws Exception {
    Path f = Path.of(p.toUri());
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
  }

  private String read(org.apache.hadoop.fs.Path p) throws Exception {
    return Files.readString(Path.of(p.toUri()));
  }

  @Test
  void commitReplacesTheLiveTables() throws Exception {
    OutputStore s = store();
    file(new org.apache.hadoop.fs.Path(s.table("features", "h"), "part-0"), "old");
    file(new org.apache.hadoop.fs.Path(s.staged("r1", "features"), "part-0"), "new");
    file(new org.apache.hadoop.fs.Path(s.staged("r1", "errors"), "part-0"), "err");
    file(new org.apache.hadoop.fs.Path(s.staging("r1"), "_OWNER"), "r1");
    s.commit("r1", "h", false);
    assertEquals("new", read(new org.apache.hadoop.fs.Path(s.table("features", "h"), "part-0")));
    assertEquals("err", read(new org.apache.hadoop.fs.Path(s.table("errors", "h"), "part-0")));
    assertFalse(Files.exists(Path.of(s.staging("r1").toUri())));
    assertEquals(List.of("h"), s.settingsHashes());
  }

  @Test
  void recoveryDropsUncommittedRunsAndFinishesCommittedOnes() throws Exception {
    OutputStore s = store();
    // run a: killed while writing (no marker): its partial files vanish, live table untouched
    file(new org.apache.hadoop.fs.Path(s.table("features", "h"), "part-0"), "live");
    file(new org.apache.hadoop.fs.Path(s.staged("a", "features"), "part-0"), "partial");
    file(new org.apache.hadoop.fs.Path(s.staging("a"), "_OWNER"), "a");
    // run b: killed after moving the live errors table aside, before moving the new one in
    file(new org.apache.hadoop.fs.Path(s.staging("b"), "_COMMIT"), "g");
    file(new org.apache.hadoop.fs.Path(s.staging("b"), "old-errors/part-0"), "old errors");
    file(new org.apache.hadoop.fs.Path(s.staged("b", "errors"), "part-0"), "new errors");
    file(new org.apache.hadoop.fs.Path(s.staged("b", "features"), "part-0"), "new features");
    List<String> log = new ArrayList<>();
    s.recover(log::add);
    assertEquals("live", read(new org.apache.hadoop.fs.Path(s.table("features", "h"), "part-0")));
    assertEquals("new errors", read(new org.apache.hadoop.fs.Path(s.table("errors", "g"), "part-0")));
    assertEquals("new features",
        read(new org.apache.hadoop.fs.Path(s.table("features", "g"), "part-0")));
    assertFalse(Files.exists(dir.resolve("_staging/a")));
    assertFalse(Files.exists(dir.resolve("_staging/b")));
    assertEquals(2, log.size());
    assertTrue(log.get(0).contains("interrupted"));
  }

  @Test
  void smallFilesAreReplacedWhole() throws Exception {
    OutputStore s = store();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(s.root(), "_run.json");
    s.writeAtomically(p, "one");
    s.writeAtomically(p, "two");
    assertEquals("two", s.readString(p));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.filter(f -> f.getFileName().toString().contains("tmp")).count());
    }
  }
}
