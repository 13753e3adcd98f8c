package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class IccTest {
  private static final double TOL = 1e-9;
  private static double worst;

  @org.junit.jupiter.api.AfterAll
  static void report() {
    System.out.println("ICC max error vs ICC/irr: " + worst);
  }

  private static void check(String what, Icc.Interval a, JsonNode e) {
    double err = Math.max(Golden.relErr(a.value(), Golden.dbl(e.get("value"))),
        Math.max(Golden.relErr(a.lower(), Golden.dbl(e.get("lower"))),
            Golden.relErr(a.upper(), Golden.dbl(e.get("upper")))));
    worst = Math.max(worst, err);
    assertTrue(err <= TOL, what + ": " + a + " vs R " + e + " (err " + err + ")");
  }

  @Test
  void matchesIccEstAndIrr() {
    for (JsonNode c : Golden.load("icc/icc_cases.json")) {
      String name = c.get("name").asText();
      String[] s = Golden.strings(c.get("subject"));
      String[] r = Golden.strings(c.get("rater"));
      double[] v = Golden.doubles(c.get("value"));
      Icc.Result res = Icc.fromLong(s, r, v);
      check(name + " ICCest", res.icc1(), c.get("iccest"));
      check(name + " agreement", res.icc2_1(), c.get("agreement"));
      check(name + " consistency", res.icc3_1(), c.get("consistency"));
      assertEquals(c.get("complete_subjects").asInt(), res.completeSubjects(), name);
      // irr's one-way ICC on the complete-case matrix
      check(name + " irr oneway", Icc.oneWay(completeMatrix(s, r, v)), c.get("irr_oneway"));
    }
  }

  private static double[][] completeMatrix(String[] s, String[] r, double[] v) {
    java.util.List<String> subj = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(
        java.util.Arrays.asList(s)));
    java.util.List<String> rat = new java.util.ArrayList<>(new java.util.TreeSet<>(
        java.util.Arrays.asList(r)));
    double[][] m = new double[subj.size()][rat.size()];
    for (double[] row : m) {
      java.util.Arrays.fill(row, Double.NaN);
    }
    for (int i = 0; i < v.length; i++) {
      m[subj.indexOf(s[i])][rat.indexOf(r[i])] = v[i];
    }
    return java.util.Arrays.stream(m).filter(row -> java.util.Arrays.stream(row).noneMatch(Double::isNaN))
        .toArray(double[][]::new);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Icc.fromLong(new String[] {"a", "a"}, new String[] {"r1", "r2"}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("2 subjects"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Icc.fromLong(
        new String[] {"a", "a", "b", "b"}, new String[] {"r1", "r1", "r1", "r2"},
        new double[] {1, 2, 3, 4}));
    assertTrue(e.getMessage().contains("two values"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Icc.fromLong(
        new String[] {"a", "a", "b", "b"}, new String[] {"r1", "r2", "r1", "r2"},
        new double[] {1, Double.NaN, 3, 4}));
    assertTrue(e.getMessage().contains("row 2"), e.getMessage());
  }
}
