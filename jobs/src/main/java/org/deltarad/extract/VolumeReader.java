package org.deltarad.extract;

import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.deltarad.image.ContentHash;
import org.deltarad.image.Image3D;
import org.deltarad.image.ReadBuffers;
import org.deltarad.image.VolumeShape;

/** Reads one image or mask volume by Hadoop URI on an executor. */
@FunctionalInterface
public interface VolumeReader extends Serializable {
  /** Reads a 3-D volume; any failure is an exception whose message names the file and cause. */
  Image3D read(String uri, Configuration conf) throws Exception;

  /**
   * Hex SHA-256 of the bytes the volume is stored in (the re-processing key). This default
   * hashes the one file; readers of multi-file formats hash them all.
   */
  default String sha256(String uri, Configuration conf) throws IOException {
    return ContentHash.sha256(uri, conf);
  }

  /**
   * The volume's content hash, with the volume to decode on demand: the job compares the hash
   * with the features table before it pays for decoding. This default reads, then hashes (two
   * reads); the production reader reads the files once.
   */
  default Loaded load(String uri, Configuration conf) throws Exception {
    Image3D image = read(uri, conf);
    String sha = sha256(uri, conf);
    return new Loaded() {
      @Override
      public String sha256() {
        return sha;
      }

      @Override
      public Image3D decode() {
        return image;
      }
    };
  }

  /**
   * As {@link #load(String, Configuration)}, with an error instead of buffering more than
   * {@code maxStoredBytes}; this default ignores the cap.
   */
  default Loaded load(String uri, Configuration conf, long maxStoredBytes) throws Exception {
    return load(uri, conf);
  }

  /**
   * As {@link #load(String, Configuration, long)}, reading into the caller's reused
   * {@code buffers} where the reader can (decode the result before the same buffers load
   * another volume); this default ignores them.
   */
  default Loaded load(String uri, Configuration conf, long maxStoredBytes, ReadBuffers buffers)
      throws Exception {
    return load(uri, conf, maxStoredBytes);
  }

  /** A volume's stored form: its hash now, the image when asked. */
  interface Loaded {
    String sha256();

    Image3D decode() throws Exception;

    /** The voxel block's shape from the header, before decoding; null when not known. */
    default VolumeShape shape() throws Exception {
      return null;
    }

    /** Bytes held for the stored files (0 when not known). */
    default long storedBytes() {
      return 0;
    }
  }
}
