package org.deltarad.features;

/**
 * PyRadiomics 3.1 grey-level discretisation ({@code imageoperations.getBinEdges} followed by
 * {@code numpy.digitize}): a value's level is the number of bin edges {@code <=} it, so every bin
 * is half open {@code [e_k, e_k+1)}, values on an edge go to the upper bin, and the ROI maximum
 * always gets a bin of its own kind (no closed last bin).
 *
 * <ul>
 *   <li>Fixed bin width {@code w}: edges {@code numpy.arange(low, max + 2w, w)} with
 *       {@code low = min - (min mod w)} (Python's floored modulo), i.e. edges anchored at
 *       multiples of {@code w}; level {@code = floor(x/w) - floor(min/w) + 1} up to rounding,
 *       which is reproduced exactly by rebuilding numpy's edges ({@code e_k = low + k * delta},
 *       {@code delta = (low + w) - low}).</li>
 *   <li>Fixed bin count {@code n}: edges {@code numpy.histogram(x, n)} = {@code linspace(min,
 *       max, n + 1)} ({@code min - 0.5, max + 0.5} for a flat ROI) with the last edge
 *       raised by 1, so the maximum lands in bin {@code n}.</li>
 * </ul>
 *
 * <p>Written by hand because the edge arithmetic must follow numpy's to the last bit for values
 * on bin edges; no Java library does that.
 */
public final class Discretizer {
  /** Most bins either discretisation makes (binWidth's edges, binCount's setting). */
  public static final int MAX_BINS = 1_000_000;

  private final double[] edges;
  private final double first;
  private final double invStep;

  private Discretizer(double[] edges) {
    this.edges = edges;
    this.first = edges[0];
    // Edges are (nearly) evenly spaced: a division gives the bin up to rounding, two exact
    // comparisons with the stored edges settle it.
    this.invStep = (edges.length - 1) / (edges[edges.length - 1] - edges[0]);
  }

  /** Bin edges for ROI values spanning [min, max] with a fixed bin width. */
  public static Discretizer fixedBinWidth(double min, double max, double binWidth) {
    if (!(binWidth > 0)) {
      throw new IllegalArgumentException("bin width must be > 0, got " + binWidth);
    }
    double low = min - pyMod(min, binWidth);
    double high = max + 2 * binWidth;
    // numpy.arange: length ceil((stop - start) / step); values start + i * delta, where delta is
    // the difference of the first two values as stored.
    double len = Math.ceil((high - low) / binWidth);
    if (!(len <= MAX_BINS)) {
      throw new FeatureExtractionException("bin width " + binWidth + " gives " + len
          + " bins for intensities in [" + min + ", " + max + "]: increase binWidth");
    }
    int n = (int) len;
    double[] e = new double[n];
    e[0] = low;
    if (n > 1) {
      double second = low + binWidth;
      double delta = second - low;
      e[1] = second;
      for (int i = 2; i < n; i++) {
        e[i] = low + i * delta;
      }
    }
    if (n == 1) {
      // PyRadiomics' flat-region guard; unreachable with its +2w upper bound, kept for fidelity.
      e = new double[] {low - .5, low + .5};
    }
    return new Discretizer(e);
  }

  /** Bin edges for ROI values spanning [min, max] with a fixed number of bins. */
  public static Discretizer fixedBinCount(double min, double max, int binCount) {
    if (binCount < 1) {
      throw new IllegalArgumentException("bin count must be >= 1, got " + binCount);
    }
    double first = min;
    double last = max;
    if (first == last) {
      first -= 0.5;
      last += 0.5;
    }
    double[] e = new double[binCount + 1];
    double delta = last - first;
    double step = delta / binCount;
    for (int i = 0; i <= binCount; i++) {
      e[i] = step == 0 ? i / (double) binCount * delta + first : i * step + first;
    }
    e[binCount] = last;
    e[binCount] += 1;
    return new Discretizer(e);
  }

  /** Python/numpy floored modulo: the result has the sign of the divisor. */
  static double pyMod(double a, double b) {
    double mod = a % b;
    if (mod != 0) {
      if ((b < 0) != (mod < 0)) {
        mod += b;
      }
    } else {
      mod = Math.copySign(0.0, b);
    }
    return mod;
  }

  /** The level of {@code x}: the number of edges {@code <= x} (numpy.digitize, right=False). */
  public int level(double x) {
    int n = edges.length;
    double guess = (x - first) * invStep;
    int k = guess < 0 ? 0 : guess >= n ? n : (int) guess;  // NaN -> 0
    // the guessed bin is almost always right: edges[k] <= x < edges[k + 1] gives level k + 1
    if (k < n - 1 && edges[k] <= x && x < edges[k + 1]) {
      return k + 1;
    }
    // k = number of edges <= x: move up while the next edge is <= x, down while edge k-1 > x
    while (k < n && edges[k] <= x) {
      k++;
    }
    while (k > 0 && edges[k - 1] > x) {
      k--;
    }
    return k;
  }

  /** Number of bins (edges minus one). */
  public int binCount() { return edges.length - 1; }

  public double[] edges() { return edges.clone(); }
}
