package org.deltarad.image;

/** The NIfTI datatype codes DeltaRad reads and writes, with their size on disk. */
public enum NiftiDatatype {
  UINT8(2, 1, "uint8", 0, 255),
  INT16(4, 2, "int16", Short.MIN_VALUE, Short.MAX_VALUE),
  INT32(8, 4, "int32", Integer.MIN_VALUE, Integer.MAX_VALUE),
  FLOAT32(16, 4, "float32", -Float.MAX_VALUE, Float.MAX_VALUE),
  FLOAT64(64, 8, "float64", -Double.MAX_VALUE, Double.MAX_VALUE),
  INT8(256, 1, "int8", Byte.MIN_VALUE, Byte.MAX_VALUE),
  UINT16(512, 2, "uint16", 0, 65535),
  UINT32(768, 4, "uint32", 0, 4294967295.0),
  INT64(1024, 8, "int64", -0x1p63, 0x1p63),
  UINT64(1280, 8, "uint64", 0, 0x1p64);

  private final int code;
  private final int bytes;
  private final String label;
  private final double min;
  /** Inclusive for the narrow types; for int64/uint64 the exclusive power of two above. */
  private final double max;

  NiftiDatatype(int code, int bytes, String label, double min, double max) {
    this.code = code;
    this.bytes = bytes;
    this.label = label;
    this.min = min;
    this.max = max;
  }

  public int code() { return code; }
  public int bytes() { return bytes; }
  public int bitpix() { return 8 * bytes; }
  public String label() { return label; }
  public boolean isInteger() { return this != FLOAT32 && this != FLOAT64; }

  /** True if {@code v} (already rounded for integer types) can be stored without overflow. */
  boolean holds(double v) {
    if (this == INT64 || this == UINT64) {
      return v >= min && v < max;
    }
    return v >= min && v <= max;
  }

  double min() { return min; }
  double max() { return max; }

  /** The datatype with this NIfTI code, or null if DeltaRad does not support it. */
  public static NiftiDatatype ofCode(int code) {
    for (NiftiDatatype t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** A readable name for any NIfTI datatype code, including the unsupported ones. */
  static String describe(int code) {
    NiftiDatatype t = ofCode(code);
    if (t != null) {
      return t.label;
    }
    switch (code) {
      case 0: return "UNKNOWN";
      case 1: return "BINARY";
      case 32: return "COMPLEX64";
      case 128: return "RGB24";
      case 255: return "ALL";
      case 1536: return "FLOAT128";
      case 1792: return "COMPLEX128";
      case 2048: return "COMPLEX256";
      case 2304: return "RGBA32";
      default: return "unknown code";
    }
  }
}
