package org.deltarad.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads an image file of any supported format, chosen by its extension: NIfTI ({@code .nii},
 * {@code .nii.gz}, {@code .hdr}/{@code .img} pairs, also gzipped) or NRRD ({@code .nrrd},
 * {@code .nhdr}). Paths may be plain local paths or any Hadoop FileSystem URI (file://,
 * hdfs://, s3a://).
 */
public final class ImageReaders {
  /** The formats DeltaRad reads. */
  public enum Format { NIFTI, NIFTI_PAIR, NRRD }

  private ImageReaders() {}

  public static Image3D read(String uri) throws IOException {
    return read(uri, ImageFiles.defaultConf());
  }

  public static Image3D read(String uri, Configuration conf) throws IOException {
    return read(uri, FileOpener.of(conf));
  }

  static Image3D read(String uri, FileOpener files) throws IOException {
    switch (format(uri)) {
      case NRRD:
        return NrrdReader.read(uri, files);
      default:
        return NiftiReader.read(uri, files);
    }
  }

  /**
   * The voxel block's sizes and type from the header alone, without inflating the data: what
   * decoding the image will allocate ({@link VolumeShape#decodedBytes()}, {@link
   * VolumeShape#heldBytes()}) is known before it is paid.
   */
  static VolumeShape shape(String uri, FileOpener files) throws IOException {
    return format(uri) == Format.NRRD ? NrrdReader.shape(uri, files)
        : NiftiReader.shape(uri, files);
  }

  /** The format its name says, or an ImageIoException naming the supported extensions. */
  public static Format format(String uri) throws ImageIoException {
    String n = ImageFiles.lowerName(uri);
    if (n.endsWith(".nii") || n.endsWith(".nii.gz")) {
      return Format.NIFTI;
    }
    if (n.endsWith(".hdr") || n.endsWith(".hdr.gz") || n.endsWith(".img")
        || n.endsWith(".img.gz")) {
      return Format.NIFTI_PAIR;
    }
    if (n.endsWith(".nrrd") || n.endsWith(".nhdr")) {
      return Format.NRRD;
    }
    throw new ImageIoException(uri, "unsupported image format (expected .nii, .nii.gz, .hdr, "
        + ".img, .nrrd or .nhdr)");
  }

  /**
   * The files an image consists of, header first: one file, or the header and data file of a
   * .hdr/.img pair or a detached NRRD header.
   */
  public static List<String> files(String uri, Configuration conf) throws IOException {
    return files(uri, FileOpener.of(conf));
  }

  static List<String> files(String uri, FileOpener opener) throws IOException {
    switch (format(uri)) {
      case NIFTI_PAIR: {
        String[] pair = NiftiReader.pairFiles(uri, opener);
        return List.of(pair[0], pair[1]);
      }
      case NRRD: {
        String dataFile;
        try (InputStream in = opener.open(uri)) {
          dataFile = NrrdReader.readHeader(in, uri).get("data file");
        }
        return dataFile == null ? List.of(uri)
            : List.of(uri, NrrdReader.resolve(uri, dataFile, opener.dataFilesAnywhere()));
      }
      default:
        return List.of(uri);
    }
  }

  /**
   * Hex SHA-256 over the bytes of all of the image's {@link #files} in order; for a single-file
   * image this is the file's plain {@code sha256sum}.
   */
  public static String sha256(String uri, Configuration conf) throws IOException {
    return ContentHash.sha256(files(uri, conf), conf);
  }

  /**
   * Reads the image's files once into memory: their {@link ImageBytes#sha256() hash} (equal to
   * {@link #sha256}) is then known before {@link ImageBytes#decode() decoding}, which a job uses
   * to skip unchanged volumes without a second read.
   */
  public static ImageBytes load(String uri, Configuration conf) throws IOException {
    return ImageBytes.load(uri, conf);
  }
}
