package org.deltarad.features;

import java.util.Arrays;
import java.util.TreeSet;
import org.deltarad.features.RadiomicsSettings.Normalization;
import org.deltarad.image.Image3D;
import org.deltarad.image.MemorySize;

/**
 * PyRadiomics 3.1's preprocessing of one image and mask ({@code featureextractor.loadImage},
 * {@code execute} and {@code imageoperations}), in its order:
 *
 * <ol>
 *   <li>input checks (DeltaRad's: NaN voxels are an error); label selection: the mask must hold
 *       some label and the requested one ({@code mask == label} is the ROI);</li>
 *   <li>geometry check as {@code checkMask}: same size, and origin, spacing, direction equal
 *       within {@code geometryTolerance} (origin and spacing scaled by the first spacing, as
 *       ITK); with {@code correctMask} a mismatching mask whose ROI lies inside the image is
 *       resampled onto the image grid by nearest neighbour. With resampling on, a mismatch is
 *       no error (as in PyRadiomics): both are resampled onto the grid built from the mask;</li>
 *   <li>whole-image normalisation: PyRadiomics {@code normalize} ({@code (f - mean) / sd},
 *       sd with n - 1 as ITK's StatisticsImageFilter, optionally clamped at
 *       {@code +-removeOutliers}, times {@code normalizeScale}) or DeltaRad's
 *       {@code f * 100 / mean(f)};</li>
 *   <li>resampling when {@code resampledPixelSpacing} is set ({@link Resampler});</li>
 *   <li>ROI checks on the final mask: more than one voxel, at least
 *       {@code minimumROIDimensions} axes spanning more than one voxel, more than
 *       {@code minimumROISize} voxels;</li>
 *   <li>crop to the ROI bounding box and discretise the ROI intensities
 *       ({@link Discretizer}).</li>
 * </ol>
 *
 * <p>Without resampling only the bounding box is copied and normalised (the statistics still
 * cover the whole image), so memory stays at the size of the ROI's box.
 */
public final class Preprocessing {
  private Preprocessing() {}

  /** The outcome: the discretised ROI plus what diagnostics report. */
  public static final class Result {
    private final DiscretizedRoi roi;
    private final int[] boundingBox;
    private final double[] spacing;
    private final int[] imageSize;
    private final double normalizationMean;
    private final double normalizationSd;
    private final int binCount;

    Result(DiscretizedRoi roi, int[] boundingBox, double[] spacing, int[] imageSize,
        double mean, double sd, int binCount) {
      this.roi = roi;
      this.boundingBox = boundingBox;
      this.spacing = spacing;
      this.imageSize = imageSize;
      this.normalizationMean = mean;
      this.normalizationSd = sd;
      this.binCount = binCount;
    }

    public DiscretizedRoi roi() { return roi; }
    /** ROI bounding box (Lx, Ly, Lz, Sx, Sy, Sz) in the (resampled) image, as PyRadiomics. */
    public int[] boundingBox() { return boundingBox.clone(); }
    /** Spacing features were computed at (resampled spacing if resampling was on). */
    public double[] spacing() { return spacing.clone(); }
    /** Size of the image features were computed on (resampled grid if resampling was on). */
    public int[] imageSize() { return imageSize.clone(); }
    /** Whole-image mean used for normalisation (NaN without normalisation). */
    public double normalizationMean() { return normalizationMean; }
    /** Whole-image standard deviation of z-score normalisation (NaN otherwise). */
    public double normalizationSd() { return normalizationSd; }
    /** Number of bins of the discretisation. */
    public int binCount() { return binCount; }
  }

  /** Runs the preprocessing; bad input throws {@link FeatureExtractionException}. */
  public static Result run(Image3D image, Image3D mask, RadiomicsSettings s) {
    return run(image, mask, s, new Workspace());
  }

  /**
   * As {@link #run(Image3D, Image3D, RadiomicsSettings)}, with scratch arrays from the caller's
   * workspace (the result does not use them).
   */
  public static Result run(Image3D image, Image3D mask, RadiomicsSettings s,
      Workspace workspace) {
    return run(image, mask, s, workspace, Long.MAX_VALUE);
  }

  /**
   * Bytes one resampled voxel costs while the grid is built: interpolated intensities and the
   * resampled mask as doubles (8 + 8), then grey levels (4) and ROI intensities (8).
   */
  static final int RESAMPLED_VOXEL_BYTES = 28;

  /**
   * As {@link #run(Image3D, Image3D, RadiomicsSettings, Workspace)}, refusing a resampled grid
   * whose arrays would need more than {@code memoryBudget} bytes before allocating them (a
   * {@code resampledPixelSpacing} of 0.001 mm turns a 20-voxel ROI into 10^12 voxels).
   */
  public static Result run(Image3D image, Image3D mask, RadiomicsSettings s,
      Workspace workspace, long memoryBudget) {
    String who = "image " + image.source() + ", mask " + mask.source();
    int label = s.label();
    // One pass over the mask: NaNs, label presence, bounding box.
    MaskScan scan = scanMask(mask, label);
    if (scan.nan > 0) {
      throw nanError("mask " + mask.source(), scan.nan);
    }
    if (scan.count == 0) {
      throw labelError(mask, label, who, scan.anyNonzero);
    }

    Image3D roiMask = mask;
    int[] bb = scan.boundingBox();
    boolean resampling = s.resampledPixelSpacing() != null && s.interpolator() != null;
    Resampler.Grid grid = null;
    String geometry = geometryDifference(image, mask, s.geometryTolerance());
    if (geometry != null && resampling) {
      // PyRadiomics resamples image and mask onto a grid built from the mask, so their
      // geometries need not agree; the ROI must lie inside the image (its _checkROI)
      checkRoiInsideImage(image, mask, bb, who);
      grid = Resampler.grid(mask, Arrays.copyOf(bb, 3), Arrays.copyOfRange(bb, 3, 6),
          s.resampledPixelSpacing(), s.padDistance());
      if (Resampler.allClose(image.spacing(), grid.spacing)) {
        // "just resampling the mask" onto the image, no interpolation of the image
        roiMask = correctMask(image, mask, label, bb, who);
        bb = boundingBox(roiMask, label, who + " (mask resampled onto the image grid)");
        grid = null;
      }
    } else if (geometry != null) {
      if (!s.correctMask()) {
        throw new FeatureExtractionException(who + ": image/mask geometry mismatch (" + geometry
            + "); set correctMask: true to resample the mask onto the image, or raise"
            + " geometryTolerance");
      }
      roiMask = correctMask(image, mask, label, bb, who);
      bb = boundingBox(roiMask, label, who + " (mask resampled onto the image grid)");
    }

    // One pass over the image: NaNs and the whole-image statistics normalisation needs.
    Normalization norm = s.normalization();
    short[] shorts = image.shortVoxels();
    int n = image.size();
    double sum;
    double sumSq = 0;
    if (shorts != null) {
      // 16-bit integers: exact sums (the reader's, taken while decoding; an image made in
      // memory sums now, and only if normalisation needs it), and nothing can be NaN
      sum = norm != Normalization.NONE ? image.shortSum() : 0;
      if (norm == Normalization.ZSCORE) {
        sumSq = sumOfSquares(shorts);
      }
    } else {
      sum = sum(image.voxels(), false);
      sumSq = norm == Normalization.ZSCORE ? sum(image.voxels(), true) : 0;
      if (!Double.isFinite(sum)) {
        int bad = image.nonFinite();
        if (bad > 0) {
          throw nanError("image " + image.source(), bad);
        }
      }
    }
    double mean = Double.NaN;
    double sd = Double.NaN;
    if (norm != Normalization.NONE) {
      mean = sum / n;
      if (norm == Normalization.ZSCORE) {
        double variance = (sumSq - sum * sum / n) / (n - 1.0);
        sd = Math.sqrt(variance);
        if (!(sd > 0)) {
          throw new FeatureExtractionException(who
              + ": cannot z-score normalise a constant image (standard deviation 0)");
        }
      } else if (!(mean > 0)) {
        throw new FeatureExtractionException(who + ": cannot normalise by 100/mean: image mean is "
            + mean + " (must be > 0)");
      }
    }
    Normalizer normalizer = new Normalizer(norm, mean, sd, s.removeOutliers(),
        s.normalizeScale());

    Image3D work = image;
    Image3D workMask = roiMask;
    boolean normalized = norm != Normalization.NONE;
    if (resampling && grid == null && roiMask == mask) {
      grid = Resampler.grid(roiMask, Arrays.copyOf(bb, 3), Arrays.copyOfRange(bb, 3, 6),
          s.resampledPixelSpacing(), s.padDistance());
      // PyRadiomics compares the target with the image spacing only
      if (Resampler.allClose(image.spacing(), grid.spacing)) {
        grid = null;
      }
    }
    if (grid != null) {
      checkGrid(grid, s, memoryBudget, who);
      Image3D source = image;
      if (normalized) {
        double[] vox = image.voxels();
        double[] nv = new double[vox.length];
        for (int i = 0; i < nv.length; i++) {
          nv[i] = normalizer.apply(vox[i]);
        }
        source = image.withVoxels(nv, image.source());
      }
      double[] binary = new double[roiMask.size()];
      double[] mv = roiMask.voxels();
      for (int i = 0; i < binary.length; i++) {
        binary[i] = mv[i] == label ? 1 : 0;
      }
      work = grid.image(Resampler.intensities(grid, source, s.interpolator(), normalized),
          image.source() + " (resampled)");
      workMask = grid.image(Resampler.nearest(grid, roiMask.withVoxels(binary, mask.source())),
          mask.source() + " (resampled)");
      label = 1;
      normalized = false;  // already applied
      bb = boundingBox(workMask, label, who + " after resampling");
    }
    // the first scan's count holds unless the mask was corrected or resampled
    int count = workMask == mask ? scan.count : countLabel(workMask, label, bb);
    checkRoi(bb, count, s, who);
    try {
      return crop(work, workMask, label, bb, normalized ? normalizer : null, s, mean, sd,
          workMask == mask && work == image ? scan : null, workspace);
    } catch (FeatureExtractionException e) {
      throw new FeatureExtractionException(who + ": " + e.getMessage(), e);
    }
  }

  /** Refuses a grid beyond Java's array limit or the memory budget, before any allocation. */
  private static void checkGrid(Resampler.Grid grid, RadiomicsSettings s, long memoryBudget,
      String who) {
    double bytes = grid.voxels * RESAMPLED_VOXEL_BYTES;
    if (grid.voxels > Integer.MAX_VALUE - 8 || bytes > memoryBudget) {
      throw new FeatureExtractionException(String.format(java.util.Locale.ROOT,
          "%s: resampledPixelSpacing %s gives a grid of %.3g voxels (about %s), %s; use a"
              + " coarser resampledPixelSpacing", who, Arrays.toString(s.resampledPixelSpacing()),
          grid.voxels, MemorySize.format(bytes), grid.voxels > Integer.MAX_VALUE - 8
              ? "more than a Java array holds"
              : "over the memory budget of " + MemorySize.format(memoryBudget) + " for one volume"));
    }
  }

  private static final class Normalizer {
    private final Normalization kind;
    private final double shift;
    private final double scaleInv;
    private final Double outliers;
    private final double scale;
    private final double mean;

    Normalizer(Normalization kind, double mean, double sd, Double outliers, double scale) {
      this.kind = kind;
      this.mean = mean;
      this.shift = -mean;
      this.scaleInv = 1.0 / sd;
      this.outliers = outliers;
      this.scale = scale;
    }

    double apply(double v) {
      if (kind == Normalization.MEAN100) {
        return v * 100 / mean;
      }
      // ITK NormalizeImageFilter = ShiftScale((v + shift) * scale), then numpy clamp, then * c.
      double z = (v + shift) * scaleInv;
      if (outliers != null) {
        if (z > outliers) {
          z = outliers;
        }
        if (z < -outliers) {
          z = -outliers;
        }
      }
      return z * scale;
    }
  }

  private static final class MaskScan {
    int nan;
    int count;
    boolean anyNonzero;
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int z0 = Integer.MAX_VALUE;
    int x1 = -1;
    int y1 = -1;
    int z1 = -1;
    /**
     * Per mask row (y + ny z): first x of its label voxels, if they form one unbroken run;
     * -1 if the row must be read again voxel by voxel. Only read for rows holding the label.
     */
    int[] runFrom;
    /** The end (exclusive) of that run. */
    int[] runTo;

    int[] boundingBox() {
      return new int[] {x0, y0, z0, x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1};
    }
  }

  /**
   * Sum of v (or of its squares) in eight interleaved partial sums, combined pairwise: no rounding
   * worse than one running sum. A whole-image pass is bound by the latency of floating-point adds,
   * not by memory: eight independent chains take 0.3 ms for a 192x192x24 image, four took 0.7 ms.
   * A NaN or infinity anywhere makes the sum non-finite.
   */
  static double sum(double[] v, boolean squares) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int n8 = v.length & ~7;
    if (squares) {
      for (int i = 0; i < n8; i += 8) {
        s0 += v[i] * v[i];
        s1 += v[i + 1] * v[i + 1];
        s2 += v[i + 2] * v[i + 2];
        s3 += v[i + 3] * v[i + 3];
        s4 += v[i + 4] * v[i + 4];
        s5 += v[i + 5] * v[i + 5];
        s6 += v[i + 6] * v[i + 6];
        s7 += v[i + 7] * v[i + 7];
      }
      for (int i = n8; i < v.length; i++) {
        s0 += v[i] * v[i];
      }
    } else {
      for (int i = 0; i < n8; i += 8) {
        s0 += v[i];
        s1 += v[i + 1];
        s2 += v[i + 2];
        s3 += v[i + 3];
        s4 += v[i + 4];
        s5 += v[i + 5];
        s6 += v[i + 6];
        s7 += v[i + 7];
      }
      for (int i = n8; i < v.length; i++) {
        s0 += v[i];
      }
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** Exact sum of squares of 16-bit values (at most 2^30 each: longs do not overflow). */
  static long sumOfSquares(short[] v) {
    long total = 0;
    for (short x : v) {
      total += x * x;
    }
    return total;
  }

  /**
   * The runs along a mask row, on the mask's stored type: where the run of background or of
   * the label that starts at a voxel ends. Backed by Arrays.mismatch against a row of zeros or
   * of the label, a vectorised JDK intrinsic that skips a whole run at once.
   */
  private interface MaskRows {
    /** Offset from {@code from} of the first voxel in [from, to) that is not 0, or -1. */
    int notZero(int from, int to);

    /** Offset from {@code from} of the first voxel in [from, to) that is not the label, or -1. */
    int notLabel(int from, int to);

    double at(int i);
  }

  private static MaskRows maskRows(Image3D mask, double label) {
    int nx = mask.nx();
    short[] sv = mask.shortVoxels();
    if (sv != null) {
      short[] zeros = new short[nx];
      short[] labels = new short[nx];
      // a label no short can hold is nowhere in the mask: at() never equals it
      Arrays.fill(labels, (short) label);
      return new MaskRows() {
        public int notZero(int from, int to) {
          // rows in blocks the reader found all zero are not read (most of a label map):
          // the scan of a 384x384x28 mask took 0.20-0.24 ms, 0.53-0.62 ms reading every row
          return mask.mayHoldNonZero(from, to) ? Arrays.mismatch(sv, from, to, zeros, 0, to - from)
              : -1;
        }

        public int notLabel(int from, int to) {
          return Arrays.mismatch(sv, from, to, labels, 0, to - from);
        }

        public double at(int i) {
          return sv[i];
        }
      };
    }
    double[] v = mask.voxels();
    double[] zeros = new double[nx];
    double[] labels = new double[nx];
    Arrays.fill(labels, label);
    return new MaskRows() {
      public int notZero(int from, int to) {
        return Arrays.mismatch(v, from, to, zeros, 0, to - from);
      }

      public int notLabel(int from, int to) {
        return Arrays.mismatch(v, from, to, labels, 0, to - from);
      }

      public double at(int i) {
        return v[i];
      }
    };
  }

  private static MaskScan scanMask(Image3D mask, int label) {
    MaskScan r = new MaskScan();
    int nx = mask.nx();
    int ny = mask.ny();
    int nz = mask.nz();
    double lab = label;
    // Most mask rows are background, and ROI rows are mostly runs of the label: skipping whole
    // runs is several times faster than testing each voxel with a branch.
    MaskRows v = maskRows(mask, lab);
    r.runFrom = new int[ny * nz];
    r.runTo = new int[ny * nz];
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        int rowStart = nx * (y + ny * z);
        int first = v.notZero(rowStart, rowStart + nx);
        if (first < 0) {
          continue;
        }
        int rowCount = 0;
        int rx0 = Integer.MAX_VALUE;
        int rx1 = -1;
        int end = rowStart + nx;
        for (int i = rowStart + first; i < end; ) {
          double d = v.at(i);
          int run;
          if (d == 0) {
            // mismatch compares bit patterns: a -0.0 (m == 0) is a run of its own
            int m = v.notZero(i, end);
            run = m < 0 ? end - i : Math.max(1, m);
          } else if (d == lab) {
            // the label is not 0 here, so its bit pattern is the only one equal to it: m >= 1
            int m = v.notLabel(i, end);
            run = m < 0 ? end - i : m;
            rowCount += run;
            if (rx0 == Integer.MAX_VALUE) {
              rx0 = i - rowStart;
            }
            rx1 = i - rowStart + run - 1;
          } else {
            run = 1;
            if (d != d) {
              r.nan++;
            } else {
              r.anyNonzero = true;
            }
          }
          i += run;
        }
        if (rowCount > 0) {
          boolean oneRun = rowCount == rx1 - rx0 + 1;
          r.runFrom[y + ny * z] = oneRun ? rx0 : -1;
          r.runTo[y + ny * z] = rx1 + 1;
          r.count += rowCount;
          r.x0 = Math.min(r.x0, rx0);
          r.x1 = Math.max(r.x1, rx1);
          r.y0 = Math.min(r.y0, y);
          r.y1 = Math.max(r.y1, y);
          r.z0 = Math.min(r.z0, z);
          r.z1 = z;
        }
      }
    }
    return r;
  }

  private static FeatureExtractionException nanError(String who, int nan) {
    return new FeatureExtractionException(who + ": " + nan + " NaN or infinite voxel"
        + (nan == 1 ? "" : "s") + " (only finite intensities are supported)");
  }

  private static FeatureExtractionException labelError(Image3D mask, int label, String who,
      boolean anyNonzero) {
    if (!anyNonzero) {
      return new FeatureExtractionException(who + ": empty mask (no labels found, nothing is"
          + " segmented)");
    }
    TreeSet<Double> labels = new TreeSet<>();
    for (double d : mask.voxels()) {
      if (d != 0 && labels.size() < 50) {
        labels.add(d);
      }
    }
    StringBuilder sb = new StringBuilder();
    for (double d : labels) {
      sb.append(sb.length() == 0 ? "" : ", ").append(d == Math.rint(d) ? Long.toString((long) d)
          : Double.toString(d));
    }
    return new FeatureExtractionException(who + ": label " + label
        + " not present in mask (labels present: " + sb + ")");
  }

  /** What differs between image and mask geometry beyond the tolerance (ITK's check), or null. */
  static String geometryDifference(Image3D image, Image3D mask, double tolerance) {
    return image.geometryMismatch(mask, tolerance);
  }

  /** PyRadiomics _correctMask: ROI must lie inside the image; then nearest-neighbour resample. */
  private static Image3D correctMask(Image3D image, Image3D mask, int label, int[] bb,
      String who) {
    checkRoiInsideImage(image, mask, bb, who);
    int[] size = {image.nx(), image.ny(), image.nz()};
    Resampler.Grid grid = new Resampler.Grid(size, image.spacing(), image.origin(),
        image.direction());
    return grid.image(Resampler.nearest(grid, mask), mask.source() + " (corrected)");
  }

  /** PyRadiomics _checkROI: the ROI's bounding box corners must map inside the image. */
  private static void checkRoiInsideImage(Image3D image, Image3D mask, int[] bb, String who) {
    double[] lo = {bb[0], bb[1], bb[2]};
    double[] hi = {bb[0] + bb[3] - 1, bb[1] + bb[4] - 1, bb[2] + bb[5] - 1};
    double[] m = Resampler.physicalToIndex(image.direction(), image.spacing());
    int[] size = {image.nx(), image.ny(), image.nz()};
    for (double[] corner : new double[][] {lo, hi}) {
      double[] p = Resampler.continuousIndexToPoint(mask, corner);
      for (int r = 0; r < 3; r++) {
        double ci = 0;
        for (int c = 0; c < 3; c++) {
          ci += m[3 * r + c] * (p[c] - image.origin()[c]);
        }
        if (ci < -0.5 - 1e-6 || ci > size[r] - 0.5 + 1e-6) {
          throw new FeatureExtractionException(who
              + ": mask ROI lies (partly) outside the image's physical extent");
        }
      }
    }
  }

  /** (Lx, Ly, Lz, Sx, Sy, Sz) of voxels equal to label (a mask made here: no NaN to report). */
  static int[] boundingBox(Image3D mask, int label, String who) {
    MaskScan scan = scanMask(mask, label);
    if (scan.count == 0) {
      throw new FeatureExtractionException(who + ": empty mask (label " + label
          + " has no voxels)");
    }
    return scan.boundingBox();
  }

  private static int countLabel(Image3D mask, int label, int[] bb) {
    double[] v = mask.voxels();
    int count = 0;
    for (int z = bb[2]; z < bb[2] + bb[5]; z++) {
      for (int y = bb[1]; y < bb[1] + bb[4]; y++) {
        int row = mask.index(0, y, z);
        for (int x = bb[0]; x < bb[0] + bb[3]; x++) {
          if (v[row + x] == label) {
            count++;
          }
        }
      }
    }
    return count;
  }

  private static void checkRoi(int[] bb, int count, RadiomicsSettings s, String who) {
    int dims = 0;
    for (int i = 3; i < 6; i++) {
      if (bb[i] > 1) {
        dims++;
      }
    }
    if (dims == 0) {
      throw new FeatureExtractionException(who
          + ": ROI is a single voxel; features need at least two");
    }
    if (dims < s.minimumRoiDimensions()) {
      throw new FeatureExtractionException(who + ": ROI spans " + dims + " dimension"
          + (dims == 1 ? "" : "s") + ", minimumROIDimensions is " + s.minimumRoiDimensions());
    }
    if (s.minimumRoiSize() != null && count <= s.minimumRoiSize()) {
      throw new FeatureExtractionException(who + ": ROI too small (" + count
          + " voxels, minimumROISize " + s.minimumRoiSize() + ")");
    }
  }

  /**
   * Crops to the box and discretises. With the scan of this mask ({@code rows}, else null), rows
   * whose label voxels form one run are copied over that run without reading the mask again:
   * most ROI rows, and only their ROI part instead of the box's width.
   */
  private static Result crop(Image3D image, Image3D mask, int label, int[] bb,
      Normalizer normalizer, RadiomicsSettings s, double mean, double sd, MaskScan rows,
      Workspace workspace) {
    int cx = bb[3];
    int cy = bb[4];
    int cz = bb[5];
    int n = cx * cy * cz;
    int[] levels = new int[n];
    double[] intensities = new double[n];
    // rows of a double image are read in place, as are those of a 16-bit one
    short[] shorts = image.shortVoxels();
    boolean integers = shorts != null;
    double[] direct = integers ? null : image.voxels();
    // Integer voxels take few distinct values: they are kept as they are (in levels, as ints,
    // without a conversion to double and back), and normalised and binned afterwards through a
    // table per value (see below) instead of two divisions per voxel.
    Normalizer perVoxel = integers ? null : normalizer;
    double[] maskRow = new double[cx];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int lowest = Integer.MAX_VALUE;
    int highest = Integer.MIN_VALUE;
    // box positions of the ROI voxels, so that binning visits only them
    int[] at = workspace.ints(Workspace.Slot.PREPROCESSING_ROI, n);
    int voxels = 0;
    // each box row's span of ROI voxels, for the families' loops (TextureSupport.Levels)
    int[] rowStart = new int[cy * cz];
    int[] rowEnd = new int[cy * cz];
    int ny = image.ny();
    for (int z = 0; z < cz; z++) {
      for (int y = 0; y < cy; y++) {
        int row = image.index(bb[0], bb[1] + y, bb[2] + z);
        int boxRow = cx * (y + cy * z);
        // a row whose label voxels are one run is read over that run only (a row without the
        // label kept runFrom = runTo = 0: an empty run); others over the box's width
        int r = bb[1] + y + ny * (bb[2] + z);
        boolean oneRun = rows != null && rows.runFrom[r] >= 0;
        int from = oneRun ? rows.runFrom[r] : bb[0];
        int to = oneRun ? rows.runTo[r] : bb[0] + cx;
        // this row's value at box x is direct[row + x] (or shorts[row + x])
        if (oneRun) {
          if (to > from) {
            rowStart[y + cy * z] = from - bb[0];
            rowEnd[y + cy * z] = to - bb[0];
          }
          int shift = boxRow - bb[0];
          if (integers) {
            for (int x = from, k = shift + from, i = row - bb[0] + from; x < to; x++, k++, i++) {
              int v = shorts[i];
              levels[k] = v;
              at[voxels++] = k;
              lowest = Math.min(lowest, v);
              highest = Math.max(highest, v);
            }
            continue;
          }
          for (int x = from; x < to; x++) {
            double v = direct[row - bb[0] + x];
            if (perVoxel != null) {
              v = perVoxel.apply(v);
            }
            intensities[shift + x] = v;
            at[voxels++] = shift + x;
            if (v < min) {
              min = v;
            }
            if (v > max) {
              max = v;
            }
          }
          continue;
        }
        mask.copyTo(row, maskRow, 0, cx);
        int first = -1;
        int last = -1;
        for (int x = 0, i = boxRow; x < cx; x++, i++) {
          // only ROI voxels are normalised and kept; the rest of the box stays 0
          if (maskRow[x] == label) {
            first = first < 0 ? x : first;
            last = x;
            at[voxels++] = i;
            if (integers) {
              int v = shorts[row + x];
              levels[i] = v;
              lowest = Math.min(lowest, v);
              highest = Math.max(highest, v);
              continue;
            }
            double v = direct[row + x];
            if (perVoxel != null) {
              v = perVoxel.apply(v);
            }
            intensities[i] = v;
            if (v < min) {
              min = v;
            }
            if (v > max) {
              max = v;
            }
          }
        }
        if (first >= 0) {
          rowStart[y + cy * z] = first;
          rowEnd[y + cy * z] = last + 1;
        }
      }
    }
    if (integers && voxels > 0) {
      min = lowest;
      max = highest;
    }
    // min and max are of the copied values: normalisation is monotonic (each rounded step is),
    // so it maps them to the normalised ROI's extremes
    int low = (int) min;
    int range = (int) max - low + 1;
    boolean table = integers && voxels > 0 && range <= voxels;
    if (integers && normalizer != null) {
      double a = normalizer.apply(min);
      double b = normalizer.apply(max);
      min = Math.min(a, b);  // a negative normalizeScale reverses the order
      max = Math.max(a, b);
    }
    Discretizer d = s.binCount() != null ? Discretizer.fixedBinCount(min, max, s.binCount())
        : Discretizer.fixedBinWidth(min, max, s.binWidth());
    int count = 0;
    int maxLevel = 0;
    // voxels per level (level 0 not counted); levels reach at most the number of bin edges
    int[] counts = new int[d.binCount() + 2];
    if (table) {
      // the same arithmetic as per voxel, once per value in the ROI's range
      double[] valueOf = new double[range];
      int[] levelOf = new int[range];
      for (int r = 0; r < range; r++) {
        double v = low + r;
        valueOf[r] = normalizer != null ? normalizer.apply(v) : v;
        levelOf[r] = d.level(valueOf[r]);
      }
      // voxels per value, then per level: neighbours share a level more often than a value, and
      // a count per level made a chain of increments of one counter
      int[] perValue = new int[range];
      for (int j = 0; j < voxels; j++) {
        int k = at[j];
        int r = levels[k] - low;
        intensities[k] = valueOf[r];
        levels[k] = levelOf[r];
        perValue[r]++;
      }
      for (int r = 0; r < range; r++) {
        int level = levelOf[r];
        if (level > 0 && perValue[r] > 0) {
          counts[level] += perValue[r];
          count += perValue[r];
          maxLevel = Math.max(maxLevel, level);
        }
      }
    } else {
      for (int j = 0; j < voxels; j++) {
        int k = at[j];
        double v = integers ? levels[k] : intensities[k];
        if (integers) {
          v = normalizer != null ? normalizer.apply(v) : v;
          intensities[k] = v;
        }
        int level = d.level(v);
        levels[k] = level;
        if (level > 0) {
          counts[level]++;
          count++;
          maxLevel = Math.max(maxLevel, level);
        }
      }
    }
    // the spans are of the mask: they are the levels' only if every ROI voxel has a level
    boolean spans = count == voxels;
    DiscretizedRoi roi = new DiscretizedRoi(cx, cy, cz, levels, intensities, count, maxLevel,
        image.spacing().clone(), Arrays.copyOf(counts, maxLevel + 1), spans ? rowStart : null,
        spans ? rowEnd : null);
    return new Result(roi, bb, image.spacing().clone(),
        new int[] {image.nx(), image.ny(), image.nz()}, mean, sd, d.binCount());
  }
}
