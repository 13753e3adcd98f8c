package org.deltarad.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deltarad.features.RadiomicsExtractor;
import org.deltarad.features.RadiomicsSettings;
import org.deltarad.image.Image3D;
import org.deltarad.image.ImageBytes;
import org.deltarad.image.ImageReaders;
import org.deltarad.image.ReadBuffers;
import org.deltarad.image.VolumeShape;

/**
 * The production engine: PyRadiomics-equivalent features from a PyRadiomics YAML parameter file
 * ({@code conf/paper-t2w.yaml}). Ships the YAML text to executors and parses it there once per
 * JVM task deserialisation (the extractor is immutable and thread-safe).
 */
public final class RadiomicsEngine implements FeatureEngine {
  private static final long serialVersionUID = 1L;
  /** The production reader: NIfTI and NRRD by extension, through Hadoop FileSystem. */
  public static final VolumeReader READER = new ImageFileReader();

  /** {@link ImageReaders}: hashes cover both files of .hdr/.img pairs and detached NRRD. */
  private static final class ImageFileReader implements VolumeReader {
    private static final long serialVersionUID = 1L;

    @Override
    public Image3D read(String uri, Configuration conf) throws IOException {
      return ImageReaders.read(uri, conf);
    }

    @Override
    public String sha256(String uri, Configuration conf) throws IOException {
      return ImageReaders.sha256(uri, conf);
    }

    /** One read of the files: hash from the bytes, decoding from memory. */
    @Override
    public Loaded load(String uri, Configuration conf) throws IOException {
      return load(uri, conf, Long.MAX_VALUE);
    }

    @Override
    public Loaded load(String uri, Configuration conf, long maxStoredBytes) throws IOException {
      return load(uri, conf, maxStoredBytes, null);
    }

    @Override
    public Loaded load(String uri, Configuration conf, long maxStoredBytes, ReadBuffers buffers)
        throws IOException {
      ImageBytes bytes = ImageBytes.load(uri, conf, maxStoredBytes, buffers);
      return new Loaded() {
        @Override
        public VolumeShape shape() throws IOException {
          return bytes.shape();
        }

        @Override
        public long storedBytes() {
          return bytes.size();
        }

        @Override
        public String sha256() {
          return bytes.sha256();
        }

        @Override
        public Image3D decode() throws IOException {
          return bytes.decode();
        }
      };
    }
  }

  private final String yaml;
  private final String source;
  private final String hash;
  private final int label;
  private final List<String> names;
  private transient RadiomicsExtractor extractor;

  private RadiomicsEngine(String yaml, String source) {
    this.yaml = yaml;
    this.source = source;
    RadiomicsSettings settings = RadiomicsSettings.fromYaml(yaml, source);
    this.hash = settings.settingsHash();
    this.label = settings.label();
    this.names = List.copyOf(new RadiomicsExtractor(settings).featureNames());
  }

  /** Reads a parameter file (local path or Hadoop URI); invalid settings fail here, once. */
  public static RadiomicsEngine fromFile(String uri, Configuration conf) throws IOException {
    Path p = new Path(uri);
    String text;
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      throw new IOException("parameter file " + uri + " does not exist", e);
    }
    return new RadiomicsEngine(text, uri);
  }

  private RadiomicsExtractor extractor() {
    if (extractor == null) {
      extractor = new RadiomicsExtractor(RadiomicsSettings.fromYaml(yaml, source));
    }
    return extractor;
  }

  @Override
  public Map<String, Double> extract(Image3D image, Image3D mask) {
    return extractor().extract(image, mask);
  }

  @Override
  public Map<String, Double> extract(Image3D image, Image3D mask, long memoryBudget) {
    return extractor().extract(image, mask, memoryBudget);
  }

  @Override
  public List<String> featureNames() {
    return names;
  }

  @Override
  public String settingsHash() {
    return hash;
  }

  @Override
  public int defaultLabel() {
    return label;
  }

  public String source() {
    return source;
  }
}
