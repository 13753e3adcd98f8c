package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {
  private static List<StratifiedSplit.Subject> cohort(int n, long seed) {
    Random r = new Random(seed);
    List<StratifiedSplit.Subject> s = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      s.add(new StratifiedSplit.Subject(String.format("P%03d", i), r.nextDouble() < 0.35,
          Math.round(r.nextDouble() * 600) / 10.0, r.nextDouble() < 0.4 ? "1.5T" : "3T"));
    }
    return s;
  }

  @Test
  void sizesAreSklearns() {
    StratifiedSplit.Split s = StratifiedSplit.split(cohort(110, 1), 42);
    assertEquals(73, s.train().size());
    assertEquals(37, s.validation().size());
    Set3 all = new Set3(s);
    assertEquals(110, all.size());
    // 99 / 3 = 33 exactly, 100 / 3 -> ceil 34 (sklearn: n_test = ceil(test_size * n))
    assertEquals(33, StratifiedSplit.split(cohort(99, 2), 1).validation().size());
    assertEquals(34, StratifiedSplit.split(cohort(100, 2), 1).validation().size());
  }

  private record Set3(StratifiedSplit.Split s) {
    int size() {
      HashSet<String> h = new HashSet<>(s.train());
      h.addAll(s.validation());
      return h.size();
    }
  }

  /** Sizes and per-stratum counts of sklearn's train_test_split (core/src/test/python). */
  @Test
  void matchesSklearnSizesAndAllocation() {
    for (com.fasterxml.jackson.databind.JsonNode c : Golden.load("split/sklearn_split.json")) {
      String name = c.get("name").asText();
      List<StratifiedSplit.Subject> subjects = new ArrayList<>();
      for (com.fasterxml.jackson.databind.JsonNode s : c.get("subjects")) {
        subjects.add(new StratifiedSplit.Subject(s.get("id").asText(), s.get("event").asInt() == 1,
            s.get("followUp").asDouble(), s.get("field").asText()));
      }
      for (long seed = 0; seed < 5; seed++) {
        StratifiedSplit.Split split = StratifiedSplit.split(subjects, 1.0 / 3,
            c.get("bins").asInt(), seed);
        assertEquals(c.get("n_train").asInt(), split.train().size(), name);
        assertEquals(c.get("n_validation").asInt(), split.validation().size(), name);
        assertTrue(split.merges().isEmpty(), name);
        Map<String, Integer> per = new HashMap<>();
        for (String id : split.train()) {
          per.merge(split.stratum().get(id), 1, Integer::sum);
        }
        com.fasterxml.jackson.databind.JsonNode allowed = c.get("train_counts");
        assertEquals(allowed.size(), new HashSet<>(split.stratum().values()).size(), name);
        allowed.fields().forEachRemaining(e -> {
          int got = per.getOrDefault(e.getKey(), 0);
          boolean ok = false;
          for (com.fasterxml.jackson.databind.JsonNode v : e.getValue()) {
            ok |= v.asInt() == got;
          }
          assertTrue(ok, name + " " + e.getKey() + ": " + got + " not in sklearn's "
              + e.getValue());
        });
      }
    }
  }

  @Test
  void perStratumCountsFollowApproximateMode() {
    StratifiedSplit.Split s = StratifiedSplit.split(cohort(110, 3), 7);
    Map<String, int[]> per = new HashMap<>();
    for (String id : s.train()) {
      per.computeIfAbsent(s.stratum().get(id), k -> new int[2])[0]++;
    }
    for (String id : s.validation()) {
      per.computeIfAbsent(s.stratum().get(id), k -> new int[2])[1]++;
    }
    // each stratum gets floor(73 * n_g / 110) or one more, and the totals are exact
    for (Map.Entry<String, int[]> e : per.entrySet()) {
      int ng = e.getValue()[0] + e.getValue()[1];
      int fl = (int) Math.floor(73.0 * ng / 110);
      int tr = e.getValue()[0];
      assertTrue(tr == fl || tr == fl + 1, e.getKey() + ": " + tr + " of " + ng);
    }
  }

  @Test
  void approximateModeGivesRemaindersToLargestFractions() {
    // counts 10, 7, 5 of 22, 11 draws: 5, 3.5, 2.5 -> floors 5, 3, 2 (10) + 1 unit; the
    // fractional parts tie (0.5, 0.5): either of the two ties gets it
    int[] a = StratifiedSplit.approximateMode(new int[] {10, 7, 5}, 11, new MersenneTwister(1));
    assertEquals(5, a[0]);
    assertEquals(11, a[0] + a[1] + a[2]);
    // counts 9, 6, 5 of 20, 13 draws: 5.85, 3.9, 3.25 -> floors 5, 3, 3 (11) + 2 units to the
    // largest parts (0.9, 0.85) -> 6, 4, 3 (as sklearn)
    int[] b = StratifiedSplit.approximateMode(new int[] {9, 6, 5}, 13, new MersenneTwister(1));
    assertEquals(List.of(6, 4, 3), List.of(b[0], b[1], b[2]));
  }

  @Test
  void deterministicAndIndependentOfRowOrder() {
    List<StratifiedSplit.Subject> c = cohort(110, 4);
    StratifiedSplit.Split a = StratifiedSplit.split(c, 2025);
    List<StratifiedSplit.Subject> shuffled = new ArrayList<>(c);
    Collections.shuffle(shuffled, new Random(9));
    StratifiedSplit.Split b = StratifiedSplit.split(shuffled, 2025);
    assertEquals(a.train(), b.train());
    assertEquals(a.validation(), b.validation());
    StratifiedSplit.Split other = StratifiedSplit.split(c, 2026);
    assertNotEquals(a.train(), other.train());
    assertEquals(73, other.train().size());
  }

  @Test
  void singleMemberStratumIsMergedWithNeighbour() {
    List<StratifiedSplit.Subject> c = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      c.add(new StratifiedSplit.Subject("A" + i, i % 2 == 0, 10 + i, "3T"));
    }
    c.add(new StratifiedSplit.Subject("Z", true, 5, "1.5T")); // the only 1.5T subject
    StratifiedSplit.Split s = StratifiedSplit.split(c, 1.0 / 3, 2, 3);
    assertEquals(1, s.merges().size(), s.merges().toString());
    assertTrue(s.merges().get(0).startsWith("event=1|fu=0|field=1.5T -> event=1|"),
        s.merges().toString());
    assertEquals(13 - 5, s.train().size());
  }

  @Test
  void rejectsBadInput() {
    List<StratifiedSplit.Subject> c = cohort(10, 5);
    c.add(new StratifiedSplit.Subject("P001", true, 3, "3T"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StratifiedSplit.split(c, 1));
    assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
    List<StratifiedSplit.Subject> d = cohort(10, 5);
    d.set(3, new StratifiedSplit.Subject("X", true, -1, "3T"));
    e = assertThrows(IllegalArgumentException.class, () -> StratifiedSplit.split(d, 1));
    assertTrue(e.getMessage().contains("follow-up"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> StratifiedSplit.split(cohort(1, 5), 1));
    assertTrue(e.getMessage().contains("cannot be split") || e.getMessage().contains("at least 2"),
        e.getMessage());
  }
}
