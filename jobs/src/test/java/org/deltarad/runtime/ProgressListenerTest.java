package org.deltarad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {
  @Test
  void linesAndSecondHalfRate() throws Exception {
    LongAccumulator ok = new LongAccumulator();
    LongAccumulator failed = new LongAccumulator();
    LongAccumulator skipped = new LongAccumulator();
    List<String> lines = new ArrayList<>();
    ProgressListener p = new ProgressListener(ok, failed, skipped, 0, lines::add);
    p.start(40);
    ok.add(10);
    p.report(false);
    assertTrue(Double.isNaN(p.secondHalfRate()), "not finished");
    ok.add(15); // 25 of 40: past half way
    long t0 = System.nanoTime();
    p.report(false);
    Thread.sleep(50);
    failed.add(10);
    skipped.add(5);
    p.report(false);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    double rate = p.secondHalfRate();
    // 15 volumes after the half-way task, in at least 50 ms and at most the time measured here
    assertTrue(rate <= 15 / 0.05 && rate >= 15 / elapsed, "rate " + rate);
    assertEquals(3, lines.size());
    assertTrue(lines.get(2).startsWith("extract: 40/40 volumes (100%), 10 failed, 5 unchanged"), lines.get(2));

    p.start(10); // a new count forgets the old half-way point
    assertTrue(Double.isNaN(p.secondHalfRate()));
  }
}
