package org.deltarad.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes an {@link Image3D} as a single-file NIfTI-1 image ({@code .nii} or {@code .nii.gz}),
 * little-endian, with both sform and qform (code 1, scanner) set from the LPS geometry so that
 * ITK, nibabel and {@link NiftiReader} all see the same spacing, origin and direction.
 *
 * <p>Integer datatypes get {@code Math.rint} of each value (round half to even, as numpy's
 * {@code round}); a value that does not fit, or a NaN, is an error, checked before any byte is
 * written. {@code scl_slope} is 0 (no scaling).
 */
public final class NiftiWriter {
  static final int HEADER_SIZE = 348;
  static final int VOX_OFFSET = 352;

  private NiftiWriter() {}

  /**
   * Writes to {@code uri} (plain path, file://, hdfs://, s3a://) through Hadoop FileSystem,
   * gzip-compressed when the name ends in {@code .nii.gz}.
   */
  public static void write(Image3D img, NiftiDatatype type, String uri) throws IOException {
    write(img, type, uri, ImageFiles.defaultConf());
  }

  public static void write(Image3D img, NiftiDatatype type, String uri, Configuration conf)
      throws IOException {
    String name = ImageFiles.lowerName(uri);
    boolean gzip;
    if (name.endsWith(".nii.gz")) {
      gzip = true;
    } else if (name.endsWith(".nii")) {
      gzip = false;
    } else {
      throw new ImageIoException(uri, "NIfTI output name must end in .nii or .nii.gz");
    }
    check(img, type, uri);
    try (OutputStream out = ImageFiles.create(uri, conf)) {
      writeChecked(img, type, out, gzip, uri);
    } catch (ImageIoException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageIoException(uri, "write failed (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Writes to {@code out} (gzip-compressed if asked). The stream is flushed, not closed; with
   * gzip the compressed stream is finished so {@code out} holds a complete member.
   */
  public static void write(Image3D img, NiftiDatatype type, OutputStream out, boolean gzip)
      throws IOException {
    check(img, type, img.source());
    writeChecked(img, type, out, gzip, img.source());
  }

  private static void writeChecked(Image3D img, NiftiDatatype type, OutputStream out,
      boolean gzip, String name) throws IOException {
    if (gzip) {
      GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(out), ImageFiles.BUFFER);
      writeRaw(img, type, gz);
      gz.finish();
      gz.flush();
    } else {
      writeRaw(img, type, out);
    }
    out.flush();
  }

  /** Rejects values the datatype cannot hold, so a failed write leaves no half-written file. */
  private static void check(Image3D img, NiftiDatatype type, String name) throws ImageIoException {
    if (type == null) {
      throw new ImageIoException(name, "no NIfTI datatype given");
    }
    if (img.nx() > Short.MAX_VALUE || img.ny() > Short.MAX_VALUE || img.nz() > Short.MAX_VALUE) {
      throw new ImageIoException(name, "size " + img.nx() + "x" + img.ny() + "x" + img.nz()
          + " exceeds the NIfTI-1 limit of 32767 per axis");
    }
    double[] v = img.voxels();
    for (int i = 0; i < v.length; i++) {
      double x = v[i];
      boolean ok;
      if (type.isInteger()) {
        ok = !Double.isNaN(x) && type.holds(Math.rint(x));
      } else {
        ok = Double.isNaN(x) || Double.isInfinite(x) || type.holds(x);
      }
      if (!ok) {
        int xi = i % img.nx();
        int yi = (i / img.nx()) % img.ny();
        int zi = i / (img.nx() * img.ny());
        throw new ImageIoException(name, "voxel value " + x + " at (" + xi + "," + yi + "," + zi
            + ") cannot be stored as " + type.label());
      }
    }
    double[] s = img.spacing();
    for (int j = 0; j < 3; j++) {
      if (!(s[j] > 0) || Double.isInfinite(s[j])) {
        throw new ImageIoException(name, "spacing " + s[j] + " on axis " + j + " is not positive");
      }
      if (!(NiftiGeometry.columnNorm(img.direction(), 3, j) > 0)) {
        throw new ImageIoException(name, "direction column " + j + " is zero");
      }
    }
    // A sheared frame cannot be a qform, and ITK would ignore such an sform: refuse to write it.
    if (!NiftiReader.orthonormalUpToScale(
        NiftiGeometry.lpsToRasAffine(s, img.origin(), img.direction()))) {
      throw new ImageIoException(name, "direction " + java.util.Arrays.toString(img.direction())
          + " is not orthonormal");
    }
  }

  private static void writeRaw(Image3D img, NiftiDatatype type, OutputStream out)
      throws IOException {
    out.write(header(img, type));
    double[] v = img.voxels();
    int perChunk = ImageFiles.BUFFER / type.bytes();
    ByteBuffer buf = ByteBuffer.allocate(perChunk * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < v.length; start += perChunk) {
      int end = Math.min(v.length, start + perChunk);
      buf.clear();
      encode(v, start, end, type, buf);
      out.write(buf.array(), 0, buf.position());
    }
  }

  private static void encode(double[] v, int start, int end, NiftiDatatype type, ByteBuffer buf) {
    switch (type) {
      case UINT8:
      case INT8:
        for (int i = start; i < end; i++) {
          buf.put((byte) (int) Math.rint(v[i]));
        }
        break;
      case INT16:
      case UINT16:
        for (int i = start; i < end; i++) {
          buf.putShort((short) (int) Math.rint(v[i]));
        }
        break;
      case INT32:
      case UINT32:
        for (int i = start; i < end; i++) {
          buf.putInt((int) (long) Math.rint(v[i]));
        }
        break;
      case INT64:
        for (int i = start; i < end; i++) {
          buf.putLong((long) Math.rint(v[i]));
        }
        break;
      case UINT64:
        for (int i = start; i < end; i++) {
          double r = Math.rint(v[i]);
          // Values at or above 2^63 wrap to the two's-complement bit pattern of the unsigned value.
          buf.putLong(r >= 0x1p63 ? (long) (r - 0x1p64) : (long) r);
        }
        break;
      case FLOAT32:
        for (int i = start; i < end; i++) {
          buf.putFloat((float) v[i]);
        }
        break;
      case FLOAT64:
        for (int i = start; i < end; i++) {
          buf.putDouble(v[i]);
        }
        break;
      default:
        throw new IllegalStateException("datatype " + type);
    }
  }

  static byte[] header(Image3D img, NiftiDatatype type) {
    ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0, HEADER_SIZE);
    h.put(38, (byte) 'r');
    short[] dim = {3, (short) img.nx(), (short) img.ny(), (short) img.nz(), 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) {
      h.putShort(40 + 2 * i, dim[i]);
    }
    h.putShort(70, (short) type.code());
    h.putShort(72, (short) type.bitpix());

    double[] sp = img.spacing();
    double[] aff = NiftiGeometry.lpsToRasAffine(sp, img.origin(), img.direction());
    double[] rot = new double[9];
    for (int j = 0; j < 3; j++) {
      double n = NiftiGeometry.columnNorm(aff, 4, j);
      for (int i = 0; i < 3; i++) {
        rot[3 * i + j] = aff[4 * i + j] / n;
      }
    }
    double[] q = NiftiGeometry.rotationToQuatern(rot);
    h.putFloat(76, (float) q[3]);
    for (int j = 0; j < 3; j++) {
      h.putFloat(80 + 4 * j, (float) sp[j]);
    }
    h.putFloat(108, VOX_OFFSET);
    h.putFloat(112, 0f);
    h.putFloat(116, 0f);
    h.put(123, (byte) 2); // NIFTI_UNITS_MM
    byte[] descrip = "DeltaRad NiftiWriter".getBytes(StandardCharsets.US_ASCII);
    h.put(148, descrip);
    h.putShort(252, (short) 1); // qform_code NIFTI_XFORM_SCANNER_ANAT
    h.putShort(254, (short) 1); // sform_code NIFTI_XFORM_SCANNER_ANAT
    h.putFloat(256, (float) q[0]);
    h.putFloat(260, (float) q[1]);
    h.putFloat(264, (float) q[2]);
    h.putFloat(268, (float) aff[3]);
    h.putFloat(272, (float) aff[7]);
    h.putFloat(276, (float) aff[11]);
    for (int k = 0; k < 12; k++) {
      h.putFloat(280 + 4 * k, (float) aff[k]);
    }
    h.put(344, new byte[] {'n', '+', '1', 0});
    // Bytes 348..351 stay zero: the extension flag says "no extensions".
    return h.array();
  }

  /** Lets a GZIPOutputStream be finished without closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
