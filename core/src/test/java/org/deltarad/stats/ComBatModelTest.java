package org.deltarad.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ComBat#fit} / {@link ComBat.Model#apply}: train once, apply the same adjustment. */
class ComBatModelTest {
  /** One golden case's inputs and sva's adjusted values. */
  private record Case(String name, double[][] data, String[] batch, double[][] cov,
      boolean meanOnly, double[][] expected) {}

  private static double[][] matrix(JsonNode n) {
    double[][] m = new double[n.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = Golden.doubles(n.get(i));
    }
    return m;
  }

  private static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (JsonNode c : Golden.load("harmonize/combat_cases.json")) {
      JsonNode cov = c.get("covariates");
      out.add(new Case(c.get("name").asText(), matrix(c.get("data")),
          Golden.strings(c.get("batch")), cov == null || cov.isNull() ? null : matrix(cov),
          c.get("mean_only").asBoolean(), matrix(c.get("adjusted"))));
    }
    return out;
  }

  private static ComBat.Model fit(Case c) {
    return ComBat.fit(c.data, c.batch, c.cov, c.meanOnly);
  }

  private static double[][] apply(ComBat.Model m, Case c) {
    return m.apply(c.data, c.batch, c.cov);
  }

  @Test
  void fitThenApplyIsHarmonizeBitForBitAndMatchesSva() {
    for (Case c : cases()) {
      double[][] viaModel = apply(fit(c), c);
      double[][] direct = ComBat.harmonize(c.data, c.batch, c.cov, c.meanOnly);
      for (int g = 0; g < direct.length; g++) {
        assertArrayEquals(direct[g], viaModel[g], 0, c.name + " feature " + (g + 1));
        for (int j = 0; j < direct[g].length; j++) {
          double err = Golden.relErr(viaModel[g][j], c.expected[g][j]);
          assertTrue(err <= 1e-9, c.name + ": error " + err);
        }
      }
    }
  }

  /**
   * Each feature's saved adjustment applied sample by sample gives the model's values bit for
   * bit, on every golden case (with and without covariates, mean-only and not); features the
   * model does not adjust have none.
   */
  @Test
  void featureFitsReproduceApplyBitForBit() {
    for (Case c : cases()) {
      ComBat.Model m = fit(c);
      double[][] all = apply(m, c);
      assertEquals(c.cov == null ? 0 : c.cov[0].length, m.covariateWidth(), c.name);
      List<String> levels = m.batches();
      for (int g = 0; g < c.data.length; g++) {
        ComBat.FeatureFit f = m.feature(g);
        if (!m.adjusts(g)) {
          assertEquals(null, f, c.name + " feature " + (g + 1));
          continue;
        }
        assertArrayEquals(m.covariateColumns(), f.covariateColumns(), c.name);
        assertEquals(f.covariateColumns().length, f.covariateBeta().length, c.name);
        assertEquals(levels, f.batches(), c.name);
        assertEquals(levels.size(), f.gammaStar().length, c.name);
        for (int j = 0; j < c.data[g].length; j++) {
          double v = f.adjust(c.data[g][j], c.batch[j], c.cov == null ? null : c.cov[j]);
          assertEquals(Double.doubleToLongBits(all[g][j]), Double.doubleToLongBits(v),
              c.name + " feature " + (g + 1) + " sample " + (j + 1));
        }
      }
    }
  }

  @Test
  void reportsLevelsKeptFeaturesAndMeanOnly() {
    for (Case c : cases()) {
      ComBat.Model m = fit(c);
      List<String> sorted = m.batches().stream().sorted().toList();
      assertEquals(sorted, m.batches(), c.name);
      switch (c.name) {
        case "single_sample_batch" -> assertTrue(m.meanOnly(), c.name);
        case "mean_only" -> assertTrue(m.meanOnly(), c.name);
        case "three_scanners" -> {
          assertFalse(m.meanOnly(), c.name);
          assertEquals(List.of("GE_1.5T", "Philips_3T", "Siemens_3T"), m.batches());
          assertEquals(c.data.length, m.keptFeatures());
        }
        case "constant_in_batch" -> assertTrue(m.keptFeatures() < c.data.length, c.name);
        default -> { }
      }
    }
  }

  @Test
  void applyToSubsetOrPermutationGivesTheTrainingValues() {
    Random rnd = new Random(20240611);
    for (Case c : cases()) {
      ComBat.Model m = fit(c);
      double[][] trained = apply(m, c);
      int n = c.batch.length;
      for (int rep = 0; rep < 5; rep++) {
        int[] pick = pick(rnd, n, rep == 0 ? n : 1 + rnd.nextInt(n));
        double[][] sub = apply(m, subset(c, pick));
        for (int g = 0; g < trained.length; g++) {
          for (int i = 0; i < pick.length; i++) {
            assertEquals(trained[g][pick[i]], sub[g][i], 0,
                c.name + " feature " + (g + 1) + " sample " + (pick[i] + 1));
          }
        }
      }
    }
  }

  /** {@code size} distinct sample indices in random order. */
  private static int[] pick(Random rnd, int n, int size) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int r = rnd.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[r];
      idx[r] = t;
    }
    return Arrays.copyOf(idx, size);
  }

  private static Case subset(Case c, int[] pick) {
    double[][] data = new double[c.data.length][pick.length];
    String[] batch = new String[pick.length];
    double[][] cov = c.cov == null ? null : new double[pick.length][];
    for (int i = 0; i < pick.length; i++) {
      for (int g = 0; g < data.length; g++) {
        data[g][i] = c.data[g][pick[i]];
      }
      batch[i] = c.batch[pick[i]];
      if (cov != null) {
        cov[i] = c.cov[pick[i]].clone();
      }
    }
    return new Case(c.name, data, batch, cov, c.meanOnly, null);
  }

  @Test
  void rejectsUnknownBatchAndWrongCovariates() {
    Case plain = cases().stream().filter(c -> c.name.equals("three_scanners")).findFirst()
        .orElseThrow();
    ComBat.Model m = fit(plain);
    String[] batch = plain.batch.clone();
    batch[3] = "Canon_3T";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.apply(plain.data, batch, null));
    assertEquals("ComBat: batch 'Canon_3T' was not in the fitted data "
        + "(fitted: GE_1.5T, Philips_3T, Siemens_3T)", e.getMessage());

    Case withCov = cases().stream().filter(c -> c.cov != null).findFirst().orElseThrow();
    ComBat.Model mc = fit(withCov);
    int q = withCov.cov[0].length;
    double[][] wide = new double[withCov.cov.length][];
    for (int j = 0; j < wide.length; j++) {
      wide[j] = Arrays.copyOf(withCov.cov[j], q + 1);
    }
    e = assertThrows(IllegalArgumentException.class,
        () -> mc.apply(withCov.data, withCov.batch, wide));
    assertEquals("ComBat: covariate row 1 has " + (q + 1) + " columns, model was fitted with " + q,
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> mc.apply(withCov.data, withCov.batch, null));
    assertTrue(e.getMessage().contains("fitted with " + q + " covariate columns"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.apply(plain.data, plain.batch, withCov.cov));
    assertTrue(e.getMessage().contains("covariate"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> m.apply(Arrays.copyOf(plain.data, 3), plain.batch, null));
    assertTrue(e.getMessage().contains("fitted on " + plain.data.length + " features"),
        e.getMessage());
    double[][] bad = plain.data.clone();
    bad[1] = bad[1].clone();
    bad[1][0] = Double.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> m.apply(bad, plain.batch, null));
    assertTrue(e.getMessage().contains("ComBat feature 2"), e.getMessage());
  }

  @Test
  void modelSurvivesSerialization() throws IOException, ClassNotFoundException {
    for (Case c : cases()) {
      ComBat.Model m = fit(c);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(m);
      }
      ComBat.Model back;
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        back = (ComBat.Model) in.readObject();
      }
      assertEquals(m.batches(), back.batches());
      assertEquals(m.keptFeatures(), back.keptFeatures());
      assertEquals(m.meanOnly(), back.meanOnly());
      double[][] before = apply(m, c);
      double[][] after = apply(back, c);
      for (int g = 0; g < before.length; g++) {
        assertArrayEquals(before[g], after[g], 0, c.name + " feature " + (g + 1));
      }
    }
  }
}
