package org.deltarad.extract;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.deltarad.image.Image3D;

/**
 * Test doubles for the job's plumbing tests, independent of the real image reader and feature
 * engine (which have their own tests, and an end-to-end test with this job): a tiny gzip'd
 * volume format and an engine computing three simple ROI statistics.
 */
final class TestVolumes {
  private TestVolumes() {}

  static void write(Image3D img, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (DataOutputStream out = new DataOutputStream(
        new GZIPOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(img.nx());
      out.writeInt(img.ny());
      out.writeInt(img.nz());
      for (double s : img.spacing()) {
        out.writeDouble(s);
      }
      for (double v : img.voxels()) {
        out.writeDouble(v);
      }
    }
  }

  /** Reads what {@link #write} wrote; a truncated file fails like a real reader would. */
  static final VolumeReader READER = (String uri, Configuration conf) -> {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
    try (DataInputStream in = new DataInputStream(
        new GZIPInputStream(p.getFileSystem(conf).open(p)))) {
      int nx = in.readInt();
      int ny = in.readInt();
      int nz = in.readInt();
      double[] s = {in.readDouble(), in.readDouble(), in.readDouble()};
      double[] v = new double[nx * ny * nz];
      for (int i = 0; i < v.length; i++) {
        v[i] = in.readDouble();
      }
      return new Image3D(nx, ny, nz, v, s, new double[3], Image3D.identity(), uri);
    } catch (java.io.FileNotFoundException e) {
      throw new IOException(uri + ": file not found", e);
    } catch (IOException e) {
      throw new IOException(uri + ": " + e.getMessage(), e);
    }
  };

  /** Mean, max and voxel volume of the ROI; {@code hash} plays the settings hash. */
  static final class Engine implements FeatureEngine {
    private static final long serialVersionUID = 1L;
    private final String hash;

    Engine(String hash) {
      this.hash = hash;
    }

    @Override
    public Map<String, Double> extract(Image3D image, Image3D mask) {
      double sum = 0;
      double max = Double.NEGATIVE_INFINITY;
      int n = 0;
      for (int i = 0; i < image.size(); i++) {
        if (mask.voxels()[i] == 1) {
          sum += image.voxels()[i];
          max = Math.max(max, image.voxels()[i]);
          n++;
        }
      }
      Map<String, Double> f = new LinkedHashMap<>();
      f.put("original_firstorder_Mean", sum / n);
      f.put("original_shape_VoxelVolume", n * image.voxelVolume());
      f.put("original_firstorder_Maximum", max);
      return f;
    }

    @Override
    public List<String> featureNames() {
      return List.of("original_firstorder_Mean", "original_shape_VoxelVolume",
          "original_firstorder_Maximum");
    }

    @Override
    public String settingsHash() {
      return hash;
    }

    @Override
    public int defaultLabel() {
      return 1;
    }
  }

  /** A 6x5x4 image (values 10 + index + seed) with a 2x2x2 ROI of {@code label}. */
  static Image3D[] pair(int seed, int label) {
    int nx = 6;
    int ny = 5;
    int nz = 4;
    double[] img = new double[nx * ny * nz];
    double[] msk = new double[img.length];
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          int i = x + nx * (y + ny * z);
          img[i] = 10 + i + seed;
          if (x >= 2 && x < 4 && y >= 1 && y < 3 && z >= 1 && z < 3) {
            msk[i] = label;
          }
        }
      }
    }
    double[] sp = {0.7, 0.7, 4.0};
    return new Image3D[] {
        new Image3D(nx, ny, nz, img, sp, new double[3], Image3D.identity(), "img"),
        new Image3D(nx, ny, nz, msk, sp, new double[3], Image3D.identity(), "mask")};
  }
}
