package org.deltarad.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Seeded 2:1 train/validation split stratified jointly on event, binned follow-up time and
 * field strength, with scikit-learn's sizes: {@code n_val = ceil(n * fraction)},
 * {@code n_train = n - n_val} (73/37 for 110 at 1/3), and per stratum scikit-learn's
 * {@code _approximate_mode} allocation of the training count (floor of the proportional share,
 * the remaining units to the strata with the largest fractional parts).
 *
 * <p>Deterministic: subjects are sorted by id first, so the input order does not matter; the
 * random draws (shuffle within each stratum, and tie-breaking among equal fractional parts)
 * come from a Mersenne Twister seeded with {@code seed}. numpy's generator is not reproduced,
 * so the sizes and per-stratum counts equal scikit-learn's (when no fractional parts tie; with
 * ties, one of the counts scikit-learn itself may draw) but the individual subjects drawn do
 * not. Checked against scikit-learn 1.9.1 on five cohorts (fixture made by
 * core/src/test/python/split_golden.py).
 *
 * <p>Follow-up bins are quantile bins of the follow-up time (type-7 quantiles at k/bins; a time
 * equal to a cut point goes to the lower bin). scikit-learn refuses strata with a single
 * member; here such a stratum is merged into a neighbour: the same event and field strength in
 * the nearest follow-up bin, else the largest stratum with the same event, else the largest
 * stratum. Merges are reported in {@link Split#merges()}.
 */
public final class StratifiedSplit {
  /** One subject: id, event indicator, follow-up time and field strength label. */
  public record Subject(String id, boolean event, double followUp, String fieldStrength) {}

  /**
   * The split: ids (sorted) in each part, each subject's final stratum label and the merges
   * of single-member strata that were made ("from -> into").
   */
  public record Split(List<String> train, List<String> validation, Map<String, String> stratum,
      List<String> merges) {}

  private StratifiedSplit() {}

  /** The study's split: validation fraction 1/3, follow-up in 2 bins (median). */
  public static Split split(List<Subject> subjects, long seed) {
    return split(subjects, 1.0 / 3, 2, seed);
  }

  public static Split split(List<Subject> subjects, double validationFraction, int followUpBins,
      long seed) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("split: validation fraction must be in (0, 1), got "
          + validationFraction);
    }
    if (followUpBins < 1) {
      throw new IllegalArgumentException("split: follow-up bins must be >= 1, got " + followUpBins);
    }
    List<Subject> sorted = new ArrayList<>(subjects);
    sorted.sort(Comparator.comparing(Subject::id));
    Set<String> seen = new HashSet<>();
    for (Subject s : sorted) {
      if (s.id() == null || !seen.add(s.id())) {
        throw new IllegalArgumentException("split: duplicate or missing subject id " + s.id());
      }
      if (!Double.isFinite(s.followUp()) || s.followUp() < 0) {
        throw new IllegalArgumentException("split: subject " + s.id()
            + " has invalid follow-up time " + s.followUp());
      }
      if (s.fieldStrength() == null) {
        throw new IllegalArgumentException("split: subject " + s.id() + " has no field strength");
      }
    }
    int n = sorted.size();
    int nVal = (int) Math.ceil(validationFraction * n); // as sklearn: ceil(test_size * n)
    int nTrain = n - nVal;
    if (nVal < 1 || nTrain < 1) {
      throw new IllegalArgumentException("split: " + n + " subjects cannot be split "
          + (1 - validationFraction) + ":" + validationFraction);
    }
    double[] cuts = cutPoints(sorted, followUpBins);
    // stratum key components; merging rewrites the map from subject index to group
    Map<String, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      Subject s = sorted.get(i);
      groups.computeIfAbsent(key(s.event(), bin(s.followUp(), cuts), s.fieldStrength()),
          k -> new ArrayList<>()).add(i);
    }
    List<String> merges = mergeSingletons(groups);
    if (groups.size() > nTrain || groups.size() > nVal) {
      throw new IllegalArgumentException("split: " + groups.size() + " strata but only " + nTrain
          + " training and " + nVal + " validation places; use fewer follow-up bins");
    }
    MersenneTwister rng = new MersenneTwister(seed);
    String[] keys = groups.keySet().toArray(new String[0]);
    int[] counts = new int[keys.length];
    for (int g = 0; g < keys.length; g++) {
      counts[g] = groups.get(keys[g]).size();
    }
    int[] trainCounts = approximateMode(counts, nTrain, rng);
    List<String> train = new ArrayList<>();
    List<String> val = new ArrayList<>();
    Map<String, String> stratum = new LinkedHashMap<>();
    for (int g = 0; g < keys.length; g++) {
      int[] members = groups.get(keys[g]).stream().mapToInt(Integer::intValue).toArray();
      shuffle(members, rng);
      for (int m = 0; m < members.length; m++) {
        String id = sorted.get(members[m]).id();
        (m < trainCounts[g] ? train : val).add(id);
        stratum.put(id, keys[g]);
      }
    }
    train.sort(null);
    val.sort(null);
    return new Split(train, val, stratum, merges);
  }

  /**
   * scikit-learn's {@code _approximate_mode}: floor of {@code counts / sum * draws}, the
   * shortfall given to the largest fractional parts, ties among equal parts broken at random.
   */
  static int[] approximateMode(int[] counts, int draws, MersenneTwister rng) {
    int total = Arrays.stream(counts).sum();
    double[] cont = new double[counts.length];
    int[] out = new int[counts.length];
    int floorSum = 0;
    for (int g = 0; g < counts.length; g++) {
      cont[g] = (double) counts[g] / total * draws;
      out[g] = (int) Math.floor(cont[g]);
      floorSum += out[g];
    }
    int need = draws - floorSum;
    double[] rem = new double[counts.length];
    for (int g = 0; g < counts.length; g++) {
      rem[g] = cont[g] - out[g];
    }
    double[] values = Arrays.stream(rem).distinct().sorted().toArray();
    for (int v = values.length - 1; v >= 0 && need > 0; v--) {
      List<Integer> inds = new ArrayList<>();
      for (int g = 0; g < rem.length; g++) {
        if (rem[g] == values[v]) {
          inds.add(g);
        }
      }
      int addNow = Math.min(inds.size(), need);
      int[] pick = inds.stream().mapToInt(Integer::intValue).toArray();
      shuffle(pick, rng);
      for (int a = 0; a < addNow; a++) {
        out[pick[a]]++;
      }
      need -= addNow;
    }
    return out;
  }

  private static void shuffle(int[] a, MersenneTwister rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Type-7 quantiles of the follow-up times at k / bins, k = 1..bins-1. */
  private static double[] cutPoints(List<Subject> s, int bins) {
    double[] t = s.stream().mapToDouble(Subject::followUp).sorted().toArray();
    double[] cuts = new double[bins - 1];
    for (int k = 1; k < bins; k++) {
      cuts[k - 1] = Quantiles.atPosition(t, (t.length - 1) * (double) k / bins);
    }
    return cuts;
  }

  private static int bin(double time, double[] cuts) {
    int b = 0;
    while (b < cuts.length && time > cuts[b]) {
      b++;
    }
    return b;
  }

  private static String key(boolean event, int bin, String field) {
    return "event=" + (event ? 1 : 0) + "|fu=" + bin + "|field=" + field;
  }

  private static List<String> mergeSingletons(Map<String, List<Integer>> groups) {
    List<String> merges = new ArrayList<>();
    while (groups.size() > 1) {
      String single = null;
      for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
        if (e.getValue().size() < 2) {
          single = e.getKey();
          break;
        }
      }
      if (single == null) {
        break;
      }
      String[] parts = single.split("\\|");
      int bin = Integer.parseInt(parts[1].substring(3));
      String target = null;
      int bestDistance = Integer.MAX_VALUE;
      int bestSize = -1;
      for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
        String k = e.getKey();
        if (k.equals(single)) {
          continue;
        }
        String[] p = k.split("\\|");
        int size = e.getValue().size();
        int distance;
        if (p[0].equals(parts[0]) && p[2].equals(parts[2])) {
          distance = Math.abs(Integer.parseInt(p[1].substring(3)) - bin);
        } else if (p[0].equals(parts[0])) {
          distance = 1_000_000;
        } else {
          distance = 2_000_000;
        }
        // nearest first, then largest, then key order (TreeMap iteration) for determinism
        if (distance < bestDistance || (distance == bestDistance && size > bestSize)) {
          bestDistance = distance;
          bestSize = size;
          target = k;
        }
      }
      groups.get(target).addAll(groups.remove(single));
      merges.add(single + " -> " + target);
    }
    if (groups.size() == 1 && groups.values().iterator().next().size() < 2) {
      throw new IllegalArgumentException("split: need at least 2 subjects");
    }
    return merges;
  }
}
