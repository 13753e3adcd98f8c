package org.deltarad.image;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads NIfTI-1 and NIfTI-2 images ({@code .nii}, {@code .nii.gz}, {@code .hdr}/{@code .img}
 * pairs, also gzipped) into an {@link Image3D} with the geometry SimpleITK reports.
 *
 * <p>Written by hand because no Java NIfTI library is published on a reachable Maven
 * repository; the semantics follow the NIfTI-1/2 standard and ITK's NiftiImageIO:
 * <ul>
 *   <li>byte order from {@code sizeof_hdr} (348 or 540); gzip detected by its magic bytes;
 *   <li>{@code dim[0]} up to 7 with trailing sizes of 1 is 3-D; a real 4-D image is rejected; a
 *       1-D or 2-D image gets spacing 1, origin 0 and identity direction on its missing axes;
 *   <li>pixdim 0, NaN or infinite on an axis of the image is an error (niftilib would take 1),
 *       a negative pixdim gives its absolute value as spacing and negates that direction column
 *       (ITK's ImageFileReader flip); spacing and origin scaled to mm by {@code xyzt_units}
 *       (meter, micron);
 *   <li>sform vs qform chosen as ITK 5 does: the sform when it is orthonormal up to scaling and
 *       labelled scanner-anatomical, or is the only form, or agrees with the qform; else the
 *       qform; with neither form, identity direction and zero origin. RAS becomes LPS by
 *       negating the first two rows of the affine; direction = normalised columns;
 *   <li>{@code scl_slope}/{@code scl_inter} applied when the slope is finite and non-zero (the
 *       standard; ITK would treat slope 0 as 1 and still add the intercept); a NaN or infinite
 *       intercept counts as 0, as niftilib's {@code FIXED_FLOAT} makes it. Like ITK, scaled
 *       values of any type but float64 are rounded to float32, so features see what PyRadiomics
 *       sees through SimpleITK.
 * </ul>
 */
public final class NiftiReader {
  private static final int NIFTI_XFORM_UNKNOWN = 0;
  private static final int NIFTI_XFORM_SCANNER_ANAT = 1;

  private NiftiReader() {}

  public static Image3D read(String uri) throws IOException {
    return read(uri, ImageFiles.defaultConf());
  }

  /** Reads {@code .nii}, {@code .nii.gz}, {@code .hdr}, {@code .img} (and gzipped pairs). */
  public static Image3D read(String uri, Configuration conf) throws IOException {
    return read(uri, FileOpener.of(conf));
  }

  static Image3D read(String uri, FileOpener files) throws IOException {
    String lower = ImageFiles.lowerName(uri);
    if (lower.endsWith(".nii") || lower.endsWith(".nii.gz")) {
      try (InputStream in = files.open(uri)) {
        return read(in, uri);
      }
    }
    String[] pair = pairFiles(uri, files);
    if (pair == null) {
      throw new ImageIoException(uri,
          "not a NIfTI file name (expected .nii, .nii.gz, .hdr or .img)");
    }
    return readPair(pair[0], pair[1], uri, files);
  }

  /**
   * The header and image file of a .hdr/.img pair named by either of them (each may carry .gz;
   * the uncompressed companion is preferred when both exist), or null if the name is neither.
   */
  static String[] pairFiles(String uri, FileOpener files) throws IOException {
    String lower = ImageFiles.lowerName(uri);
    String[][] forms = {{".hdr", ".img"}, {".hdr.gz", ".img"}, {".img", ".hdr"},
        {".img.gz", ".hdr"}};
    for (String[] f : forms) {
      if (lower.endsWith(f[0])) {
        String base = uri.substring(0, uri.length() - f[0].length());
        String other = base + f[1];
        if (!files.exists(other) && files.exists(other + ".gz")) {
          other = other + ".gz";
        }
        return f[0].startsWith(".hdr") ? new String[] {uri, other} : new String[] {other, uri};
      }
    }
    return null;
  }

  /** The voxel block's shape from the header alone (only the header is inflated). */
  static VolumeShape shape(String uri, FileOpener files) throws IOException {
    String lower = ImageFiles.lowerName(uri);
    String header = uri;
    if (!lower.endsWith(".nii") && !lower.endsWith(".nii.gz")) {
      String[] pair = pairFiles(uri, files);
      if (pair == null) {
        throw new ImageIoException(uri,
            "not a NIfTI file name (expected .nii, .nii.gz, .hdr or .img)");
      }
      header = pair[0];
    }
    NiftiHeader h;
    try (InputStream raw = files.open(header)) {
      h = readHeader(ImageStreams.maybeGunzipHeader(raw, header), header);
    }
    Layout l = layout(h, header);
    geometry(h, header); // a header the decoding would refuse is refused here too
    return new VolumeShape(l.nx, l.ny, l.nz, l.type, scaled(h), false, warnings(h));
  }

  /** Fields set in the header that reading ignores or replaces, one line each. */
  static java.util.List<String> warnings(NiftiHeader h) {
    java.util.List<String> w = new java.util.ArrayList<>();
    double slope = h.sclSlope();
    double inter = h.sclInter();
    if (!Double.isFinite(slope)) {
      w.add("scl_slope " + slope + " is not finite: intensity scaling ignored");
    } else if (slope != 0 && !Double.isFinite(inter)) {
      w.add("scl_inter " + inter + " is not finite: intensity scaling ignored (scl_slope "
          + slope + ")");
    }
    if (h.qformCode() <= 0 && h.sformCode() <= 0) {
      w.add("neither qform nor sform set: identity direction and zero origin assumed");
    }
    return w;
  }

  /**
   * Reads a single-file NIfTI image ({@code n+1}/{@code n+2}) from a stream, gzipped or not.
   * The stream is not closed; {@code name} is used in messages and as the image source.
   */
  public static Image3D read(InputStream raw, String name) throws IOException {
    InputStream in = ImageStreams.maybeGunzip(raw, name, declaredSize(raw, name));
    NiftiHeader h = readHeader(in, name);
    if (!h.singleFile()) {
      throw new ImageIoException(name, "magic '" + h.magic() + "' marks the header of a "
          + ".hdr/.img pair, but this is a single-file image");
    }
    Layout layout = layout(h, name);
    long offset = Math.max(voxOffset(h, name), h.headerSize());
    long gap = offset - h.headerSize();
    long skipped = ImageStreams.skipUpTo(in, gap);
    if (skipped < gap) {
      throw new ImageIoException(name, "file ends after " + (h.headerSize() + skipped)
          + " bytes, before the data offset (vox_offset " + offset + ")");
    }
    Image3D image = readImage(in, h, layout, name, name);
    ImageStreams.drain(in, name);
    return image;
  }

  /**
   * The decompressed size a single-file image held in memory declares (data offset plus voxel
   * block), from its header read through a streaming gunzip, the stream then rewound; -1 for
   * other streams or a header that does not parse (the streaming read that follows reports it).
   */
  private static long declaredSize(InputStream raw, String name) {
    if (!(raw instanceof MemoryFile)) {
      return -1;
    }
    raw.mark(Integer.MAX_VALUE);
    try {
      NiftiHeader h = readHeader(ImageStreams.maybeGunzipHeader(raw, name), name);
      return Math.max(voxOffset(h, name), h.headerSize()) + layout(h, name).bytes();
    } catch (IOException | RuntimeException e) {
      return -1;
    } finally {
      try {
        raw.reset();
      } catch (IOException e) {
        throw new IllegalStateException("a stream in memory always rewinds", e);
      }
    }
  }

  private static Image3D readPair(String hdrUri, String imgUri, String source,
      FileOpener files) throws IOException {
    NiftiHeader h;
    try (InputStream raw = files.open(hdrUri)) {
      h = readHeader(ImageStreams.maybeGunzipHeader(raw, hdrUri), hdrUri);
    }
    if (h.singleFile()) {
      throw new ImageIoException(hdrUri, "magic '" + h.magic() + "' marks a single-file "
          + "image, but the name says .hdr/.img pair");
    }
    Layout layout = layout(h, hdrUri);
    long offset = voxOffset(h, hdrUri);
    try (InputStream raw = files.open(imgUri)) {
      InputStream in = ImageStreams.maybeGunzip(raw, imgUri, offset + layout.bytes());
      long skipped = ImageStreams.skipUpTo(in, offset);
      if (skipped < offset) {
        throw new ImageIoException(imgUri, "file has " + skipped + " bytes, fewer than "
            + "vox_offset " + offset);
      }
      Image3D image = readImage(in, h, layout, imgUri, source);
      ImageStreams.drain(in, imgUri);
      return image;
    }
  }

  /** Reads and parses the 348- or 540-byte header at the start of the stream. */
  static NiftiHeader readHeader(InputStream in, String name) throws IOException {
    byte[] buf = new byte[NiftiHeader.NIFTI2_SIZE];
    int n = ImageStreams.readUpTo(in, buf, 0, 4);
    if (n < 4) {
      throw new ImageIoException(name, n == 0 ? "empty file" : "file too short for a NIfTI "
          + "header (" + n + " bytes)");
    }
    NiftiHeader.Kind kind = NiftiHeader.detect(buf);
    if (kind == null) {
      int le = (buf[0] & 0xff) | (buf[1] & 0xff) << 8 | (buf[2] & 0xff) << 16 | buf[3] << 24;
      throw new ImageIoException(name, "not a NIfTI file: sizeof_hdr is " + le
          + " (expected 348 or 540 in either byte order)");
    }
    int size = kind.size();
    n = ImageStreams.readUpTo(in, buf, 4, size - 4);
    if (n < size - 4) {
      throw new ImageIoException(name, "file too short for a NIfTI-" + (size == 348 ? 1 : 2)
          + " header (" + (n + 4) + " of " + size + " bytes)");
    }
    return NiftiHeader.parse(buf, size, kind.order(), name);
  }

  private static long voxOffset(NiftiHeader h, String name) throws ImageIoException {
    double v = h.voxOffset();
    if (!(v >= 0) || v > Long.MAX_VALUE / 2) {
      throw new ImageIoException(name, "invalid vox_offset " + v);
    }
    return (long) v;
  }

  /** Sizes and type of the 3-D voxel block. */
  static final class Layout {
    final int nx;
    final int ny;
    final int nz;
    final NiftiDatatype type;

    Layout(int nx, int ny, int nz, NiftiDatatype type) {
      this.nx = nx;
      this.ny = ny;
      this.nz = nz;
      this.type = type;
    }

    int count() { return nx * ny * nz; }
    int bytes() { return count() * type.bytes(); }
  }

  static Layout layout(NiftiHeader h, String name) throws ImageIoException {
    long dim0 = h.dim(0);
    if (dim0 < 1 || dim0 > 7) {
      throw new ImageIoException(name, "invalid dim[0] = " + dim0 + " (must be 1 to 7)");
    }
    int nd = (int) dim0;
    long[] d = new long[8];
    for (int i = 1; i <= 7; i++) {
      d[i] = i <= nd ? h.dim(i) : 1;
    }
    if (d[1] <= 0) {
      throw new ImageIoException(name, "invalid dim[1] = " + d[1]);
    }
    for (int i = 2; i <= nd; i++) {
      // As niftilib: non-positive sizes beyond the first count as 1.
      if (d[i] <= 0) {
        d[i] = 1;
      }
    }
    int real = nd;
    while (real > 3 && d[real] == 1) {
      real--;
    }
    if (real > 3) {
      long volumes = 1;
      StringBuilder dims = new StringBuilder();
      for (int i = 1; i <= nd; i++) {
        if (i > 3) {
          volumes *= d[i];
        }
        dims.append(i > 1 ? "x" : "").append(d[i]);
      }
      if (real == 4) {
        throw new ImageIoException(name, "4-D image with " + volumes + " volumes is not "
            + "supported (dims " + dims + ")");
      }
      throw new ImageIoException(name, real + "-D image (dims " + dims + ") is not supported");
    }
    NiftiDatatype type = NiftiDatatype.ofCode(h.datatype());
    if (type == null) {
      throw new ImageIoException(name, "unsupported NIfTI datatype " + h.datatype() + " ("
          + NiftiDatatype.describe(h.datatype()) + ")");
    }
    ImageStreams.checkSize(d[1], d[2], d[3], type, name);
    return new Layout((int) d[1], (int) d[2], (int) d[3], type);
  }

  /** The voxel data ({@code name} for errors) as an image named {@code source}. */
  private static Image3D readImage(InputStream in, NiftiHeader h, Layout layout, String name,
      String source) throws IOException {
    ImageStreams.Block data = ImageStreams.readBlockInPlace(in, layout.bytes());
    if (data.length() < layout.bytes()) {
      throw new ImageIoException(name, "data size " + data.length() + " bytes does not match dims "
          + VoxelCodec.describe(layout.nx, layout.ny, layout.nz, layout.type));
    }
    double[][] geo = geometry(h, name);
    if (!scaled(h)) {
      VoxelCodec.Shorts shorts = VoxelCodec.decodeShorts(data.bytes(), data.offset(),
          layout.count(), layout.type, h.order(), data.voxelsInto());
      if (shorts != null) {
        return new Image3D(layout.nx, layout.ny, layout.nz, shorts, geo[0], geo[1], geo[2],
            source);
      }
    }
    double[] v = VoxelCodec.decode(data.bytes(), data.offset(), layout.count(),
        layout.type, h.order());
    if (scaled(h)) {
      scale(v, h, layout.type);
    }
    return new Image3D(layout.nx, layout.ny, layout.nz, v, geo[0], geo[1], geo[2], source);
  }

  /** Whether scl_slope/scl_inter change the stored values. */
  private static boolean scaled(NiftiHeader h) {
    double slope = h.sclSlope();
    return Double.isFinite(slope) && slope != 0 && !(slope == 1 && intercept(h) == 0);
  }

  /**
   * {@code scl_inter} as niftilib reads it: {@code FIXED_FLOAT} (nifti1_io.c
   * nifti_convert_nhdr2nim) turns a NaN or infinite value into 0, so ITK still applies the slope.
   */
  static double intercept(NiftiHeader h) {
    double inter = h.sclInter();
    return Double.isFinite(inter) ? inter : 0.0;
  }

  private static void scale(double[] v, NiftiHeader h, NiftiDatatype type) {
    double slope = h.sclSlope();
    double inter = intercept(h);
    if (type == NiftiDatatype.FLOAT64) {
      for (int i = 0; i < v.length; i++) {
        v[i] = v[i] * slope + inter;
      }
    } else {
      // ITK promotes the stored value to float, scales in double, stores float.
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((float) v[i] * slope + inter);
      }
    }
  }

  /**
   * Spacing, origin and direction (row-major) in LPS mm, as ITK's NiftiImageIO derives them and
   * itk::ImageFileReader then adjusts them:
   * <ul>
   *   <li>only the first {@code min(dim[0], 3)} axes carry geometry (NiftiImageIO's
   *       {@code SetImageIOOrientationFromNIfTI} fills origin and direction up to {@code dims});
   *       an axis beyond them (the third of a 2-D image) gets spacing 1, origin 0 and the
   *       identity direction, and the direction of the others is normalised over their
   *       {@code dims} components only;
   *   <li>NiftiImageIO sets the raw, possibly negative, {@code pixdim} as spacing (qform, sform
   *       and no form alike), and ImageFileReader ("Spacing is expected to be greater than 0.
   *       If negative, flip image direction along this axis") makes it positive and negates that
   *       direction column. The qform matrix itself uses 1 for a non-positive pixdim
   *       (nifti_quatern_to_mat44), so only that flip carries the sign.
   * </ul>
   */
  static double[][] geometry(NiftiHeader h, String name) throws ImageIoException {
    int nd = (int) h.dim(0);
    int dims = Math.min(nd, 3);
    double[] pix = new double[4];
    for (int i = 1; i <= 3; i++) {
      double p = h.pixdim(i);
      if (i <= nd && (p == 0 || !Double.isFinite(p))) {
        // niftilib would take 1 mm, and shape features and the harmonisation covariates would
        // then use an invented spacing: refused instead.
        throw new ImageIoException(name, "invalid spacing pixdim[" + i + "] = " + p
            + " (must be finite and non-zero)");
      }
      // an axis beyond dim[0] (the third of a 2-D image) has no spacing of its own: 1
      pix[i] = (p == 0 || !Double.isFinite(p)) ? 1.0 : p;
    }
    double unit = 1.0;
    switch (h.xyztUnits() & 0x07) {
      case 1: unit = 1e3; break;   // meter
      case 3: unit = 1e-3; break;  // micron
      default: break;              // mm or unknown
    }
    double[] spacing = {1, 1, 1};
    for (int j = 0; j < dims; j++) {
      spacing[j] = Math.abs(pix[j + 1]) * unit;
    }
    int qcode = h.qformCode() > 0 ? h.qformCode() : NIFTI_XFORM_UNKNOWN;
    int scode = h.sformCode() > 0 ? h.sformCode() : NIFTI_XFORM_UNKNOWN;
    if (qcode == NIFTI_XFORM_UNKNOWN && scode == NIFTI_XFORM_UNKNOWN) {
      return new double[][] {spacing, new double[3], flipNegative(Image3D.identity(), pix, dims)};
    }
    // niftilib keeps both matrices as float mat44 for NIfTI-1; round the same way.
    boolean asFloat = h.version() == 1;
    double[] qto;
    if (qcode != NIFTI_XFORM_UNKNOWN) {
      double[] q = h.quatern();
      double[] o = h.qoffset();
      double qfac = h.pixdim(0) < 0 ? -1.0 : 1.0;
      qto = NiftiGeometry.quaternToAffine(q[0], q[1], q[2], o[0], o[1], o[2], pix[1], pix[2],
          pix[3], qfac);
    } else {
      qto = new double[] {pix[1], 0, 0, 0, 0, pix[2], 0, 0, 0, 0, pix[3], 0};
    }
    if (asFloat) {
      roundToFloat(qto);
    }
    double[] sto = scode != NIFTI_XFORM_UNKNOWN ? h.srow() : null;
    double[] chosen = choose(qto, qcode, sto, scode);
    if (chosen == null) {
      throw new ImageIoException(name, "sform is not a rotation with scaling (sheared or "
          + "singular) and there is no qform; no orthonormal direction can be derived");
    }
    double[] origin = {-chosen[3] * unit, -chosen[7] * unit, chosen[11] * unit};
    double[] dir = Image3D.identity();
    for (int j = 0; j < dims; j++) {
      double[] c = {-chosen[j], -chosen[4 + j], chosen[8 + j]};
      double n = 0;
      for (int i = 0; i < dims; i++) {
        n += c[i] * c[i];
      }
      n = Math.sqrt(n);
      if (n == 0) {
        throw new ImageIoException(name, "affine column " + j + " is zero");
      }
      for (int i = 0; i < dims; i++) {
        dir[3 * i + j] = c[i] / n;
      }
    }
    for (int i = dims; i < 3; i++) {
      origin[i] = 0;
    }
    return new double[][] {spacing, origin, flipNegative(dir, pix, dims)};
  }

  /**
   * itk::ImageFileReader's rule for the negative spacing NiftiImageIO passes on: the direction
   * column of each of the first {@code dims} axes whose {@code pixdim} is negative is negated.
   */
  private static double[] flipNegative(double[] dir, double[] pix, int dims) {
    for (int j = 0; j < dims; j++) {
      if (pix[j + 1] < 0) {
        for (int i = 0; i < 3; i++) {
          dir[3 * i + j] = -dir[3 * i + j];
        }
      }
    }
    return dir;
  }

  /**
   * ITK's choice between sform and qform (NiftiImageIO::SetImageIOOrientationFromNIfTI):
   * returns the 3x4 affine to use, or null if neither is usable.
   */
  static double[] choose(double[] qto, int qcode, double[] sto, int scode) {
    boolean preferS = sto != null && elementwiseClose(sto, qto, 1e-5, 1e-7);
    if (!preferS || scode != NIFTI_XFORM_UNKNOWN) {
      if (sto != null && orthonormalUpToScale(sto)) {
        if (qcode == NIFTI_XFORM_UNKNOWN) {
          preferS = true;
        } else if (scode == NIFTI_XFORM_SCANNER_ANAT) {
          preferS = true;
        } else {
          preferS = verySimilar(sto, qto);
        }
      }
      // ITK's optional "SFORM permissive" mode (off by default) would orthogonalise a sheared
      // sform here; DeltaRad, like default ITK, falls back to the qform instead.
    }
    if (preferS) {
      return sto;
    }
    if (qcode != NIFTI_XFORM_UNKNOWN) {
      return qto;
    }
    return null;
  }

  /** The 3x3 parts agree within tol3 element by element and the offsets within tolOffset (L1). */
  private static boolean elementwiseClose(double[] a, double[] b, double tol3, double tolOffset) {
    double offset = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        if (Math.abs(a[4 * i + j] - b[4 * i + j]) > tol3) {
          return false;
        }
      }
      offset += Math.abs(a[4 * i + 3] - b[4 * i + 3]);
    }
    return offset <= tolOffset;
  }

  /**
   * Invertible (the 4x4 affine's inverse condition number above 2^-52, as ITK asks of its SVD),
   * and its columns, once normalised, are orthonormal within 1e-4.
   */
  static boolean orthonormalUpToScale(double[] m) {
    double[] norms = new double[3];
    double[] r = new double[9];
    for (int j = 0; j < 3; j++) {
      norms[j] = NiftiGeometry.columnNorm(m, 4, j);
      for (int i = 0; i < 3; i++) {
        r[3 * i + j] = m[4 * i + j] / norms[j];
      }
    }
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        double dot = r[3 * i] * r[3 * k] + r[3 * i + 1] * r[3 * k + 1] + r[3 * i + 2] * r[3 * k + 2];
        if (Math.abs(dot - (i == k ? 1 : 0)) > 1e-4) {
          return false;
        }
      }
    }
    return surelyWellConditioned(m, norms) || invertibleBySvd(m);
  }

  /**
   * Whether a bound proves the affine M = [[A, t], [0, 1]] far from singular, so that its SVD
   * (whose rounding errors are near 2^-52 of its largest singular value) would find an inverse
   * condition number far above 2^-52: a shortcut that gives the SVD's answer without it. A's
   * normalised columns are orthonormal within 1e-4 here, so (Gershgorin on their Gram matrix)
   * its singular values lie within [0.999 min |a_j|, 1.001 max |a_j|]; and ||M|| <= ||A|| + |t|
   * + 1, ||M^-1|| <= (1 + |t|) / sigma_min(A) + 1. Why not always the SVD: commons-math's SVD
   * constructor is one 3,214-byte method that C2 compiled a dozen times over in a 500-volume
   * extraction job (4 geometries per volume), about 6 s of compiler CPU on a 2-core host while
   * the tasks warmed up (-XX:+LogCompilation, 2026-12-03); a scanner's affine (0.5-5 mm voxels,
   * offsets of a few hundred mm) bounds below 1e6, against the 1e12 asked here.
   */
  private static boolean surelyWellConditioned(double[] m, double[] norms) {
    double lo = 0.999 * Math.min(norms[0], Math.min(norms[1], norms[2]));
    double hi = 1.001 * Math.max(norms[0], Math.max(norms[1], norms[2]));
    double t = Math.sqrt(m[3] * m[3] + m[7] * m[7] + m[11] * m[11]);
    double bound = (hi + t + 1) * ((1 + t) / lo + 1);
    return bound <= 1e12; // false for NaN, infinities and a zero column
  }

  /** The 4x4 affine's inverse condition number, by SVD, is above 2^-52 (ITK's test). */
  static boolean invertibleBySvd(double[] m) {
    RealMatrix full = new Array2DRowRealMatrix(new double[][] {
        {m[0], m[1], m[2], m[3]}, {m[4], m[5], m[6], m[7]}, {m[8], m[9], m[10], m[11]},
        {0, 0, 0, 1}});
    return new SingularValueDecomposition(full).getInverseConditionNumber() > Math.ulp(1.0);
  }

  /**
   * Same singular values, rotation and offset within 1e-4. ITK compares the SVDs' U factors;
   * those are not unique, so the polar rotation U V^T (which is) is compared instead.
   */
  private static boolean verySimilar(double[] s, double[] q) {
    SingularValueDecomposition ss = new SingularValueDecomposition(top3(s));
    SingularValueDecomposition qs = new SingularValueDecomposition(top3(q));
    double[] sw = ss.getSingularValues();
    double[] qw = qs.getSingularValues();
    RealMatrix sr = ss.getU().multiply(ss.getVT());
    RealMatrix qr = qs.getU().multiply(qs.getVT());
    for (int i = 0; i < 3; i++) {
      if (Math.abs(sw[i] - qw[i]) > 1e-4 || Math.abs(s[4 * i + 3] - q[4 * i + 3]) > 1e-4) {
        return false;
      }
      for (int j = 0; j < 3; j++) {
        if (Math.abs(sr.getEntry(i, j) - qr.getEntry(i, j)) > 1e-4) {
          return false;
        }
      }
    }
    return true;
  }

  private static RealMatrix top3(double[] m) {
    return new Array2DRowRealMatrix(new double[][] {
        {m[0], m[1], m[2]}, {m[4], m[5], m[6]}, {m[8], m[9], m[10]}});
  }

  private static void roundToFloat(double[] m) {
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) m[i];
    }
  }
}
