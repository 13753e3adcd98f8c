package org.deltarad.stats;

/**
 * The permutation that sorts times ascending exactly as glmnet's Fortran does it: R. C.
 * Singleton's quicksort (CACM Algorithm 347, 1969: median-of-three pivot, explicit segment stack,
 * straight insertion for segments of at most 11 elements that have a left neighbour as sentinel).
 *
 * <p>Why not {@code Arrays.sort}: the sort is not stable, and glmnet's risk sets depend on the
 * order of exactly tied times. glmnet shifts censored times by 100 eps to put them after tied
 * events, but for times of 256 and more (e.g. days) that shift is lost to rounding; a censored
 * row that this sort leaves before an event at the same time then drops out of that event's risk
 * set. Reproducing the permutation is the only way to reproduce glmnet's numbers in that case.
 */
final class GlmnetSortOrder {
  private GlmnetSortOrder() {}

  /** 0-based row order of {@code v[rows[0..]]}: returns rows permuted into ascending v. */
  static int[] order(double[] v, int[] rows) {
    int n = rows.length;
    // 1-based working copy so the sentinel logic reads as in the published algorithm.
    int[] a = new int[n + 1];
    System.arraycopy(rows, 0, a, 1, n);
    sort(v, a, 1, n);
    int[] out = new int[n];
    System.arraycopy(a, 1, out, 0, n);
    return out;
  }

  static int[] order(double[] v) {
    int[] rows = new int[v.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    return order(v, rows);
  }

  private static void sort(double[] v, int[] a, int ii, int jj) {
    int[] il = new int[64];
    int[] iu = new int[64];
    int m = 1;
    int i = ii;
    int j = jj;
    boolean partition = i < j;
    if (!partition) {
      return;
    }
    while (true) {
      if (partition) {
        // Median of three: a[i] <= a[ij] <= a[j], pivot value vt = v[a[ij]].
        int k = i;
        int ij = (j + i) / 2;
        int t = a[ij];
        double vt = v[t];
        if (v[a[i]] > vt) {
          a[ij] = a[i];
          a[i] = t;
          t = a[ij];
          vt = v[t];
        }
        int l = j;
        if (v[a[j]] < vt) {
          a[ij] = a[j];
          a[j] = t;
          t = a[ij];
          vt = v[t];
          if (v[a[i]] > vt) {
            a[ij] = a[i];
            a[i] = t;
            t = a[ij];
            vt = v[t];
          }
        }
        // Exchange out-of-place pairs from both ends.
        while (true) {
          do {
            l--;
          } while (v[a[l]] > vt);
          int tt = a[l];
          do {
            k++;
          } while (v[a[k]] < vt);
          if (k > l) {
            break;
          }
          a[l] = a[k];
          a[k] = tt;
        }
        // Push the longer part, continue with the shorter one.
        if (l - i <= j - k) {
          il[m] = k;
          iu[m] = j;
          j = l;
        } else {
          il[m] = i;
          iu[m] = l;
          i = k;
        }
        m++;
      } else {
        m--;
        if (m == 0) {
          return;
        }
        i = il[m];
        j = iu[m];
      }
      // Decide what to do with segment i..j.
      if (j - i > 10) {
        partition = true;
        continue;
      }
      if (i == ii) {
        partition = i < j;
        continue;
      }
      // Straight insertion with a[i-1] as sentinel.
      i--;
      while (true) {
        i++;
        if (i == j) {
          break;
        }
        int t = a[i + 1];
        double vt = v[t];
        if (v[a[i]] <= vt) {
          continue;
        }
        int k = i;
        do {
          a[k + 1] = a[k];
          k--;
        } while (vt < v[a[k]]);
        a[k + 1] = t;
      }
      partition = false;
    }
  }
}
