package org.deltarad.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header that DeltaRad uses, in
 * double precision whatever their size on disk. The byte order is detected from
 * {@code sizeof_hdr}, which must read 348 or 540 in one of the two orders.
 */
public final class NiftiHeader {
  public static final int NIFTI1_SIZE = 348;
  public static final int NIFTI2_SIZE = 540;

  private final int version;
  private final ByteOrder order;
  private final String magic;
  private final boolean singleFile;
  private final long[] dim = new long[8];
  private final int datatype;
  private final int bitpix;
  private final double[] pixdim = new double[8];
  private final double voxOffset;
  private final double sclSlope;
  private final double sclInter;
  private final int xyztUnits;
  private final int intentCode;
  private final int qformCode;
  private final int sformCode;
  private final double[] quatern = new double[3];
  private final double[] qoffset = new double[3];
  private final double[] srow = new double[12];

  private NiftiHeader(int version, ByteBuffer h, String name) throws ImageIoException {
    this.version = version;
    this.order = h.order();
    if (version == 1) {
      byte[] m = new byte[4];
      h.get(344, m);
      magic = printable(m, 3);
      boolean onefile = m[0] == 'n' && m[1] == '+' && m[2] == '1' && m[3] == 0;
      boolean twofile = m[0] == 'n' && m[1] == 'i' && m[2] == '1' && m[3] == 0;
      if (!onefile && !twofile) {
        throw new ImageIoException(name, "bad NIfTI-1 magic '" + magic
            + "' (expected 'n+1' or 'ni1'; Analyze 7.5 files are not supported)");
      }
      singleFile = onefile;
      for (int i = 0; i < 8; i++) {
        dim[i] = h.getShort(40 + 2 * i);
        pixdim[i] = h.getFloat(76 + 4 * i);
      }
      intentCode = h.getShort(68);
      datatype = h.getShort(70);
      bitpix = h.getShort(72);
      voxOffset = h.getFloat(108);
      sclSlope = h.getFloat(112);
      sclInter = h.getFloat(116);
      xyztUnits = h.get(123) & 0xff;
      qformCode = h.getShort(252);
      sformCode = h.getShort(254);
      for (int i = 0; i < 3; i++) {
        quatern[i] = h.getFloat(256 + 4 * i);
        qoffset[i] = h.getFloat(268 + 4 * i);
      }
      for (int i = 0; i < 12; i++) {
        srow[i] = h.getFloat(280 + 4 * i);
      }
    } else {
      byte[] m = new byte[8];
      h.get(4, m);
      magic = printable(m, 3);
      boolean onefile = m[0] == 'n' && m[1] == '+' && m[2] == '2' && m[3] == 0;
      boolean twofile = m[0] == 'n' && m[1] == 'i' && m[2] == '2' && m[3] == 0;
      if (!onefile && !twofile) {
        throw new ImageIoException(name, "bad NIfTI-2 magic '" + magic
            + "' (expected 'n+2' or 'ni2')");
      }
      if (m[4] != '\r' || m[5] != '\n' || m[6] != 0x1a || m[7] != '\n') {
        throw new ImageIoException(name, "damaged NIfTI-2 magic (bytes 8-11 are not "
            + "\\r\\n\\032\\n; was the file transferred in text mode?)");
      }
      singleFile = onefile;
      datatype = h.getShort(12);
      bitpix = h.getShort(14);
      for (int i = 0; i < 8; i++) {
        dim[i] = h.getLong(16 + 8 * i);
        pixdim[i] = h.getDouble(104 + 8 * i);
      }
      voxOffset = h.getLong(168);
      sclSlope = h.getDouble(176);
      sclInter = h.getDouble(184);
      qformCode = h.getInt(344);
      sformCode = h.getInt(348);
      for (int i = 0; i < 3; i++) {
        quatern[i] = h.getDouble(352 + 8 * i);
        qoffset[i] = h.getDouble(376 + 8 * i);
      }
      for (int i = 0; i < 12; i++) {
        srow[i] = h.getDouble(400 + 8 * i);
      }
      xyztUnits = h.getInt(500);
      intentCode = h.getInt(504);
    }
  }

  /** What the first four bytes ({@code sizeof_hdr}) announce. */
  record Kind(int size, ByteOrder order) {}

  /** The header size (348 or 540) and byte order, or null if the bytes are neither. */
  static Kind detect(byte[] first4) {
    int le = ByteBuffer.wrap(first4).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    int be = ByteBuffer.wrap(first4).order(ByteOrder.BIG_ENDIAN).getInt(0);
    if (le == NIFTI1_SIZE || le == NIFTI2_SIZE) {
      return new Kind(le, ByteOrder.LITTLE_ENDIAN);
    }
    if (be == NIFTI1_SIZE || be == NIFTI2_SIZE) {
      return new Kind(be, ByteOrder.BIG_ENDIAN);
    }
    return null;
  }

  /** Parses a complete header (348 or 540 bytes, as {@link #detect} said). */
  static NiftiHeader parse(byte[] bytes, int size, ByteOrder order, String name)
      throws ImageIoException {
    ByteBuffer h = ByteBuffer.wrap(bytes, 0, size).order(order);
    return new NiftiHeader(size == NIFTI1_SIZE ? 1 : 2, h, name);
  }

  private static String printable(byte[] m, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int c = m[i] & 0xff;
      if (c >= 32 && c < 127) {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }

  /** 1 or 2. */
  public int version() { return version; }
  public ByteOrder order() { return order; }
  public String magic() { return magic; }
  /** True for .nii ("n+1"/"n+2"), false for a .hdr/.img pair ("ni1"/"ni2"). */
  public boolean singleFile() { return singleFile; }
  public int headerSize() { return version == 1 ? NIFTI1_SIZE : NIFTI2_SIZE; }
  public long dim(int i) { return dim[i]; }
  public int datatype() { return datatype; }
  public int bitpix() { return bitpix; }
  public double pixdim(int i) { return pixdim[i]; }
  public double voxOffset() { return voxOffset; }
  public double sclSlope() { return sclSlope; }
  public double sclInter() { return sclInter; }
  public int xyztUnits() { return xyztUnits; }
  public int intentCode() { return intentCode; }
  public int qformCode() { return qformCode; }
  public int sformCode() { return sformCode; }
  /** quatern_b, quatern_c, quatern_d. */
  public double[] quatern() { return quatern.clone(); }
  /** qoffset_x, qoffset_y, qoffset_z. */
  public double[] qoffset() { return qoffset.clone(); }
  /** srow_x, srow_y, srow_z, row-major 3x4. */
  public double[] srow() { return srow.clone(); }

  /** Descriptive text of the header for messages and debugging. */
  @Override
  public String toString() {
    return "NIfTI-" + version + " " + order + " magic=" + magic + " datatype=" + datatype
        + " dim=" + java.util.Arrays.toString(dim) + " qform=" + qformCode + " sform=" + sformCode;
  }
}
